using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Uring;

/// <summary>
/// The lock-free bounded pools of Indirect (64-byte) and Extended (128-byte) contexts. A ring makes one
/// with capacity equal to its SQ entries, so in-flight pooled contexts can never exceed what the ring can
/// hold: an empty pool is backpressure, reported as <c>false</c>, never as an exception.
/// </summary>
/// <remarks>
/// <para>Every rent bumps the slot's generation, which the handle carries: a handle (or a completion) of an
/// earlier rental is told apart from the current one, so using a context after its return throws, and a
/// completion for it is recognised as stale. Both slabs are registered while the pools live, so a handle
/// or a pointer-mode <see cref="SqeContext"/> alone finds its slot, and nothing is ever read through an
/// address that is not a slot rented now.</para>
/// <para>Extended contexts may also carry object references (the reference fields of a <c>[UringContext]</c>),
/// which cannot live in native memory the GC does not scan. They live in a managed table of
/// <see cref="MaxManagedFields"/> entries per Extended slot, allocated the first time a context stores one,
/// and cleared when the slot is rented, returned or the pools are reset, so the GC sees every reference while
/// the request is in flight and none is kept alive afterwards (<see cref="ManagedFieldsOf"/> finds the table
/// from an <see cref="ExtendedSqe"/> alone). Disposing the pools (stopping the ring) unregisters and frees them.</para>
/// <para>Teardown: the pools of a <see cref="RingOptions.MultiIssuers"/> ring rent, return and are disposed
/// under that ring's lock, which <see cref="Ring.Stop"/> holds while it frees them: a rent or return racing
/// Stop on another thread either finishes before the slabs go or throws <see cref="ObjectDisposedException"/>,
/// and never touches freed memory. The pools of a single-issuer ring take no lock (its owner thread both
/// rents and stops, or the owner has exited). Pools made with the public constructor are not tied to a ring:
/// do not dispose them while another thread rents or returns.</para>
/// </remarks>
public sealed unsafe class ContextPools : IDisposable
{
    /// <summary>Reference fields one Extended context can carry.</summary>
    public const int MaxManagedFields = 8;

    private readonly NativeSlotPool _indirect;
    private readonly NativeSlotPool _extended;
    private object?[]? _managed;
    private int _disposed;

    // A multi-issuer ring's lock: rent, return and dispose serialize on it (null: no lock, see the remarks).
    private readonly Lock? _teardownGate;

    /// <summary>Creates pools of <paramref name="capacity"/> slots each (rounded up to a power of two).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is not in 1..65536.</exception>
    /// <exception cref="PlatformNotSupportedException">The memory was placed above the 48-bit range a pooled context encodes.</exception>
    public ContextPools(int capacity)
        : this(capacity, teardownGate: null)
    {
    }

