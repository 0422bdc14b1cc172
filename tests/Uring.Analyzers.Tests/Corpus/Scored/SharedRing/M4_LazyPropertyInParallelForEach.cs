using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Uring;

public static class Warmup
{
    private static readonly Lazy<Ring> s_lazy = new(CreateRing); // allow URING0011

    private static Ring SharedRing => s_lazy.Value;

    private static Ring CreateRing()
    {
        var ring = new Ring(new RingOptions { Entries = 64 });
        ring.Start();
        return ring;
    }

    public static void TouchAll(IEnumerable<int> descriptors)
    {
        Parallel.ForEach(descriptors, fd =>
        {
            SharedRing.TryPrepareFadvise(SqeContext.FromValue((ulong)fd), fd, 0, 0, FileAdvice.WillNeed); // expect URING0009
            SharedRing.Submit(); // expect URING0009
        });
    }
}
