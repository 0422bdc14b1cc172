using System;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class Periodic
{
    public async Task RunAsync(int fd, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), token).ConfigureAwait(false);
            using var ring = new Ring(new RingOptions { NotifySucceed = true });
            ring.Start();
            ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
            CqeView[] done = new CqeView[1];
            ring.Wait(done, 1, Timeout.InfiniteTimeSpan);
        }
    }
}
