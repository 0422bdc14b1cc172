using System;
using System.Threading;
using Uring;

public static class Monitor
{
    public static void Run(int fd)
    {
        using var ring = new Ring(new RingOptions { Entries = 128 });
        ring.Start();
        using var report = new Timer(_ => Console.WriteLine($"cq={ring.Features.CqEntries} stopped={ring.IsStopped} options={ring.Options.Entries}"), null, 0, 1000);
        var cqes = new CqeView[16];
        for (int i = 0; i < 100; i++)
        {
            ring.TryPrepareFsync(SqeContext.FromValue((ulong)i), fd);
            ring.Wait(cqes, 1, Timeout.InfiniteTimeSpan);
        }
    }
}
