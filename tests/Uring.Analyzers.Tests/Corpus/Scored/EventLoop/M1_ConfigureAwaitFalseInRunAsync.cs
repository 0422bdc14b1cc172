using System;
using System.IO;
using System.Threading.Tasks;
using Uring;

public sealed class Snapshotter
{
    public Task SnapshotAsync(EventLoop loop, Stream source, int fd)
        => loop.RunAsync(async () =>
        {
            using var ring = new Ring();
            ring.Start();
            byte[] chunk = GC.AllocateArray<byte>(8192, pinned: true);
            int n = await source.ReadAsync(chunk).ConfigureAwait(false);
            ring.TryPrepareWrite(SqeContext.FromValue(1), fd, chunk.AsSpan(0, n), 0); // expect URING0010
            ring.Submit(); // expect URING0010
        });
}
