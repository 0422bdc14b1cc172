using System;
using System.Threading;
using Uring;

public sealed class OnLoop
{
    public void SyncFile(EventLoop loop, int fd)
    {
        loop.Post(() =>
        {
            using var ring = new Ring(new RingOptions { NotifySucceed = true });
            ring.Start();
            ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
            Span<CqeView> done = stackalloc CqeView[1];
            ring.Wait(done, 1, Timeout.InfiniteTimeSpan);
        });
    }
}
