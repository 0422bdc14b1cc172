using System;
using System.Threading;
using Uring;

public sealed class PingPongWriter : IDisposable
{
    private readonly Ring _ring = new(new RingOptions { NotifySucceed = true, Entries = 8 });
    private readonly byte[][] _buffers = { GC.AllocateArray<byte>(4096, pinned: true), GC.AllocateArray<byte>(4096, pinned: true) };
    private readonly CqeView[] _cqes = new CqeView[4];
    private int _index;
    private bool _inFlight;

    public PingPongWriter() => _ring.Start();

    public void Write(int fd, ReadOnlySpan<byte> chunk)
    {
        byte[] next = _buffers[_index];
        chunk.CopyTo(next);
        if (_inFlight)
        {
            _ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
            _inFlight = false;
        }

        if (_ring.TryPrepareWrite(SqeContext.FromValue(1), fd, next.AsSpan(0, chunk.Length), -1))
        {
            _ring.Submit();
            _inFlight = true;
            _index ^= 1;
        }
    }

    public void Dispose()
    {
        if (_inFlight)
        {
            _ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
        }

        _ring.Dispose();
    }
}
