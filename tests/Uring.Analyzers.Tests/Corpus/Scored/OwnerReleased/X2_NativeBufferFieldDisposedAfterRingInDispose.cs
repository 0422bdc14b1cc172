using System;
using System.Threading;
using Uring;

public sealed class TailFollower : IDisposable
{
    private readonly Ring _ring;
    private readonly NativeBuffer _buffer = new(16 * 1024);
    private readonly CqeView[] _cqes = new CqeView[8];
    private long _offset;

    public TailFollower()
    {
        _ring = new Ring(new RingOptions { Entries = 32 });
        _ring.Start();
    }

    public int Poll(int fd)
    {
        if (!_ring.TryPrepareRead(SqeContext.FromValue(7), fd, _buffer.Span, _offset))
        {
            return 0;
        }

        int n = _ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
        int total = 0;
        for (int i = 0; i < n; i++)
        {
            if (_cqes[i].Context.Value == 7 && _cqes[i].Result > 0)
            {
                _offset += _cqes[i].Result;
                total += _cqes[i].Result;
            }
        }

        return total;
    }

    public void Dispose()
    {
        _ring.Dispose();
        _buffer.Dispose();
    }
}
