using System;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class OneShot
{
    public Task RunAsync(int fd)
        => Task.Run(() =>
        {
            using var ring = new Ring(new RingOptions { Entries = 8 });
            ring.Start();
            var cqes = new CqeView[1];
            ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
            ring.Wait(cqes, 1, Timeout.InfiniteTimeSpan);
        });

    public void Queue(int fd)
        => ThreadPool.QueueUserWorkItem(static f =>
        {
            using var ring = new Ring();
            ring.Start();
            ring.TryPrepareFsync(SqeContext.FromValue(1), f);
            ring.Submit();
        }, fd, preferLocal: true);
}
