using System;
using System.Threading;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>
/// <see cref="Ring.TryRentExtendedSqe{TState}(in TState, ContextFiller{ExtendedSqe, TState}, out ExtendedSqe)"/> and its Indirect
/// twin: rent and fill in one call, the context back in the pool when the filler throws, the lock free afterwards.
/// </summary>
public sealed class ScopedRentTests
{
    [Fact]
    public void The_filler_writes_the_rented_context_before_the_call_hands_it_out()
    {
        using Ring ring = DetachedRings.Create();
        Assert.True(ring.TryRentExtendedSqe(0x1234L, static (ExtendedSqe rented, scoped in long value) => rented.As<long>() = value, out ExtendedSqe ext));
        Assert.Equal(0x1234L, ext.As<long>());
        Assert.True(ring.TryRentIndirectSqe(9, static (IndirectSqe rented, scoped in int fd) => rented.Sqe.Fd = fd, out IndirectSqe indirect));
        Assert.Equal(9, indirect.Sqe.Fd);
        ring.ReturnExtendedSqe(ext);
        ring.ReturnIndirectSqe(indirect);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_filler_that_throws_gives_the_context_back_and_the_lock_free(bool multiIssuers)
    {
        using Ring ring = DetachedRings.Create(new RingOptions { MultiIssuers = multiIssuers, NotifySucceed = true });
        int extended = ring.Pools.ExtendedAvailable;
        int indirect = ring.Pools.IndirectAvailable;
        for (int i = 0; i < 3 * extended; i++)
        {
            Assert.Throws<TimeZoneNotFoundException>(() => ring.TryRentExtendedSqe(0, static (ExtendedSqe rented, scoped in int _) => throw new TimeZoneNotFoundException(), out _));
            Assert.Throws<TimeZoneNotFoundException>(() => ring.TryRentIndirectSqe(0, static (IndirectSqe rented, scoped in int _) => throw new TimeZoneNotFoundException(), out _));
        }

        Assert.Equal(extended, ring.Pools.ExtendedAvailable);
        Assert.Equal(indirect, ring.Pools.IndirectAvailable);
        bool rented = false;
        TestThread other = new(() =>
        {
            if (ring.TryRentExtendedSqe(out ExtendedSqe ext))
            {
                rented = true;
                ring.ReturnExtendedSqe(ext);
            }
        })
        { IsBackground = true };
        other.Start();
        Assert.True(other.Join(TimeSpan.FromSeconds(10)) && rented, "another thread could not rent: the lock was left held");
    }

    [Fact]
    public void An_exhausted_pool_returns_false_without_running_the_filler()
    {
        using Ring ring = DetachedRings.Create();
        while (ring.TryRentExtendedSqe(out _))
        {
        }

        Assert.False(ring.TryRentExtendedSqe(0, static (ExtendedSqe rented, scoped in int _) => throw new InvalidOperationException("the filler ran"), out ExtendedSqe none));
        Assert.False(none.IsValid);
        Assert.Equal("fill", Assert.Throws<ArgumentNullException>(() => ring.TryRentExtendedSqe<int>(0, null!, out _)).ParamName);
    }

    [Fact]
    public void A_filler_that_stops_the_ring_hands_nothing_out()
    {
        Ring ring = DetachedRings.Create(new RingOptions { MultiIssuers = true, NotifySucceed = true });
        ObjectDisposedException stopped = Assert.Throws<ObjectDisposedException>(() => ring.TryRentExtendedSqe(ring, static (ExtendedSqe rented, scoped in Ring ring) => ring.Stop(), out _));
        Assert.Equal(nameof(Ring), stopped.ObjectName);
        Assert.True(ring.IsStopped);
    }

    [Fact]
    public void Ten_thousand_scoped_rents_with_a_static_filler_allocate_nothing()
    {
        using Ring ring = DetachedRings.Create(new RingOptions { MultiIssuers = true, NotifySucceed = true });
        Assert.Equal(0, Allocations.LeastPerWindow(() => RentAndReturn(ring, 10_000)));

        static void RentAndReturn(Ring ring, int count)
        {
            for (int i = 0; i < count; i++)
            {
                Assert.True(ring.TryRentExtendedSqe((long)i, static (ExtendedSqe rented, scoped in long value) => rented.As<long>() = value, out ExtendedSqe ext));
                ring.ReturnExtendedSqe(ext);
            }
        }
    }
}
