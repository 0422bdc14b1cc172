using System;
using System.Threading;
using Uring;

public static class Stat
{
    public static long SizeOf(Ring ring, int directory, string name)
    {
        Span<Statx> result = stackalloc Statx[1];
        var cqes = new CqeView[2];
        ring.TryPrepareStatx(SqeContext.FromValue(5), directory, name, result);
        if (ring.Wait(cqes, 1, TimeSpan.FromSeconds(1)) == 0)
        {
            ring.TryPrepareCancel(SqeContext.FromValue(6), 5);
            ring.Wait(cqes, 2, Timeout.InfiniteTimeSpan);
            return -1;
        }

        return cqes[0].Result == 0 ? (long)result[0].Size : -1;
    }
}
