using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public static class Compactor
{
    private static Ring? s_ring;

    private static Ring Ring
    {
        get
        {
            if (s_ring is null)
            {
                s_ring = new Ring(new RingOptions { Entries = 32 }); // allow URING0011
                s_ring.Start();
            }

            return s_ring;
        }
    }

    public static Task CompactAsync(IEnumerable<int> files, CancellationToken token)
        => Parallel.ForEachAsync(files, token, (fd, _) =>
        {
            Ring.TryPrepareFsync(SqeContext.FromValue((ulong)fd), fd); // expect URING0009
            Ring.Submit(); // expect URING0009
            return ValueTask.CompletedTask;
        });
}
