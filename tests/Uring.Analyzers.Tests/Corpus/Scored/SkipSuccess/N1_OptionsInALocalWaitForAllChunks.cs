using System;
using System.Threading;
using Uring;

public static class ChunkWriter
{
    public static void WriteAll(int fd, byte[][] pinnedChunks)
    {
        var options = new RingOptions { Entries = 64, NotifySucceed = false };
        using var ring = new Ring(options);
        ring.Start();
        long offset = 0;
        for (int i = 0; i < pinnedChunks.Length; i++)
        {
            ring.TryPrepareWrite(SqeContext.FromValue((ulong)i), fd, pinnedChunks[i].AsSpan(), offset);
            offset += pinnedChunks[i].Length;
        }

        var cqes = new CqeView[pinnedChunks.Length];
        ring.Wait(cqes, pinnedChunks.Length, Timeout.InfiniteTimeSpan); // expect URING0008
    }
}
