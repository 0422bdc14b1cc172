using System;
using Uring;

public sealed class TwoBuffers
{
    private readonly byte[] _sending = GC.AllocateArray<byte>(1024, pinned: true);
    private readonly byte[] _staging = GC.AllocateArray<byte>(1024, pinned: true);

    public void Send(Ring ring, int socket, byte[] next)
    {
        ring.TryPrepareSend(SqeContext.FromValue(1), socket, _sending.AsSpan());
        ring.Submit();
        Buffer.BlockCopy(next, 0, _staging, 0, Math.Min(next.Length, _staging.Length));
        Buffer.BlockCopy(_sending, 0, next, 0, Math.Min(next.Length, _sending.Length));
    }
}
