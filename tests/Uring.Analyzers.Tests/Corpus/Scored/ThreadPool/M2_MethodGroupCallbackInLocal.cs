using System;
using System.Threading;
using Uring;

public sealed class Deferred
{
    private static void Flush(object? state)
    {
        var ring = (Ring)state!;
        ring.Submit(); // expect URING0009
    }

    public void Schedule(int fd)
    {
        var ring = new Ring();
        ring.Start();
        ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
        WaitCallback callback = Flush; // expect URING0009
        ThreadPool.QueueUserWorkItem(callback, ring); // expect URING0009
    }
}
