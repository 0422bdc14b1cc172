using System;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class Steps
{
    private static void SyncNow(int fd)
    {
        using var ring = new Ring();
        ring.Start();
        ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
        ring.Submit();
    }

    public async Task RunAsync(int fd, CancellationToken token)
    {
        await Task.Delay(10, token);
        SyncNow(fd);
        await Task.Yield();
        SyncNow(fd);
    }
}
