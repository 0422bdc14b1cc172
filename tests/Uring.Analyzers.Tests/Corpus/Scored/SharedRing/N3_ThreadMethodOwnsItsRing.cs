using System;
using System.Threading;
using Uring;

public sealed class Background
{
    private readonly int _fd;

    public Background(int fd) => _fd = fd;

    public void Launch() => new Thread(Run) { IsBackground = true }.Start();

    private void Run()
    {
        using var ring = new Ring();
        ring.Start();
        var cqes = new CqeView[1];
        while (true)
        {
            ring.TryPrepareFsync(SqeContext.FromValue(1), _fd);
            ring.Wait(cqes, 1, Timeout.InfiniteTimeSpan);
            Thread.Sleep(1000);
        }
    }
}
