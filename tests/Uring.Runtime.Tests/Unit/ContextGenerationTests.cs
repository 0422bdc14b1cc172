using System;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>
/// Pooled contexts carry the generation their slot was rented with: a handle of an earlier rental is told
/// apart from the current one, by equality, by its accessors and by returns.
/// </summary>
public sealed class ContextGenerationTests
{
    [Fact]
    public void Every_rent_bumps_the_slot_generation_and_the_handle_carries_it()
    {
        using ContextPools pools = new(1);
        Assert.True(pools.TryRentExtended(out ExtendedSqe first));
        uint generation = GenerationOf(first.Tag);
        Assert.Equal((ulong)first.Address, first.Tag & ContextTag.AddressMask);
        pools.Return(first);

        Assert.True(pools.TryRentExtended(out ExtendedSqe second));
        Assert.Equal(first.Address, second.Address);
        Assert.Equal((generation + 1) & ContextTag.GenerationMask, GenerationOf(second.Tag));
        Assert.NotEqual(first, second);
        Assert.NotEqual(first.Context, second.Context);
        pools.Return(second);
    }

    [Fact]
    public void The_generation_wraps_within_its_fourteen_bits()
    {
        using ContextPools pools = new(1);
        Assert.True(pools.TryRentIndirect(out IndirectSqe sqe));
        uint start = GenerationOf(sqe.Tag);
        for (int i = 0; i < (1 << ContextTag.GenerationBits); i++)
        {
            pools.Return(sqe);
            Assert.True(pools.TryRentIndirect(out sqe));
            Assert.Equal(0UL, sqe.Tag >> 62);
        }

        Assert.Equal(start, GenerationOf(sqe.Tag));
        pools.Return(sqe);
    }

    [Fact]
    public void A_returned_handle_throws_on_every_accessor()
    {
        using ContextPools pools = new(2);
        Assert.True(pools.TryRentExtended(out ExtendedSqe ext));
        Assert.True(pools.TryRentIndirect(out IndirectSqe indirect));
        pools.Return(ext);
        pools.Return(indirect);

        Assert.Contains("returned", Assert.Throws<InvalidOperationException>(() => ext.Sqe.Fd).Message);
        Assert.Contains("returned", Assert.Throws<InvalidOperationException>(() => ext.UserData.Length).Message);
        Assert.Contains("returned", Assert.Throws<InvalidOperationException>(() => ext.As<long>()).Message);
        Assert.Contains("returned", Assert.Throws<InvalidOperationException>(() => indirect.Sqe.Fd).Message);
        Assert.Throws<InvalidOperationException>(() => ContextPools.ManagedFieldsOf(ext));
        Assert.Throws<InvalidOperationException>(() => pools.ManagedFields(ext));
        Assert.Null(ContextPools.Owning(ext));
    }

    [Fact]
    public void A_stale_handle_cannot_touch_the_next_renter_of_its_slot()
    {
        using ContextPools pools = new(1);
        Assert.True(pools.TryRentExtended(out ExtendedSqe stale));
        pools.Return(stale);
        Assert.True(pools.TryRentExtended(out ExtendedSqe current));
        current.As<long>() = 1234;
        current.Sqe.Fd = 77;

        Assert.Throws<InvalidOperationException>(() => stale.As<long>() = 99);
        Assert.Throws<InvalidOperationException>(() => stale.Context.WithFd(5));
        InvalidOperationException twice = Assert.Throws<InvalidOperationException>(() => pools.Return(stale));
        Assert.Contains("twice", twice.Message);

        Assert.Equal(1234, current.As<long>());
        Assert.Equal(77, current.Sqe.Fd);
        Assert.Equal(0, pools.ExtendedAvailable);
        pools.Return(current);
    }

    [Fact]
    public void A_write_through_memory_taken_before_the_return_does_not_reach_the_next_renter()
    {
        using ContextPools pools = new(1);
        Assert.True(pools.TryRentExtended(out ExtendedSqe ext));
        Span<byte> kept = ext.UserData;
        pools.Return(ext);

        // The handle refuses the write; memory taken while it was rented still reaches the free slot...
        Assert.Throws<InvalidOperationException>(() => ext.UserData.Fill(0xCD));
        kept.Fill(0xAB);

        // ...but the next rent scrubs it.
        Assert.True(pools.TryRentExtended(out ExtendedSqe again));
        Assert.True(again.UserData.IndexOfAnyExcept((byte)0) < 0);
        Assert.Equal(0, again.Sqe.Fd);
        pools.Return(again);
    }

