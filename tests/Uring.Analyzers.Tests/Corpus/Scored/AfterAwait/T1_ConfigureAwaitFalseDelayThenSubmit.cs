using System;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class Batcher
{
    public async Task FlushEveryAsync(int fd, byte[] pinned, CancellationToken token)
    {
        using var ring = new Ring(new RingOptions { Entries = 32 });
        ring.Start();
        while (!token.IsCancellationRequested)
        {
            ring.TryPrepareWrite(SqeContext.FromValue(1), fd, pinned.AsMemory(), -1); // expect URING0010
            await Task.Delay(TimeSpan.FromMilliseconds(50), token).ConfigureAwait(false);
            ring.Submit(); // expect URING0010
        }
    }
}
