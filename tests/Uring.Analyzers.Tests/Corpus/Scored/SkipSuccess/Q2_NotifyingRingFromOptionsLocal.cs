using System;
using System.Threading;
using Uring;

public static class Acked
{
    public static void Write(int fd, byte[] pinned)
    {
        var options = new RingOptions { Entries = 8, NotifySucceed = true };
        using var ring = new Ring(options);
        ring.Start();
        var cqes = new CqeView[1];
        ring.TryPrepareWrite(SqeContext.FromValue(1), fd, pinned.AsSpan(), 0);
        ring.Wait(cqes, 1, Timeout.InfiniteTimeSpan);
    }
}
