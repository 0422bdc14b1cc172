using System;
using System.Buffers;
using System.Threading;
using Uring;

public sealed class SafeUploader
{
    private readonly Ring _ring;
    private readonly CqeView[] _cqes = new CqeView[4];

    public SafeUploader(Ring ring) => _ring = ring;

    public int Upload(int socket, ReadOnlySpan<byte> payload)
    {
        using IMemoryOwner<byte> owner = MemoryPool<byte>.Shared.Rent(payload.Length);
        payload.CopyTo(owner.Memory.Span);
        _ring.TryPrepareSend(SqeContext.FromValue(3), socket, owner.Memory[..payload.Length]);
        _ring.Submit();
        _ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
        return _cqes[0].Result;
    }
}
