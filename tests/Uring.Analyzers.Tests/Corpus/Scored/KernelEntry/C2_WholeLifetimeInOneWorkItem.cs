using System;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class Job
{
    public Task<int> RunAsync(int fd)
        => Task.Run(() =>
        {
            var ring = new Ring();
            try
            {
                ring.Start();
                ring.RegisterBuffers(1, 4096);
                var cqes = new CqeView[1];
                ring.TryPrepareReadFixed(SqeContext.FromValue(1), fd, 0, 0, 4096, 0);
                ring.Wait(cqes, 1, Timeout.InfiniteTimeSpan);
                return cqes[0].Result;
            }
            finally
            {
                ring.Stop();
            }
        });
}
