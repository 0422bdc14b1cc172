using System;
using System.Threading;
using Uring;

public sealed class SharedFlusher : IDisposable
{
    private readonly Ring _ring = new(new RingOptions { MultiIssuers = true });
    private readonly Timer _timer;
    private readonly int _fd;

    public SharedFlusher(int fd)
    {
        _fd = fd;
        _ring.Start();
        _timer = new Timer(OnTick, null, 1000, 1000);
    }

    private void OnTick(object? state)
    {
        _ring.TryPrepareFsync(SqeContext.FromValue(1), _fd);
        _ring.Submit();
    }

    public void Dispose()
    {
        _timer.Dispose();
        _ring.Dispose();
    }
}
