using System;
using System.Threading;
using Uring;

public static class MetricsFlusher
{
    private static readonly Ring s_ring = CreateRing(); // allow URING0011
    private static Timer? s_timer;

    private static Ring CreateRing()
    {
        Ring ring = new(new RingOptions { Entries = 64 });
        ring.Start();
        return ring;
    }

    public static void Start()
    {
        s_timer = new Timer(static state => ((Ring)state!).Submit(), s_ring, 1000, 1000); // expect URING0009
    }

    public static bool TryQueue(int fd, byte[] pinnedLine) => s_ring.TryPrepareWrite(SqeContext.FromValue(1), fd, pinnedLine.AsSpan());
}
