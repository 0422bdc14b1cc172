using System;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public static class BackgroundHasher
{
    public static Task<long> HashAsync(int fd, long length, CancellationToken cancellationToken)
    {
        return Task.Run(() =>
        {
            using Ring ring = new(new RingOptions { Entries = 8 });
            ring.Start();
            byte[] block = GC.AllocateArray<byte>(64 * 1024, pinned: true);
            long hash = 17;
            for (long offset = 0; offset < length && !cancellationToken.IsCancellationRequested;)
            {
                int n = ReadBlock(ring, fd, block, offset);
                if (n <= 0)
                {
                    break;
                }

                foreach (byte b in block.AsSpan(0, n))
                {
                    hash = hash * 31 + b;
                }

                offset += n;
            }

            return hash;
        }, cancellationToken);
    }

    private static int ReadBlock(Ring ring, int fd, byte[] block, long offset)
    {
        Span<CqeView> done = stackalloc CqeView[1];
        if (!ring.TryPrepareRead(SqeContext.FromValue(1), fd, block.AsSpan(), offset))
        {
            return -1;
        }

        ring.Wait(done, 1, Timeout.InfiniteTimeSpan);
        return done[0].Result;
    }
}
