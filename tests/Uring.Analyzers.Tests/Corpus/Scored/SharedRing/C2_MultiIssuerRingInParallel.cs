using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Uring;

public static class Syncer
{
    private static readonly Ring s_ring = Create();

    private static Ring Create()
    {
        var ring = new Ring(new RingOptions { MultiIssuers = true, Entries = 256 });
        ring.Start();
        return ring;
    }

    public static void SyncAll(IReadOnlyList<int> files)
    {
        Parallel.For(0, files.Count, i =>
        {
            s_ring.TryPrepareFsync(SqeContext.FromValue((ulong)i), files[i]);
            s_ring.Submit();
        });
    }
}
