using System;
using System.Buffers;
using System.Threading;
using Uring;

public sealed class CancellableRead
{
    private readonly Ring _ring;
    private readonly CqeView[] _cqes = new CqeView[1];

    public CancellableRead(Ring ring) => _ring = ring;

    public int Read(int fd, int size, CancellationToken token)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(size);
        _ring.TryPrepareRead(SqeContext.FromValue(1), fd, buffer.AsMemory(0, size), 0);
        _ring.Submit();
        using CancellationTokenRegistration registration = token.Register(() => ArrayPool<byte>.Shared.Return(buffer)); // expect URING0002
        _ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
        return _cqes[0].Result;
    }
}
