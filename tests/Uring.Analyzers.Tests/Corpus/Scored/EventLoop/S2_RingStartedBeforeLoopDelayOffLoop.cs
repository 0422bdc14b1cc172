using System;
using System.IO;
using System.Threading.Tasks;
using Uring;

public sealed class Delayed
{
    public async Task RunAsync(EventLoop loop, Stream log, int fd)
    {
        await log.FlushAsync().ConfigureAwait(false);
        using var ring = new Ring();
        ring.Start();
        ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
        await loop.DelayAsync(TimeSpan.FromMilliseconds(5));
        ring.Submit(); // expect URING0010
    }
}
