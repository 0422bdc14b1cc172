using System;
using System.Threading;
using Uring;

public sealed class Signaled
{
    private readonly Ring _ring = new();
    private readonly AutoResetEvent _ready = new(false);

    public void Wire(int fd)
    {
        _ring.Start();
        ThreadPool.RegisterWaitForSingleObject(_ready, (_, _) =>
        {
            _ring.TryPrepareFsync(SqeContext.FromValue(5), fd); // expect URING0009
            _ring.Submit(); // expect URING0009
        }, null, Timeout.Infinite, executeOnlyOnce: false);
    }
}
