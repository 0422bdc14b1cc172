using System;
using System.Threading;
using Uring;

public sealed class DedicatedThread
{
    public Thread Launch(int fd)
    {
        var ring = new Ring(new RingOptions { Entries = 64 });
        var thread = new Thread(() =>
        {
            ring.Start();
            var cqes = new CqeView[4];
            ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
            ring.Wait(cqes, 1, Timeout.InfiniteTimeSpan);
            ring.Dispose();
        });
        thread.Start();
        return thread;
    }
}
