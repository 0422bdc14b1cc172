using System;
using System.Threading;
using Uring;

public static class VersionProbe
{
    public static int ReadVersion(Ring ring, int fd)
    {
        Span<byte> version = stackalloc byte[16];
        if (!ring.TryPrepareRead(SqeContext.FromValue(3), fd, version, 0))
        {
            return -1;
        }

        ring.Submit();
        Span<CqeView> done = stackalloc CqeView[1];
        ring.Wait(done, 1, Timeout.InfiniteTimeSpan);
        return done[0].Result >= 2 ? version[0] << 8 | version[1] : -1;
    }
}
