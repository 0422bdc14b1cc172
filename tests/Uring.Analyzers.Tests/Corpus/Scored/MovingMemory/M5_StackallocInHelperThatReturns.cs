using System;
using Uring;

public static class Pinger
{
    public static void QueuePing(Ring ring, int socket, uint sequence)
    {
        Span<byte> packet = stackalloc byte[8];
        BitConverter.TryWriteBytes(packet, 0xC0FFEEu);
        BitConverter.TryWriteBytes(packet[4..], sequence);
        ring.TryPrepareSend(SqeContext.FromValue(sequence), socket, packet); // expect URING0001
    }
}
