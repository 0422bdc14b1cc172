using System;
using System.Buffers;
using System.Threading;
using Uring;

public sealed class Fetch
{
    private readonly CqeView[] _cqes = new CqeView[1];

    public int FetchHeader(Ring ring, int fd)
    {
        IMemoryOwner<byte> lease = MemoryPool<byte>.Shared.Rent(256);
        ring.TryPrepareRead(SqeContext.FromValue(3), fd, lease.Memory.Span[..256], 0); // allow URING0001 (MemoryPool memory is an unpinned array)
        ring.Submit();
        lease.Dispose(); // expect URING0002
        ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
        return _cqes[0].Result;
    }
}
