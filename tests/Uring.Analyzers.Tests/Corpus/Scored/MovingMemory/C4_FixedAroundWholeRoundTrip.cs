using System;
using System.Threading;
using Uring;

public sealed unsafe class FixedRoundTrip
{
    private readonly byte[] _buffer = new byte[512];
    private readonly CqeView[] _cqes = new CqeView[1];

    public int Read(Ring ring, int fd)
    {
        fixed (byte* p = _buffer)
        {
            ring.TryPrepareRead(SqeContext.FromValue(1), fd, new Span<byte>(p, _buffer.Length), 0);
            ring.Submit();
            ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
        }

        return _cqes[0].Result;
    }
}
