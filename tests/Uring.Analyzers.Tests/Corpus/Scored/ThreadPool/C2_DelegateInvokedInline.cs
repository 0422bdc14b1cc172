using System;
using System.Threading;
using Uring;

public sealed class Inline
{
    public void Run(int fd)
    {
        using var ring = new Ring();
        ring.Start();
        WaitCallback flush = _ => ring.Submit();
        Action<int> queue = f => ring.TryPrepareFsync(SqeContext.FromValue((ulong)f), f);
        queue(fd);
        flush(null);
    }
}