    /// <summary>
    /// Pools of a ring. <paramref name="teardownGate"/> is a multi-issuer ring's lock, the one its
    /// <see cref="Ring.Stop"/> holds while it disposes the pools; null for a single-issuer ring.
    /// </summary>
    internal ContextPools(int capacity, Lock? teardownGate)
    {
        _teardownGate = teardownGate;
        if (capacity < 1 || capacity > 65536)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "Capacity must be in 1..65536.");
        }

        int rounded = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity);
        _indirect = new NativeSlotPool(rounded, IoUringSqe.Size);
        try
        {
            _extended = new NativeSlotPool(rounded, ExtendedSqeLayout.Size);
        }
        catch
        {
            _indirect.Dispose();
            throw;
        }

        ContextPoolRegistry.Register(this, _indirect, _extended);
    }

    /// <summary>Slots per pool (a power of two).</summary>
    public int Capacity => _indirect.Capacity;

    /// <summary>Free Indirect contexts (a snapshot).</summary>
    public int IndirectAvailable => _indirect.Available;

    /// <summary>Free Extended contexts (a snapshot).</summary>
    public int ExtendedAvailable => _extended.Available;

    /// <summary>Rents a zeroed Indirect context; false when the pool is exhausted.</summary>
    /// <exception cref="ObjectDisposedException">The ring was stopped (the pools were disposed).</exception>
    [RentsPooledContext]
    public bool TryRentIndirect(out IndirectSqe sqe)
    {
        Lock? gate = _teardownGate;
        if (gate is null)
        {
            sqe = RentIndirect();
        }
        else
        {
            gate.Enter();
            try
            {
                sqe = RentIndirect();
            }
            finally
            {
                gate.Exit();
            }
        }

        return sqe.IsValid;
    }

    /// <summary>Returns an Indirect context. It is zeroed; the handle must not be used again.</summary>
    /// <exception cref="InvalidOperationException">It was already returned.</exception>
    /// <exception cref="ArgumentException">It is the default handle, or does not come from these pools.</exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped (the pools were disposed).</exception>
    [ReturnsPooledContext]
    public void Return(IndirectSqe sqe) => Return(sqe, nameof(sqe));

    /// <summary>Rents a zeroed Extended context (bytes and reference fields); false when the pool is exhausted.</summary>
    /// <exception cref="ObjectDisposedException">The ring was stopped (the pools were disposed).</exception>
    [RentsPooledContext]
    public bool TryRentExtended(out ExtendedSqe sqe)
    {
        Lock? gate = _teardownGate;
        if (gate is null)
        {
            sqe = RentExtended();
        }
        else
        {
            gate.Enter();
            try
            {
                sqe = RentExtended();
            }
            finally
            {
                gate.Exit();
            }
        }

        return sqe.IsValid;
    }

    /// <summary>
    /// Returns an Extended context. Its bytes are zeroed and its reference fields cleared; the handle must
    /// not be used again.
    /// </summary>
    /// <exception cref="InvalidOperationException">It was already returned.</exception>
    /// <exception cref="ArgumentException">It is the default handle, or does not come from these pools.</exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped (the pools were disposed).</exception>
    [ReturnsPooledContext]
    public void Return(ExtendedSqe sqe) => Return(sqe, nameof(sqe));

    /// <summary><see cref="Return(IndirectSqe)"/>, naming the caller's parameter in its exceptions.</summary>
    internal void Return(IndirectSqe sqe, string parameterName)
    {
        Lock? gate = _teardownGate;
        gate?.Enter();
        try
        {
            CheckReturnable(_indirect, sqe.Tag, nameof(IndirectSqe), parameterName);
            _indirect.Return(sqe.Tag);
        }
        finally
        {
            gate?.Exit();
        }
    }

    /// <summary><see cref="Return(ExtendedSqe)"/>, naming the caller's parameter in its exceptions.</summary>
    internal void Return(ExtendedSqe sqe, string parameterName)
    {
        Lock? gate = _teardownGate;
        gate?.Enter();
        try
        {
            CheckReturnable(_extended, sqe.Tag, nameof(ExtendedSqe), parameterName);
            _extended.Return(sqe.Tag, Volatile.Read(ref _managed), MaxManagedFields);
        }
        finally
        {
            gate?.Exit();
        }
    }

    /// <summary>The slot index of an Extended context (stable for the life of the pools).</summary>
    /// <exception cref="ArgumentException"><paramref name="sqe"/> does not come from these pools.</exception>
    public int SlotOf(ExtendedSqe sqe) => _extended.IndexOf((byte*)ContextTag.AddressOf(sqe.Tag));

    /// <summary>The slot index of a rented Extended slot's address (the ring's buffer leases are indexed by it).</summary>
    internal int ExtendedIndexOf(byte* slot) => _extended.IndexOf(slot);

    /// <summary>The slot index of an Extended context.</summary>
    internal int ExtendedIndexOf(ExtendedSqe sqe) => _extended.IndexOf((byte*)ContextTag.AddressOf(sqe.Tag));

    /// <summary>
    /// The <see cref="MaxManagedFields"/> reference slots of a borrowed Extended context: where generated
    /// <c>[UringContext]</c> code keeps the context's reference fields. The table is allocated on first use.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="sqe"/> is the default handle, or does not come from these pools.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="sqe"/> is not currently borrowed (it was returned).</exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped (the pools were disposed).</exception>
    public Span<object?> ManagedFields(ExtendedSqe sqe)
    {
        ThrowIfDisposed();
        if (!sqe.IsValid)
        {
            throw new ArgumentException("The ExtendedSqe is the default handle, not a rented context.", nameof(sqe));
        }

        SlotStatus status = _extended.Classify(ContextTag.AddressOf(sqe.Tag), ContextTag.GenerationOf(sqe.Tag), out byte* slot);
        if (status != SlotStatus.Rented)
        {
            if (status != SlotStatus.Returned)
            {
                ThrowIfDisposed(); // disposed since the first check: the slab is gone, not foreign
                throw new ArgumentException("The ExtendedSqe does not come from these pools (another ring's?).", nameof(sqe));
            }

            ThrowNotBorrowed(_extended.IndexOf((byte*)ContextTag.AddressOf(sqe.Tag)));
        }

        return FieldsAt(_extended.IndexOf(slot));
    }

    /// <summary>
    /// The reference slots of a borrowed Extended context, found through the registry of live pools (so
    /// the caller needs only the handle): see <see cref="ManagedFields"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="sqe"/> is the default handle.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="sqe"/> is not currently borrowed (it was returned).</exception>
    /// <exception cref="ObjectDisposedException">Its ring was stopped (its pools were disposed).</exception>
    public static Span<object?> ManagedFieldsOf(ExtendedSqe sqe)
    {
        if (!sqe.IsValid)
        {
            throw new ArgumentException("The ExtendedSqe is the default handle, not a rented context.", nameof(sqe));
        }

        SlotStatus status = ContextPoolRegistry.Resolve(sqe.Tag, SqeContextMode.Extended, out ContextPools? pools, out byte* slot);
        if (status != SlotStatus.Rented)
        {
            PooledHandle.Throw(nameof(ExtendedSqe), sqe.Tag, status);
        }

        return pools!.FieldsAt(pools._extended.IndexOf(slot));
    }

    /// <summary>The pools of an Extended context rented now, or null (default or returned handle, or its pools were disposed).</summary>
    public static ContextPools? Owning(ExtendedSqe sqe)
        => ContextPoolRegistry.Resolve(sqe.Tag, SqeContextMode.Extended, out ContextPools? pools, out _) == SlotStatus.Rented ? pools : null;

    /// <summary>Frees every context and clears every reference field. Only valid when none is in flight.</summary>
    /// <exception cref="ObjectDisposedException">The ring was stopped (the pools were disposed).</exception>
    public void Reset()
    {
        Lock? gate = _teardownGate;
        gate?.Enter();
        try
        {
            ThrowIfDisposed();
            _indirect.Reset();
            _extended.Reset();
            object?[]? table = Volatile.Read(ref _managed);
            if (table is not null)
            {
                Array.Clear(table);
            }
        }
        finally
        {
            gate?.Exit();
        }
    }

    /// <summary>
    /// Unregisters the pools, releases the native slabs and drops every reference field. Idempotent.
    /// Outstanding handles then throw <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose()
    {
        // A ring's Stop already holds the gate (it is re-entrant); anyone else waits here for a rent or return
        // in progress, so the slabs are never freed under it.
        Lock? gate = _teardownGate;
        gate?.Enter();
        try
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
        finally
        {
            gate?.Exit();
        }
    }

    /// <summary>
    /// True when <paramref name="raw"/>, a pointer-mode <c>user_data</c>, names a slot of THESE pools rented now
    /// at its generation: the ring's check of its own completions and contexts (two compares and a load).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool OwnsRented(ulong raw, out byte* slot)
    {
        NativeSlotPool pool = (raw >> 62) == (ulong)SqeContextMode.Indirect ? _indirect : _extended;
        return pool.Classify(ContextTag.AddressOf(raw), ContextTag.GenerationOf(raw), out slot) == SlotStatus.Rented;
    }

    /// <summary>
    /// Why <paramref name="context"/> (pointer mode) is not a rented slot of these pools, for the message of
    /// the <see cref="ArgumentException"/> a prep method throws (a cold path).
    /// </summary>
    internal string DescribeRejected(SqeContext context)
    {
        ulong tag = context.Raw & ContextTag.Mask;
        NativeSlotPool own = context.Mode == SqeContextMode.Indirect ? _indirect : _extended;
        SlotStatus status = own.Classify(ContextTag.AddressOf(tag), ContextTag.GenerationOf(tag), out _);
        if (status == SlotStatus.Returned)
        {
            return $"The {context.Mode} context {context} was returned to its pool already (or returned and rented again: "
                + "its generation is stale). Prepare only with a context that is rented now, and return it after its last completion.";
        }

        if (status == SlotStatus.Unknown
            && ContextPoolRegistry.Resolve(tag, context.Mode, out ContextPools? other, out _) != SlotStatus.Unknown
            && !ReferenceEquals(other, this))
        {
            return $"The {context.Mode} context {context} belongs to another ring's pools. Rent the context from the ring "
                + "you prepare on (ring.TryRentExtendedSqe / TryRentIndirectSqe).";
        }

        return $"The {context.Mode} context {context} is not from a pool: it names no slot of a live ring's context pools "
            + "(a wild SqeContext.FromRaw value, or its ring was stopped). Pointer-mode contexts come only from "
            + "ring.TryRentExtendedSqe / TryRentIndirectSqe (ext.Context, indirect.Context).";
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

    /// <summary>A rent once no Dispose can run meanwhile (the gate is held, or there is none).</summary>
    private IndirectSqe RentIndirect()
    {
        ThrowIfDisposed();
        return new IndirectSqe(_indirect.Rent());
    }

    private ExtendedSqe RentExtended()
    {
        ThrowIfDisposed();
        return new ExtendedSqe(_extended.Rent(Volatile.Read(ref _managed), MaxManagedFields));
    }

    private Span<object?> FieldsAt(int index)
    {
        object?[] table = Volatile.Read(ref _managed) ?? CreateManagedTable();
        return table.AsSpan(index * MaxManagedFields, MaxManagedFields);
    }

    private object?[] CreateManagedTable()
    {
        object?[] created = new object?[Capacity * MaxManagedFields];
        return Interlocked.CompareExchange(ref _managed, created, null) ?? created;
    }

    private void ThrowIfDisposed()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            ThrowStopped();
        }
    }

    /// <summary>The checks of a return that come before the pool's own (which reports a double return).</summary>
    private void CheckReturnable(NativeSlotPool pool, ulong tag, string kind, string parameterName)
    {
        ThrowIfDisposed();
        if (tag == 0)
        {
            throw new ArgumentException($"The {kind} is the default handle (an exhausted pool's answer), not a rented context: there is nothing to return.", parameterName);
        }

        if (!pool.Contains(ContextTag.AddressOf(tag)))
        {
            throw new ArgumentException($"The {kind} does not come from these pools (another ring's?): return it to the ring it was rented from.", parameterName);
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowStopped() => throw new ObjectDisposedException(nameof(Ring), PooledHandle.StoppedMessage);

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowNotBorrowed(int index)
        => throw new InvalidOperationException($"Extended context slot {index} is not borrowed: its reference fields can only be used between rent and return.");
}
