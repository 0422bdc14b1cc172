using System;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class Ticker
{
    public Task RunAsync(EventLoop loop, int fd, CancellationToken token)
        => loop.RunAsync(async () =>
        {
            using var ring = new Ring();
            ring.Start();
            while (!token.IsCancellationRequested)
            {
                await loop.DelayAsync(TimeSpan.FromMilliseconds(100), token);
                ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
                await Task.Yield();
                ring.Submit();
            }
        });
}
