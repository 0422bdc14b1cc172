using System;
using Uring;

public sealed class Worker
{
    private Ring? _ring;

    public void Schedule(EventLoop loop, int fd)
    {
        loop.Post(static state => ((Worker)state!).Arm(), this);
    }

    private void Arm()
    {
        _ring ??= CreateRing();
        _ring.TryPrepareNop(SqeContext.FromValue(1));
        _ring.Submit();
    }

    private static Ring CreateRing()
    {
        var ring = new Ring();
        ring.Start();
        return ring;
    }
}
