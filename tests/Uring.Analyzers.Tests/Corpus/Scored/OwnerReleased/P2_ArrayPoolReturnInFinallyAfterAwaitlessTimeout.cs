using System;
using System.Buffers;
using System.Threading;
using Uring;

public sealed class Fetcher
{
    private readonly CqeView[] _cqes = new CqeView[1];

    public int Fetch(Ring ring, int socket)
    {
        byte[] rented = ArrayPool<byte>.Shared.Rent(2048);
        try
        {
            ring.TryPrepareRecv(SqeContext.FromValue(1), socket, rented.AsMemory());
            int got = ring.Wait(_cqes, 1, TimeSpan.FromMilliseconds(200));
            return got == 0 ? -1 : _cqes[0].Result;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented); // expect URING0002 (known miss: the ternary joins the timeout path with the success path before the finally)
        }
    }
}
