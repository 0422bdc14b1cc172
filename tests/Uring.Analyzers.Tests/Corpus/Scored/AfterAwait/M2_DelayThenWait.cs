using System;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class Poller
{
    public async Task<int> PollAsync(int fd, CancellationToken token)
    {
        var ring = new Ring();
        ring.Start();
        var cqes = new CqeView[8];
        ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
        ring.Submit();
        await Task.Delay(TimeSpan.FromMilliseconds(50), token);
        int n = ring.Wait(cqes, 1, TimeSpan.Zero); // expect URING0010
        ring.Dispose(); // expect URING0010
        return n;
    }
}
