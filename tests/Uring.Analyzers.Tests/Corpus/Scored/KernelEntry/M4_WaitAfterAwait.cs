using System;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class Settle
{
    public async Task<int> SettleAsync(int fd, Func<Task> beforeWait)
    {
        using var ring = new Ring();
        ring.Start();
        ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
        ring.Submit();
        await beforeWait();
        var cqes = new CqeView[1];
        return ring.Wait(cqes, 1, Timeout.InfiniteTimeSpan); // expect URING0010
    }
}
