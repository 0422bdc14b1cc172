using System;
using Uring;

public sealed class Pinger
{
    public void Ping(Ring ring, int socket, int size)
    {
        ring.TryPrepareSend(SqeContext.FromValue(1), socket, "PING\r\n"u8);
        byte[] pinned = GC.AllocateArray<byte>(size, pinned: true);
        Span<byte> view = pinned;
        ring.TryPrepareRecv(SqeContext.FromValue(2), socket, view);
        ring.Submit();
    }
}
