using System;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class SlowPoller
{
    public async Task PollAsync(int fd, CancellationToken token)
    {
        using var ring = new Ring();
        ring.Start();
        var cqes = new CqeView[8];
        ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
        ring.Submit();
        while (!token.IsCancellationRequested)
        {
            if (ring.Reap(cqes) > 0) // expect URING0010
            {
                return;
            }

            await Task.Delay(5, token);
        }
    }
}
