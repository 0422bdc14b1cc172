using System;
using System.Buffers;
using System.Threading;
using Uring;

public sealed class Echo
{
    private readonly CqeView[] _done = new CqeView[1];

    public int ReceiveOnce(Ring ring, int socket, Span<byte> destination)
    {
        byte[] rented = ArrayPool<byte>.Shared.Rent(destination.Length);
        try
        {
            if (!ring.TryPrepareRecv(SqeContext.FromValue(1), socket, rented.AsMemory(0, destination.Length)))
            {
                return -1;
            }

            ring.Wait(_done, 1, Timeout.InfiniteTimeSpan);
            int n = _done[0].Result;
            if (n > 0)
            {
                rented.AsSpan(0, n).CopyTo(destination);
            }

            return n;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
