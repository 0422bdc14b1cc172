using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public static class Fanout
{
    public static void SyncAll(IReadOnlyList<int> files)
    {
        Parallel.For(0, files.Count, i =>
        {
            using var ring = new Ring(new RingOptions { Entries = 4 });
            ring.Start();
            var cqes = new CqeView[1];
            ring.TryPrepareFsync(SqeContext.FromValue((ulong)i), files[i]);
            ring.Wait(cqes, 1, Timeout.InfiniteTimeSpan);
        });
    }
}
