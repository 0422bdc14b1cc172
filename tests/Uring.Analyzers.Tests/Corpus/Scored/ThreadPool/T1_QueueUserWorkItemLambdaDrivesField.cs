using System;
using System.Threading;
using Uring;

public sealed class Background
{
    private readonly Ring _ring;

    public Background()
    {
        _ring = new Ring();
        _ring.Start();
    }

    public void KickLater(int fd)
    {
        ThreadPool.QueueUserWorkItem(_ =>
        {
            _ring.TryPrepareFsync(SqeContext.FromValue(9), fd); // expect URING0009
            _ring.Submit(); // expect URING0009
        });
    }
}
