using System;
using System.Threading;
using Uring;

public sealed class Flusher
{
    public void Run(int fd)
    {
        var ring = new Ring();
        ring.Start();

        void Flush()
        {
            ring.TryPrepareFsync(SqeContext.FromValue(1), fd); // expect URING0009
            ring.Submit(); // expect URING0009
        }

        ThreadPool.QueueUserWorkItem(_ => Flush()); // expect URING0009
    }
}
