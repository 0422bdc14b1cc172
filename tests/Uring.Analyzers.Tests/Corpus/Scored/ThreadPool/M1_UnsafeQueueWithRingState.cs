using System;
using System.Threading;
using Uring;

public sealed class Kicker
{
    public Ring Open()
    {
        var ring = new Ring(new RingOptions { Entries = 64 });
        ring.Start();
        ring.TryPrepareNop(SqeContext.FromValue(0));
        ThreadPool.UnsafeQueueUserWorkItem(static r => r.Submit(), ring, preferLocal: false); // expect URING0009
        return ring;
    }
}
