using System;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class Reporter
{
    private static void Describe(Ring ring) => Console.WriteLine($"{ring.Features.SqEntries} entries");

    private static int SyncOnce(int fd)
    {
        using var own = new Ring();
        own.Start();
        var cqes = new CqeView[1];
        own.TryPrepareFsync(SqeContext.FromValue(1), fd);
        return own.Wait(cqes, 1, Timeout.InfiniteTimeSpan);
    }

    public async Task ReportAsync(int fd)
    {
        using var ring = new Ring();
        ring.Start();
        ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
        ring.Submit();
        await Task.Delay(10);
        Describe(ring);
        SyncOnce(fd);
    }
}
