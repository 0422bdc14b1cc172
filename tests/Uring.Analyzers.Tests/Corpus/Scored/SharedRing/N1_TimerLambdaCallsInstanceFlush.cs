using System;
using System.Threading;
using Uring;

public sealed class BatchingWriter : IDisposable
{
    private readonly Ring _ring = new(new RingOptions { Entries = 64 });
    private readonly Timer _flushTimer;
    private readonly int _fd;

    public BatchingWriter(int fd)
    {
        _fd = fd;
        _ring.Start();
        _flushTimer = new Timer(_ => FlushNow(), null, 100, 100); // expect URING0009
    }

    private void FlushNow()
    {
        _ring.TryPrepareFsync(SqeContext.FromValue(9), _fd, dataSync: true);
        _ring.Submit();
    }

    public void Dispose()
    {
        _flushTimer.Dispose();
        _ring.Dispose();
    }
}
