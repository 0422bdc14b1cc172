using System;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public static class Twins
{
    private static void SyncOne(int fd)
    {
        using var ring = new Ring();
        ring.Start();
        var cqes = new CqeView[1];
        ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
        ring.Wait(cqes, 1, Timeout.InfiniteTimeSpan);
    }

    public static void SyncBoth(int a, int b) => Parallel.Invoke(() => SyncOne(a), () => SyncOne(b));
}
