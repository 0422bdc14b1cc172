using System;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class Handoff
{
    public Task SubmitOnLoop(EventLoop loop, int fd)
    {
        var ring = new Ring();
        ring.Start();
        ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
        return Task.Factory.StartNew(() => ring.Submit(), CancellationToken.None, TaskCreationOptions.None, loop.Scheduler); // expect URING0009
    }
}
