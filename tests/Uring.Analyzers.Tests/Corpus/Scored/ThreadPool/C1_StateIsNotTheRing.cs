using System;
using System.Collections.Concurrent;
using System.Threading;
using Uring;

public sealed class Collector
{
    private readonly ConcurrentQueue<string> _lines = new();

    public void Run(Ring ring, int fd)
    {
        ThreadPool.QueueUserWorkItem(static q => q.Enqueue(DateTime.UtcNow.ToString("O")), _lines, preferLocal: false);
        ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
        ring.Submit();
    }
}
