using System;
using System.Threading;
using Uring;

public sealed class Handover
{
    public void Run(int fd)
    {
        var ring = new Ring();
        ring.Start();
        var worker = new Thread(() =>
        {
            ring.TryPrepareFsync(SqeContext.FromValue(1), fd); // expect URING0009
            ring.Submit(); // expect URING0009
        });
        worker.Start();
        worker.Join();
    }
}
