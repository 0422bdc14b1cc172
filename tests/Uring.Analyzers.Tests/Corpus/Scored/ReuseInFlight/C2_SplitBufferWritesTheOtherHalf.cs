using System;
using Uring;

public sealed class HalfDuplex
{
    private readonly Ring _ring;
    private readonly byte[] _page = GC.AllocateArray<byte>(4096, pinned: true);

    public HalfDuplex(Ring ring) => _ring = ring;

    public void Pump(int socket, ReadOnlySpan<byte> reply)
    {
        _ring.TryPrepareRecv(SqeContext.FromValue(1), socket, _page.AsSpan(0, 2048));
        reply.CopyTo(_page.AsSpan(2048));
        _ring.TryPrepareSend(SqeContext.FromValue(2), socket, _page.AsSpan(2048, reply.Length));
        _ring.Submit();
    }
}
