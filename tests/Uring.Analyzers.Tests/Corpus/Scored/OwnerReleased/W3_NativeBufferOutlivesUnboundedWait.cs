using System;
using System.Threading;
using Uring;

public static class Sector0
{
    public static int Read(int fd, Span<byte> copy)
    {
        using Ring ring = new(new RingOptions { Entries = 4 });
        ring.Start();
        using NativeBuffer sector = new(512);
        if (!ring.TryPrepareRead(SqeContext.FromValue(1), fd, sector.Span, 0))
        {
            return -1;
        }

        ring.Submit();
        Span<CqeView> done = stackalloc CqeView[1];
        ring.Wait(done, 1, Timeout.InfiniteTimeSpan);
        if (done[0].Result > 0)
        {
            sector.Span[..done[0].Result].CopyTo(copy);
        }

        return done[0].Result;
    }
}
