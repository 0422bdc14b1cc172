using System;
using System.Threading;

namespace Uring;

/// <summary>
/// The lock-free bounded pools of Indirect (64-byte) and Extended (128-byte) contexts. A ring makes one
/// with capacity equal to its SQ entries, so in-flight pooled contexts can never exceed what the ring can
/// hold: an empty pool is backpressure, reported as <c>false</c>, never as an exception.
/// </summary>
/// <remarks>
/// Extended contexts may also carry object references (the reference fields of a <c>[UringContext]</c>),
/// which cannot live in native memory the GC does not scan. They live in a managed table of
/// <see cref="MaxManagedFields"/> entries per Extended slot, allocated the first time a context stores one,
/// and cleared when the slot is returned or the pools are reset, so the GC sees every reference while the
/// request is in flight and none is kept alive afterwards. Live pools are registered by the address range
/// of their Extended slab, so generated code finds the table from an <see cref="ExtSqe"/> alone
/// (<see cref="ManagedFieldsOf"/>); disposing the pools unregisters them.
/// </remarks>
public sealed unsafe class ContextPools : IDisposable
{
    /// <summary>Reference fields one Extended context can carry.</summary>
    public const int MaxManagedFields = 8;

    private readonly NativeSlotPool _indirect;
    private readonly NativeSlotPool _extended;
    private object?[]? _managed;
    private int _disposed;

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
        ContextPoolRegistry.Register(this, (nuint)_extended.Slab, _extended.SlabLength);
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

    /// <summary>
    /// Returns an Extended context. Its bytes are zeroed and its reference fields cleared; the handle must
    /// not be used again.
    /// </summary>
    /// <exception cref="InvalidOperationException">It was already returned.</exception>
    /// <exception cref="ArgumentException">It does not come from these pools.</exception>
    [ReturnsPooledContext]
    public void Return(ExtSqe sqe) => _extended.Return((byte*)sqe.Pointer, Volatile.Read(ref _managed), MaxManagedFields);

    /// <summary>The slot index of an Extended context (stable for the life of the pools).</summary>
    public int SlotOf(ExtSqe sqe) => _extended.IndexOf((byte*)sqe.Pointer);

    /// <summary>
    /// The <see cref="MaxManagedFields"/> reference slots of a borrowed Extended context: where generated
    /// <c>[UringContext]</c> code keeps the context's reference fields. The table is allocated on first use.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="sqe"/> does not come from these pools.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="sqe"/> is not currently borrowed.</exception>
    public Span<object?> ManagedFields(ExtSqe sqe)
    {
        int index = _extended.IndexOf((byte*)sqe.Pointer);
        if (!_extended.IsBorrowed(index))
        {
            ThrowNotBorrowed(index);
        }

        object?[] table = Volatile.Read(ref _managed) ?? CreateManagedTable();
        return table.AsSpan(index * MaxManagedFields, MaxManagedFields);
    }

    /// <summary>
    /// The reference slots of a borrowed Extended context, found through the registry of live pools (so
    /// the caller needs only the handle): see <see cref="ManagedFields"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="sqe"/> does not belong to live pools (invalid, or its ring was stopped).</exception>
    /// <exception cref="InvalidOperationException"><paramref name="sqe"/> is not currently borrowed.</exception>
    public static Span<object?> ManagedFieldsOf(ExtSqe sqe)
    {
        ContextPools? pools = ContextPoolRegistry.Find((nuint)sqe.Pointer);
        if (pools is null)
        {
            ThrowUnknown();
        }

        return pools.ManagedFields(sqe);
    }

    /// <summary>The pools an Extended context belongs to, or null (invalid handle, or its pools were disposed).</summary>
    public static ContextPools? Owning(ExtSqe sqe) => ContextPoolRegistry.Find((nuint)sqe.Pointer);

    /// <summary>Frees every context and clears every reference field. Only valid when none is in flight.</summary>
    public void Reset()
    {
        _indirect.Reset();
        _extended.Reset();
        object?[]? table = Volatile.Read(ref _managed);
        if (table is not null)
        {
            Array.Clear(table);
        }
    }

    /// <summary>
    /// Unregisters the pools, releases the native slabs and drops every reference field. Idempotent.
    /// Outstanding handles become dangling.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        ContextPoolRegistry.Unregister(this);
        _indirect.Dispose();
        _extended.Dispose();
        Volatile.Write(ref _managed, null);
    }

    /// <summary>
    /// Thrown by generated <c>[UringContext]</c> code when a struct field's real size differs from the size
    /// the generator computed from its fields (a layout it could not see, such as an explicit layout in a
    /// referenced assembly): storing the context would overlap its fields.
    /// </summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void ThrowLayoutMismatch(Type type, int computedSize, int actualSize)
        => throw new InvalidOperationException(
            $"The generated context layout assumed {computedSize} bytes for {type}, but the runtime says {actualSize}; "
            + "declare that field's struct in source with a sequential layout, or use primitive fields.");

    private object?[] CreateManagedTable()
    {
        object?[] created = new object?[Capacity * MaxManagedFields];
        return Interlocked.CompareExchange(ref _managed, created, null) ?? created;
    }

    private static void ThrowNotBorrowed(int index)
        => throw new InvalidOperationException($"Extended context slot {index} is not borrowed: its reference fields can only be used between rent and return.");

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowUnknown()
        => throw new ArgumentException("The ExtSqe does not belong to the context pools of a live ring (an invalid handle, or its ring was stopped).", "sqe");
}
