using System;
using System.Threading;
using Uring;

public sealed class Joined
{
    public void Run(int fd)
    {
        Ring? ring = null;
        var worker = new Thread(() =>
        {
            ring = new Ring();
            ring.Start();
            var cqes = new CqeView[1];
            ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
            ring.Wait(cqes, 1, Timeout.InfiniteTimeSpan);
        });
        worker.Start();
        worker.Join();
        ring?.Stop();
    }
}
