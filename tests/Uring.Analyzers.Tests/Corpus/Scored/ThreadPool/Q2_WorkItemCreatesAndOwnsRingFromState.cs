using System;
using System.Threading;
using Uring;

public sealed record Job(int Fd, int Entries);

public sealed class Jobs
{
    public void Queue(Job job)
        => ThreadPool.QueueUserWorkItem(static j =>
        {
            using var ring = new Ring(new RingOptions { Entries = j.Entries });
            ring.Start();
            ring.TryPrepareFsync(SqeContext.FromValue(1), j.Fd);
            ring.Submit();
        }, job, preferLocal: false);
}
