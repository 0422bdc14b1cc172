using System;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class Offloaded
{
    public async Task<int> SyncAsync(int fd)
    {
        await Task.Yield();
        return await Task.Run(() =>
        {
            using var ring = new Ring();
            ring.Start();
            var cqes = new CqeView[1];
            ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
            ring.Wait(cqes, 1, Timeout.InfiniteTimeSpan);
            return cqes[0].Result;
        });
    }
}
