using System;
using System.Threading;
using Uring;

public sealed class InlineFlush
{
    private static void Flush(object? state) => ((Ring)state!).Submit();

    public void Run(int fd)
    {
        using var ring = new Ring();
        ring.Start();
        ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
        WaitCallback callback = Flush;
        callback(ring);
    }
}
