using System;
using System.Threading;
using Uring;

public static class Program
{
    public static void Main()
    {
        var ring = new Ring(new RingOptions { Entries = 16 });
        ring.Start();
        using var watchdog = new Timer(_ => ring.Stop(), null, TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan); // expect URING0009
        var cqes = new CqeView[16];
        while (!ring.IsStopped)
        {
            ring.TryPrepareNop(SqeContext.FromValue(1));
            ring.Wait(cqes, 1, TimeSpan.FromSeconds(1));
        }
    }
}
