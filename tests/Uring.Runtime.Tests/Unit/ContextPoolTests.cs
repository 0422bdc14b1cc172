using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Uring.Tests.Unit;

public sealed class ContextPoolTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 4)]
    [InlineData(8, 8)]
    [InlineData(100, 128)]
    public void Capacity_is_rounded_up_to_a_power_of_two(int requested, int expected)
    {
        using ContextPools pools = new(requested);
        Assert.Equal(expected, pools.Capacity);
        Assert.Equal(expected, pools.ExtendedAvailable);
        Assert.Equal(expected, pools.IndirectAvailable);
    }

    [Fact]
    public void An_exhausted_pool_reports_backpressure_not_an_exception()
    {
        using ContextPools pools = new(4);
        for (int i = 0; i < 4; i++)
        {
            Assert.True(pools.TryRentExtended(out _));
        }

        Assert.False(pools.TryRentExtended(out ExtendedSqe none));
        Assert.False(none.IsValid);
        Assert.Equal(0, pools.ExtendedAvailable);
        Assert.Equal(4, pools.IndirectAvailable);
    }

    [Fact]
    public void Returned_contexts_come_back_zeroed()
    {
        using ContextPools pools = new(1);
        Assert.True(pools.TryRentExtended(out ExtendedSqe ext));
        ext.Sqe.Fd = 99;
        ext.UserData.Fill(0xAB);
        pools.Return(ext);
        Assert.True(pools.TryRentExtended(out ExtendedSqe again));
        Assert.Equal(ext.Address, again.Address);
        Assert.NotEqual(ext, again);
        Assert.Equal(0, again.Sqe.Fd);
        Assert.True(again.UserData.IndexOfAnyExcept((byte)0) < 0);
    }

    [Fact]
    public void A_double_return_throws_and_loses_nothing()
    {
        using ContextPools pools = new(2);
        Assert.True(pools.TryRentExtended(out ExtendedSqe ext));
        pools.Return(ext);
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => pools.Return(ext));
        Assert.Contains("twice", error.Message);
        Assert.Equal(2, pools.ExtendedAvailable);

        Assert.True(pools.TryRentIndirect(out IndirectSqe indirect));
        pools.Return(indirect);
        Assert.Throws<InvalidOperationException>(() => pools.Return(indirect));
    }

    [Fact]
    public void A_foreign_or_default_handle_is_rejected()
    {
        using ContextPools first = new(2);
        using ContextPools second = new(2);
        Assert.True(first.TryRentExtended(out ExtendedSqe ext));
        Assert.Throws<ArgumentException>(() => second.Return(ext));
        Assert.Throws<ArgumentException>(() => second.Return(default(ExtendedSqe)));
        Assert.Equal(2, second.ExtendedAvailable);
    }

    [Fact]
    public void Reset_frees_every_slot()
    {
        using ContextPools pools = new(4);
        pools.TryRentExtended(out _);
        pools.TryRentIndirect(out _);
        pools.Reset();
        Assert.Equal(4, pools.ExtendedAvailable);
        Assert.Equal(4, pools.IndirectAvailable);
    }

    [Fact]
    public void Concurrent_rent_and_return_never_hands_out_a_slot_twice()
    {
        using ContextPools pools = new(64);
        ConcurrentDictionary<nint, int> owners = new();
        int violations = 0;
        Parallel.For(0, 4, worker =>
        {
            for (int i = 0; i < 20_000; i++)
            {
                if (!pools.TryRentExtended(out ExtendedSqe ext))
                {
                    continue;
                }

                if (!owners.TryAdd(ext.Address, worker))
                {
                    Interlocked.Increment(ref violations);
                }

                owners.TryRemove(ext.Address, out _);
                pools.Return(ext);
            }
        });

        Assert.Equal(0, violations);
        Assert.Equal(64, pools.ExtendedAvailable);
    }

    [Fact]
    public void Slot_indices_are_stable()
    {
        using ContextPools pools = new(4);
        Assert.True(pools.TryRentExtended(out ExtendedSqe a));
        Assert.True(pools.TryRentExtended(out ExtendedSqe b));
        Assert.NotEqual(pools.SlotOf(a), pools.SlotOf(b));
        Assert.InRange(pools.SlotOf(a), 0, 3);
    }
}
