using System;
using System.Threading;
using Uring;

public static class Durable
{
    public static int Write(int fd, byte[] pinned)
    {
        using var ring = new Ring(new RingOptions { NotifySucceed = false });
        ring.Start();
        var cqes = new CqeView[4];
        ring.TryPrepareWrite(SqeContext.FromValue(1), fd, pinned.AsSpan(), 0, options: OpOptions.Linked);
        ring.TryPrepareFsync(SqeContext.FromValue(2), fd);
        ring.Wait(cqes, 1, Timeout.InfiniteTimeSpan);
        return cqes[0].Result;
    }
}
