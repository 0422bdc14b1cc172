using System;
using Uring;

public static class SnapshotWriter
{
    public static bool WriteSnapshots(int fd, ReadOnlySpan<byte> source, int chunk)
    {
        using Ring ring = new(new RingOptions { Entries = 8, NotifySucceed = true });
        ring.Start();
        ring.RegisterBuffers(1, chunk);
        Span<CqeView> done = stackalloc CqeView[1];
        long offset = 0;
        while (!source.IsEmpty)
        {
            int length = Math.Min(chunk, source.Length);
            source[..length].CopyTo(ring.RegisteredBuffer(0));
            if (!ring.TryPrepareWriteFixed(SqeContext.FromValue(1), fd, 0, 0, length, offset))
            {
                return false;
            }

            ring.Submit();
            if (ring.Wait(done, 1, System.Threading.Timeout.InfiniteTimeSpan) == 0 || done[0].Result < 0)
            {
                return false;
            }

            offset += length;
            source = source[length..];
        }

        return true;
    }
}
