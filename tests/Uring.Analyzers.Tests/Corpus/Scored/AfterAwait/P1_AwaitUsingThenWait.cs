using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class Exporter
{
    private readonly CqeView[] _cqes = new CqeView[1];

    public async Task<int> ExportAsync(string path, int fd)
    {
        using var ring = new Ring();
        ring.Start();
        ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
        ring.Submit();
        await using (var log = new StreamWriter(path))
        {
            await log.WriteLineAsync("exported");
        }

        return ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan); // expect URING0010
    }
}