    [Fact]
    public void Reset_keeps_generations_so_earlier_handles_stay_stale()
    {
        using ContextPools pools = new(1);
        Assert.True(pools.TryRentExtended(out ExtendedSqe before));
        pools.Reset();
        Assert.Throws<InvalidOperationException>(() => before.Sqe.Fd);
        Assert.True(pools.TryRentExtended(out ExtendedSqe after));
        Assert.NotEqual(before, after);
        Assert.Throws<InvalidOperationException>(() => pools.Return(before));
        pools.Return(after);
    }

    [Fact]
    public void Disposed_pools_answer_with_the_stopped_ring_exception()
    {
        ContextPools pools = new(2);
        Assert.True(pools.TryRentExtended(out ExtendedSqe ext));
        Assert.True(pools.TryRentIndirect(out IndirectSqe indirect));
        pools.Dispose();

        AssertStopped(Assert.Throws<ObjectDisposedException>(() => pools.TryRentExtended(out _)));
        AssertStopped(Assert.Throws<ObjectDisposedException>(() => pools.TryRentIndirect(out _)));
        AssertStopped(Assert.Throws<ObjectDisposedException>(() => pools.Return(ext)));
        AssertStopped(Assert.Throws<ObjectDisposedException>(() => pools.Return(indirect)));
        AssertStopped(Assert.Throws<ObjectDisposedException>(() => pools.ManagedFields(ext)));
        AssertStopped(Assert.Throws<ObjectDisposedException>(() => pools.Reset()));

        // A handle alone finds its pools through the registry: once they are gone it says "stopped", unless a
        // slab allocated since (another test's ring) reuses the address; then the generation refuses it.
        // Either way it throws and reads nothing.
        Assert.ThrowsAny<InvalidOperationException>(() => ContextPools.ManagedFieldsOf(ext));
        Assert.ThrowsAny<InvalidOperationException>(() => ext.As<int>());
        Assert.ThrowsAny<InvalidOperationException>(() => indirect.Sqe.Fd);
        Assert.Null(ext.Context.Op);
        Assert.False(ext.Context.ExtendedSqe.IsValid);
    }

    [Fact]
    public void Default_handles_are_refused_with_the_parameter_named()
    {
        using ContextPools pools = new(2);
        Assert.Equal("sqe", Assert.Throws<ArgumentException>(() => pools.Return(default(ExtendedSqe))).ParamName);
        Assert.Equal("sqe", Assert.Throws<ArgumentException>(() => pools.Return(default(IndirectSqe))).ParamName);
        Assert.Equal("sqe", Assert.Throws<ArgumentException>(() => pools.ManagedFields(default)).ParamName);
        Assert.Equal("sqe", Assert.Throws<ArgumentException>(() => ContextPools.ManagedFieldsOf(default)).ParamName);
        Assert.Equal("sqe", Assert.Throws<ArgumentException>(() => SqeContext.Indirect(default)).ParamName);
        Assert.Throws<InvalidOperationException>(() => default(IndirectSqe).Sqe.Fd);
    }

    [Fact]
    public void Another_pools_handle_is_refused_by_return_and_by_its_reference_fields()
    {
        using ContextPools first = new(2);
        using ContextPools second = new(2);
        Assert.True(first.TryRentExtended(out ExtendedSqe ext));
        Assert.True(first.TryRentIndirect(out IndirectSqe indirect));
        Assert.Equal("sqe", Assert.Throws<ArgumentException>(() => second.Return(ext)).ParamName);
        Assert.Equal("sqe", Assert.Throws<ArgumentException>(() => second.Return(indirect)).ParamName);
        Assert.Equal("sqe", Assert.Throws<ArgumentException>(() => second.ManagedFields(ext)).ParamName);
        Assert.Same(first, ContextPools.Owning(ext));
        first.Return(ext);
        first.Return(indirect);
    }

    private static uint GenerationOf(ulong tag) => (uint)(tag >> ContextTag.AddressBits) & ContextTag.GenerationMask;

    private static void AssertStopped(ObjectDisposedException error)
    {
        Assert.Equal(nameof(Ring), error.ObjectName);
        Assert.Contains("stopped", error.Message);
        Assert.DoesNotContain("NativeSlotPool", error.Message);
    }
}
