using System;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public static class Service
{
    public static Task StartAsync(int fd, CancellationToken token)
        => Task.Run(() =>
        {
            using var ring = new Ring(new RingOptions { NotifySucceed = true });
            ring.Start();
            Span<CqeView> done = stackalloc CqeView[1];
            while (!token.IsCancellationRequested)
            {
                ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
                ring.Wait(done, 1, TimeSpan.FromSeconds(1));
            }
        }, token);
}
