using System;
using System.Buffers;
using System.Threading;
using Uring;

public sealed class RentedSegment : IDisposable
{
    private readonly IMemoryOwner<byte> _owner;

    public RentedSegment(int size) => _owner = MemoryPool<byte>.Shared.Rent(size);

    public Memory<byte> Buffer => _owner.Memory;

    public void Dispose() => _owner.Dispose();
}

public sealed class Uploader
{
    private readonly Ring _ring;
    private readonly CqeView[] _cqes = new CqeView[4];

    public Uploader(Ring ring) => _ring = ring;

    public int Upload(int socket, ReadOnlySpan<byte> payload)
    {
        using (var segment = new RentedSegment(payload.Length)) // expect URING0002
        {
            payload.CopyTo(segment.Buffer.Span);
            _ring.TryPrepareSend(SqeContext.FromValue(3), socket, segment.Buffer[..payload.Length]);
            _ring.Submit();
        } // expect URING0002

        _ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
        return _cqes[0].Result;
    }
}
