using System;
using Uring;

public sealed class LoopOwned
{
    public void Begin(EventLoop loop, int fd)
    {
        var ring = new Ring();
        loop.Post(() => ring.Start());
        ring.TryPrepareFsync(SqeContext.FromValue(1), fd); // expect URING0009
        ring.Submit(); // expect URING0009
    }
}
