using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Uring;

public sealed class Importer
{
    public async Task ImportAsync(IAsyncEnumerable<int[]> batches, byte[] pinned)
    {
        using var ring = new Ring(new RingOptions { Entries = 256 });
        ring.Start();
        await foreach (int[] batch in batches)
        {
            foreach (int fd in batch)
            {
                ring.TryPrepareWrite(SqeContext.FromValue((ulong)fd), fd, pinned.AsSpan(), 0); // expect URING0010
            }

            ring.Submit(); // expect URING0010
        }
    }
}
