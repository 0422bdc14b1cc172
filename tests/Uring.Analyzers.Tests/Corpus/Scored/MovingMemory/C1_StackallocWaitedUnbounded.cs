using System;
using System.Threading;
using Uring;

public static class Probe
{
    public static int FirstByte(Ring ring, int fd, CqeView[] completions)
    {
        Span<byte> one = stackalloc byte[1];
        ring.TryPrepareRead(SqeContext.FromValue(1), fd, one, 0);
        ring.Submit();
        ring.Wait(completions, 1, Timeout.InfiniteTimeSpan);
        return completions[0].Result == 1 ? one[0] : -1;
    }
}
