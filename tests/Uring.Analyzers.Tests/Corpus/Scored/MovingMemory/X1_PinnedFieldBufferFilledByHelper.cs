using System;
using System.Threading;
using Uring;

public sealed class SegmentReader
{
    private readonly byte[] _segment = GC.AllocateArray<byte>(64 * 1024, pinned: true);
    private readonly CqeView[] _done = new CqeView[4];

    public int ReadSegment(Ring ring, int fd, long offset)
    {
        if (!Queue(ring, fd, offset))
        {
            return -1;
        }

        ring.Wait(_done, 1, Timeout.InfiniteTimeSpan);
        return _done[0].Result;
    }

    private bool Queue(Ring ring, int fd, long offset)
    {
        return ring.TryPrepareRead(SqeContext.FromValue(1), fd, _segment.AsSpan(), offset);
    }

    public ReadOnlySpan<byte> Segment(int length) => _segment.AsSpan(0, length);
}
