using System;
using System.Buffers;
using System.Threading;
using Uring;

public sealed class Whole
{
    private readonly CqeView[] _cqes = new CqeView[1];

    public int Run(Ring ring, int fd)
    {
        using (IMemoryOwner<byte> owner = MemoryPool<byte>.Shared.Rent(1024))
        {
            ring.TryPrepareRead(SqeContext.FromValue(1), fd, owner.Memory, 0);
            ring.Submit();
            ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
            return _cqes[0].Result;
        }
    }
}
