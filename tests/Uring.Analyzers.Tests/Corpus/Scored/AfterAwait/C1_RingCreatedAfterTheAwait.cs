using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class LateRing
{
    public async Task<int> RunAsync(string path, int fd)
    {
        string text = await File.ReadAllTextAsync(path);
        using var ring = new Ring();
        ring.Start();
        var cqes = new CqeView[1];
        ring.TryPrepareFsync(SqeContext.FromValue((ulong)text.Length), fd);
        ring.Submit();
        ring.Wait(cqes, 1, Timeout.InfiniteTimeSpan);
        return cqes[0].Result;
    }
}
