using System;
using Uring;

public sealed class Beacon
{
    private readonly byte[] _scratch = GC.AllocateArray<byte>(128, pinned: true);

    public void Send(Ring ring, int socket, int sequence)
    {
        BitConverter.TryWriteBytes(_scratch, sequence);
        ring.TryPrepareSend(SqeContext.FromValue((ulong)sequence), socket, _scratch.AsSpan(0, 4));
        ring.Submit();
        Array.Clear(_scratch); // expect URING0003
    }
}
