using System;
using System.Buffers;
using System.Threading;
using Uring;

public sealed class Guarded
{
    private readonly CqeView[] _cqes = new CqeView[1];

    public int Read(Ring ring, int fd)
    {
        byte[] pooled = ArrayPool<byte>.Shared.Rent(1024);
        ring.TryPrepareRead(SqeContext.FromValue(1), fd, pooled.AsMemory(0, 1024), 0);
        try
        {
            ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            ArrayPool<byte>.Shared.Return(pooled); // expect URING0002
            throw;
        }

        ArrayPool<byte>.Shared.Return(pooled);
        return _cqes[0].Result;
    }
}
