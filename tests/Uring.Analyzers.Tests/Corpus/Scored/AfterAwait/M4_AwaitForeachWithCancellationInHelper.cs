using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class Closer
{
    private static void Close(Ring ring, int fd)
    {
        ring.TryPrepareClose(SqeContext.FromValue((ulong)fd), fd);
        ring.Submit();
    }

    public async Task CloseAllAsync(IAsyncEnumerable<int> descriptors, CancellationToken token)
    {
        using var ring = new Ring(new RingOptions { Entries = 64 });
        ring.Start();
        await foreach (int fd in descriptors.WithCancellation(token))
        {
            Close(ring, fd); // expect URING0010
        }
    }
}
