using System;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class SplitReaper
{
    private readonly Ring _ring = new();

    public Task Start(int fd)
    {
        _ring.Start();
        _ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
        _ring.Submit();
        return Task.Run(() =>
        {
            var cqes = new CqeView[8];
            _ring.Wait(cqes, 1, Timeout.InfiniteTimeSpan); // expect URING0009
        });
    }
}
