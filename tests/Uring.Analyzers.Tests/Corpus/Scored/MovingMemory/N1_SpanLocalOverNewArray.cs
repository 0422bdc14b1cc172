using System;
using Uring;

public sealed class Sniffer
{
    public void Listen(Ring ring, int socket)
    {
        byte[] frame = new byte[1500];
        Span<byte> header = frame.AsSpan(0, 16);
        ring.TryPrepareRecv(SqeContext.FromValue(1), socket, header); // expect URING0001
        ring.Submit();
    }
}
