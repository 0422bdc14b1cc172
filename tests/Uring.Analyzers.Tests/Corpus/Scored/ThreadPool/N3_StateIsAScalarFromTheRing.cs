using System;
using System.Threading;
using Uring;

public sealed class Announce
{
    public void Run(int fd)
    {
        using var ring = new Ring();
        ring.Start();
        ThreadPool.QueueUserWorkItem(static entries => Console.WriteLine($"ring with {entries} entries"), ring.Features.SqEntries, preferLocal: false);
        ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
        ring.Submit();
    }
}
