using System;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class Pinger
{
    public Task<int> StartAsync(int count, CancellationToken cancellationToken)
    {
        return Task.Factory.StartNew(() => Loop(count, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private static int Loop(int count, CancellationToken cancellationToken)
    {
        using Ring ring = new(new RingOptions { Entries = 16 });
        ring.Start();
        Span<CqeView> done = stackalloc CqeView[4];
        int completed = 0;
        for (int i = 0; i < count && !cancellationToken.IsCancellationRequested; i++)
        {
            ring.TryPrepareNop(SqeContext.FromValue((ulong)i));
            completed += ring.Wait(done, 1, TimeSpan.FromSeconds(1));
        }

        return completed;
    }
}
