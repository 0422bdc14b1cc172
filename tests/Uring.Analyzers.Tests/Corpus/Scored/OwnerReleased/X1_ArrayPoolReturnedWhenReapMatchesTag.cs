using System;
using System.Buffers;
using System.Threading;
using Uring;

public static class ChunkReader
{
    private const ulong ReadTag = 41;

    public static int ReadChunk(Ring ring, int fd, long offset, Span<byte> destination)
    {
        byte[] rented = ArrayPool<byte>.Shared.Rent(destination.Length);
        if (!ring.TryPrepareRead(SqeContext.FromValue(ReadTag), fd, rented.AsMemory(0, destination.Length), offset))
        {
            ArrayPool<byte>.Shared.Return(rented);
            return -1;
        }

        Span<CqeView> completions = stackalloc CqeView[8];
        int result = 0;
        bool seen = false;
        while (!seen)
        {
            int n = ring.Wait(completions, 1, Timeout.InfiniteTimeSpan);
            for (int i = 0; i < n; i++)
            {
                if (completions[i].Context.Value != ReadTag)
                {
                    continue;
                }

                result = completions[i].Result;
                seen = true;
            }
        }

        if (result > 0)
        {
            rented.AsSpan(0, result).CopyTo(destination);
        }

        ArrayPool<byte>.Shared.Return(rented);
        return result;
    }
}
