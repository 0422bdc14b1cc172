using System;
using System.Threading;
using Uring;

public static class Scanner
{
    private static byte[] NewPinnedBlock(int size) => GC.AllocateUninitializedArray<byte>(size, pinned: true);

    public static long CountZeros(Ring ring, int fd, long length)
    {
        byte[] block = NewPinnedBlock(32 * 1024);
        Span<CqeView> done = stackalloc CqeView[1];
        long zeros = 0;
        for (long offset = 0; offset < length;)
        {
            if (!ring.TryPrepareRead(SqeContext.FromValue(1), fd, block.AsSpan(), offset))
            {
                break;
            }

            ring.Wait(done, 1, Timeout.InfiniteTimeSpan);
            int n = done[0].Result;
            if (n <= 0)
            {
                break;
            }

            foreach (byte b in block.AsSpan(0, n))
            {
                if (b == 0)
                {
                    zeros++;
                }
            }

            offset += n;
        }

        return zeros;
    }
}
