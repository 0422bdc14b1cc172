using System;
using Uring;

public sealed class Flusher
{
    private readonly Ring _ring = new();

    public void Flush(EventLoop loop, int fd)
    {
        loop.Post(() =>
        {
            _ring.Start();
            _ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
        });
        _ring.Submit(); // expect URING0009
    }
}
