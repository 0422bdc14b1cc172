using System;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

public sealed class BackpressureTests
{
    [Fact]
    public void A_full_sq_reports_backpressure_until_the_kernel_consumes_it()
    {
        using Ring ring = TestRings.Started(new RingOptions { Entries = 8, NotifySucceed = true });
        int prepared = 0;
        while (ring.TryPrepareNop(SqeContext.FromValue((ulong)prepared)))
        {
            prepared++;
        }

        Assert.Equal(8, prepared);
        Assert.Equal(0, ring.SqAvailable);
        Assert.Equal(8, ring.Submit());
        Assert.Equal(8, ring.SqAvailable);
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(99)));
        Assert.Equal(9, ring.WaitMany(9).Length);
    }

    [Fact]
    public void An_exhausted_context_pool_is_backpressure()
    {
        using Ring ring = TestRings.Started(new RingOptions { Entries = 8, NotifySucceed = true });
        ExtendedSqe[] rented = new ExtendedSqe[8];
        for (int i = 0; i < rented.Length; i++)
        {
            Assert.True(ring.TryRentExtendedSqe(out rented[i]));
        }

        Assert.False(ring.TryRentExtendedSqe(out _));
        ring.ReturnExtendedSqe(rented[3]);
        Assert.True(ring.TryRentExtendedSqe(out ExtendedSqe again));
        Assert.Equal(rented[3].Address, again.Address);
        Assert.NotEqual(rented[3], again);
        ring.ReturnExtendedSqe(again);
        Assert.Throws<InvalidOperationException>(() => ring.ReturnExtendedSqe(again));
        Assert.Equal(1, ring.Pools.ExtendedAvailable);
    }
}
