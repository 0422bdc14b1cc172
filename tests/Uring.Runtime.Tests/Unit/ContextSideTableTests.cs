using System;
using System.Runtime.CompilerServices;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>A typed context with reference fields, used without a kernel (the pools alone).</summary>
[UringContext]
public partial struct Labelled
{
    public string? Name;
    public object? Payload;
    public int Id;
}

/// <summary>The GC-visible table of reference fields per Extended slot, and the registry that finds it.</summary>
public sealed class ContextSideTableTests
{
    [Fact]
    public void Typed_contexts_round_trip_through_the_pools_alone()
    {
        using ContextPools pools = new(4);
        Assert.True(pools.TryRentExtended(out ExtendedSqe ext));
        object payload = new();
        Labelled.Store(ext, new Labelled { Name = "first", Payload = payload, Id = 7 });

        Labelled.Ref view = Labelled.In(ext);
        Assert.Equal("first", view.Name);
        Assert.Same(payload, view.Payload);
        Assert.Equal(7, view.Id);
        view.Id = 8;
        view.Name = "second";

        Labelled copy = Labelled.Load(ext);
        Assert.Equal(("second", 8), (copy.Name, copy.Id));
        Assert.Equal(8, ext.As<int>());
        Assert.Same(pools, ContextPools.Owning(ext));
        pools.Return(ext);
    }

    [Fact]
    public void Returning_a_slot_clears_its_reference_fields()
    {
        using ContextPools pools = new(1);
        Assert.True(pools.TryRentExtended(out ExtendedSqe ext));
        Labelled.Store(ext, new Labelled { Name = "kept", Payload = new object(), Id = 1 });
        pools.Return(ext);

        Assert.True(pools.TryRentExtended(out ExtendedSqe again));
        Assert.Equal(ext.Address, again.Address);
        Labelled.Ref view = Labelled.In(again);
        Assert.Null(view.Name);
        Assert.Null(view.Payload);
        Assert.Equal(0, view.Id);
        pools.Return(again);
    }

    [Fact]
    public void A_returned_slot_no_longer_roots_its_objects()
    {
        using ContextPools pools = new(2);
        Assert.True(pools.TryRentExtended(out ExtendedSqe ext));
        WeakReference stored = StoreGarbage(ext);
        Collect();
        Assert.True(stored.IsAlive, "The borrowed context's table should keep its object alive.");

        pools.Return(ext);
        Collect();
        Assert.False(stored.IsAlive, "The returned slot still roots its object.");
    }

    [Fact]
    public void A_double_return_throws_and_leaves_other_slots_alone()
    {
        using ContextPools pools = new(2);
        Assert.True(pools.TryRentExtended(out ExtendedSqe first));
        Assert.True(pools.TryRentExtended(out ExtendedSqe second));
        Labelled.Store(second, new Labelled { Name = "second" });
        pools.Return(first);

        Assert.Throws<InvalidOperationException>(() => pools.Return(first));
        Assert.Equal("second", Labelled.In(second).Name);
        pools.Return(second);
    }

    [Fact]
    public void Reference_fields_of_a_slot_that_is_not_borrowed_are_refused()
    {
        using ContextPools pools = new(2);
        Assert.True(pools.TryRentExtended(out ExtendedSqe ext));
        pools.Return(ext);

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => Labelled.In(ext));
        Assert.Contains("not borrowed", error.Message);
    }

    [Fact]
    public void Disposed_pools_are_unregistered()
    {
        ContextPools pools = new(2);
        Assert.True(pools.TryRentExtended(out ExtendedSqe ext));
        Assert.Same(pools, ContextPools.Owning(ext));

        pools.Dispose();
        pools.Dispose();

        Assert.Null(ContextPools.Owning(ext));
        Assert.ThrowsAny<InvalidOperationException>(() => ContextPools.ManagedFieldsOf(ext));
        Assert.Throws<InvalidOperationException>(() => Labelled.In(default));
    }

    [Fact]
    public void Reset_clears_every_reference_field()
    {
        using ContextPools pools = new(2);
        Assert.True(pools.TryRentExtended(out ExtendedSqe first));
        Assert.True(pools.TryRentExtended(out ExtendedSqe second));
        Labelled.Store(first, new Labelled { Name = "a" });
        Labelled.Store(second, new Labelled { Name = "b" });

        pools.Reset();

        Assert.True(pools.TryRentExtended(out ExtendedSqe again));
        Assert.Null(Labelled.In(again).Name);
    }

    [Fact]
    public void Unmanaged_only_contexts_never_allocate_the_table()
    {
        using ContextPools pools = new(2);
        Assert.True(pools.TryRentExtended(out ExtendedSqe ext));
        long before = GC.GetAllocatedBytesForCurrentThread();
        Counter.Store(ext, new Counter { Value = 5 });
        Counter.In(ext).Value++;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(6, Counter.Load(ext).Value);
        Assert.Equal(0, allocated);
        pools.Return(ext);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference StoreGarbage(ExtendedSqe ext)
    {
        object payload = new byte[1024];
        Labelled.Store(ext, new Labelled { Payload = payload });
        return new WeakReference(payload);
    }

    private static void Collect()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }
}

/// <summary>An unmanaged-only context.</summary>
[UringContext]
public partial struct Counter
{
    public long Value;
}
