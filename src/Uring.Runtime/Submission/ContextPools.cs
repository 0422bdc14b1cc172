using System;

namespace Uring;

/// <summary>
/// The lock-free bounded pools of Indirect (64-byte) and Extended (128-byte) contexts. A ring makes one
/// with capacity equal to its SQ entries, so in-flight pooled contexts can never exceed what the ring can
/// hold: an empty pool is backpressure, reported as <c>false</c>, never as an exception.
/// </summary>
public sealed unsafe class ContextPools : IDisposable
{
    private readonly NativeSlotPool _indirect;
    private readonly NativeSlotPool _extended;

    /// <summary>Creates pools of <paramref name="capacity"/> slots each (rounded up to a power of two).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is not in 1..65536.</exception>
    public ContextPools(int capacity)
    {
        if (capacity < 1 || capacity > 65536)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "Capacity must be in 1..65536.");
        }

        int rounded = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity);
        _indirect = new NativeSlotPool(rounded, IoUringSqe.Size);
        _extended = new NativeSlotPool(rounded, ExtSqeLayout.Size);
    }

    /// <summary>Slots per pool (a power of two).</summary>
    public int Capacity => _indirect.Capacity;

    /// <summary>Free Indirect contexts (a snapshot).</summary>
    public int IndirectAvailable => _indirect.Available;

    /// <summary>Free Extended contexts (a snapshot).</summary>
    public int ExtendedAvailable => _extended.Available;

    /// <summary>Rents a zeroed Indirect context; false when the pool is exhausted.</summary>
    [RentsPooledContext]
    public bool TryRentIndirect(out IndirectSqe sqe)
    {
        sqe = new IndirectSqe((IoUringSqe*)_indirect.Rent());
        return sqe.IsValid;
    }

    /// <summary>Returns an Indirect context. It is zeroed; the handle must not be used again.</summary>
    /// <exception cref="InvalidOperationException">It was already returned.</exception>
    /// <exception cref="ArgumentException">It does not come from these pools.</exception>
    [ReturnsPooledContext]
    public void Return(IndirectSqe sqe) => _indirect.Return((byte*)sqe.Pointer);

    /// <summary>Rents a zeroed Extended context; false when the pool is exhausted.</summary>
    [RentsPooledContext]
    public bool TryRentExtended(out ExtSqe sqe)
    {
        sqe = new ExtSqe((ExtSqeLayout*)_extended.Rent());
        return sqe.IsValid;
    }

    /// <summary>Returns an Extended context. It is zeroed; the handle must not be used again.</summary>
    /// <exception cref="InvalidOperationException">It was already returned.</exception>
    /// <exception cref="ArgumentException">It does not come from these pools.</exception>
    [ReturnsPooledContext]
    public void Return(ExtSqe sqe) => _extended.Return((byte*)sqe.Pointer);

    /// <summary>The slot index of an Extended context (stable for the life of the pools).</summary>
    public int SlotOf(ExtSqe sqe) => _extended.IndexOf((byte*)sqe.Pointer);

    /// <summary>Frees every context. Only valid when none is in flight.</summary>
    public void Reset()
    {
        _indirect.Reset();
        _extended.Reset();
    }

    /// <summary>Releases the native slabs. Outstanding handles become dangling.</summary>
    public void Dispose()
    {
        _indirect.Dispose();
        _extended.Dispose();
    }
}
