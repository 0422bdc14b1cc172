using System;
using System.IO;
using System.Threading.Tasks;
using Uring;

public sealed class Ticker
{
    public Task TickAsync(EventLoop loop, Stream log, int fd)
        => loop.RunAsync(async () =>
        {
            using var ring = new Ring();
            ring.Start();
            for (int i = 0; i < 10; i++)
            {
                await log.FlushAsync().ConfigureAwait(true);
                await loop.DelayAsync(TimeSpan.FromMilliseconds(100));
                ring.TryPrepareNop(SqeContext.FromValue((ulong)i));
                ring.Submit();
            }
        });
}
