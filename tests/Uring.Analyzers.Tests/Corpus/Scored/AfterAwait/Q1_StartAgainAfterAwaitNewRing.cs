using System;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class PerPhase
{
    public async Task RunAsync(int fd, Func<Task> between)
    {
        var first = new Ring();
        first.Start();
        first.TryPrepareFsync(SqeContext.FromValue(1), fd);
        first.Submit();
        first.Dispose();
        await between();
        using var second = new Ring();
        second.Start();
        second.TryPrepareFsync(SqeContext.FromValue(2), fd);
        second.Submit();
    }
}
