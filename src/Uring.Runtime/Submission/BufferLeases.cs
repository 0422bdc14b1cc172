using System;
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Uring;

/// <summary>
/// A ring's buffer leases: the pins (<see cref="MemoryHandle"/>s) the <c>Memory&lt;T&gt;</c> op overloads take,
/// held until the request's final completion. A lease is a pooled Extended context the ring rents for itself:
/// its tagged handle is the request's <c>user_data</c>, so the reap path finds the lease from the completion
/// alone, and this table, indexed by the Extended slot, keeps what the native slot cannot hold (the handles,
/// which reference managed objects) and the caller's own context, which the reap puts back on the completion.
/// </summary>
/// <remarks>
/// <para>States of an entry: free, <see cref="LeaseState.Pending"/> (rented by an overload, pins being taken, not
/// queued yet) and <see cref="LeaseState.InFlight"/> (published: the kernel may use the memory). Only the thread
/// that rented a pending lease touches it; a published one is touched under the ring's exclusion (the reaping
/// thread, or <see cref="Ring.Stop"/>), and the publish itself happens under it, so the reaper sees every write
/// the renter made.</para>
/// <para>The table is one array of <see cref="ContextPools.Capacity"/> entries, allocated with the first lease;
/// renting, publishing and releasing allocate nothing.</para>
/// </remarks>
internal sealed unsafe class BufferLeases
{
    /// <summary>Pins one lease holds: the memory parameters one op may take.</summary>
    public const int MaxPins = 2;

    private readonly ContextPools _pools;
    private readonly Entry[] _entries;
    private int _outstanding;

    public BufferLeases(ContextPools pools)
    {
        _pools = pools;
        _entries = new Entry[pools.Capacity];
    }

    /// <summary>Leases rented and not yet released (pending or in flight).</summary>
    public int Outstanding => Volatile.Read(ref _outstanding);

    /// <summary>Leases <see cref="ReleaseAtStop"/> had to leave pinned for ever, because the kernel may still use their memory.</summary>
    public int Leaked { get; private set; }

    /// <summary>
    /// Rents a lease for a request whose caller context is <paramref name="user"/>; false when every Extended
    /// context is in use (backpressure, like a full SQ).
    /// </summary>
    public bool TryBegin(SqeContext user, out SqeContext lease)
    {
        if (!_pools.TryRentExtended(out ExtendedSqe ext))
        {
            lease = default;
            return false;
        }

        ref Entry entry = ref _entries[_pools.ExtendedIndexOf(ext)];
        entry = default;
        entry.State = LeaseState.Pending;
        entry.UserData = user.Raw;
        Interlocked.Increment(ref _outstanding);
        lease = SqeContext.Extended(ext);
        return true;
    }

    /// <summary>Adds a pin to a pending lease. On failure the pin is released before the exception.</summary>
    /// <exception cref="ArgumentException"><paramref name="lease"/> is not a pending lease of this ring.</exception>
    /// <exception cref="InvalidOperationException">The lease holds <see cref="MaxPins"/> pins already.</exception>
    public void Hold(SqeContext lease, MemoryHandle pin)
    {
        if (!TryFind(lease, LeaseState.Pending, out int index))
        {
            pin.Dispose();
            throw new ArgumentException("The context is not a buffer lease of this ring that is being prepared: pass the lease TryBeginLease returned.", nameof(lease));
        }

        ref Entry entry = ref _entries[index];
        if (entry.Pins == MaxPins)
        {
            pin.Dispose();
            throw new InvalidOperationException($"A buffer lease holds at most {MaxPins} pins: an op with more memory parameters cannot be leased.");
        }

        if (entry.Pins == 0)
        {
            entry.First = pin;
        }
        else
        {
            entry.Second = pin;
        }

        entry.Pins++;
    }

    /// <summary>
    /// Releases a lease that was not published (its request was not queued): its pins and its Extended context.
    /// Does nothing for a lease already published, whose memory the kernel may use until its completion.
    /// </summary>
    public void Abandon(SqeContext lease)
    {
        if (TryFind(lease, LeaseState.Pending, out int index))
        {
            Release(index, lease.Raw & ContextTag.Mask);
        }
    }

    /// <summary>True when <paramref name="slot"/>, a rented Extended slot, is a pending lease: a prep is publishing it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsPending(byte* slot) => _entries[_pools.ExtendedIndexOf(slot)].State == LeaseState.Pending;

    /// <summary>The caller's context of the pending lease in <paramref name="slot"/>.</summary>
    public SqeContext UserContextOf(byte* slot) => SqeContext.FromRaw(_entries[_pools.ExtendedIndexOf(slot)].UserData);

    /// <summary>
    /// The lease in <paramref name="slot"/> is queued at SQ position <paramref name="tail"/>: its completion now
    /// carries <paramref name="userData"/> to the caller, and a success is swallowed when
    /// <paramref name="swallowSuccess"/> (a write-like request the caller asked to hear of only when it fails).
    /// </summary>
    public void Publish(byte* slot, ulong lease, ulong userData, bool swallowSuccess, uint tail)
    {
        ref Entry entry = ref _entries[_pools.ExtendedIndexOf(slot)];
        entry.Lease = lease;
        entry.UserData = userData;
        entry.SwallowSuccess = swallowSuccess;
        entry.Tail = tail;
        entry.State = LeaseState.InFlight;
    }

    /// <summary>
    /// A completion whose <c>user_data</c> names rented Extended slot <paramref name="slot"/>: false when the slot
    /// is no published lease (an ordinary Extended context). For a lease, <paramref name="userData"/> becomes the
    /// caller's, the lease is released on the final completion (no <see cref="CqeFlags.More"/>), and
    /// <paramref name="deliver"/> is false for a success the caller asked not to see. A pin whose release throws
    /// (a custom <see cref="MemoryManager{T}"/>) is reported through <paramref name="failure"/> after everything
    /// else was released.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryComplete(byte* slot, ref ulong userData, int result, uint flags, out bool deliver, ref Exception? failure)
    {
        int index = _pools.ExtendedIndexOf(slot);
        ref Entry entry = ref _entries[index];
        if (entry.State != LeaseState.InFlight)
        {
            deliver = true;
            return false;
        }

        ulong tag = userData & ContextTag.Mask;
        userData = entry.UserData;
        bool final = (flags & (uint)CqeFlags.More) == 0;
        deliver = !(final && result >= 0 && entry.SwallowSuccess);
        if (final)
        {
            failure ??= Release(index, tag);
        }

        return true;
    }

    /// <summary>
    /// The <c>user_data</c> of a published lease whose caller gave it <paramref name="callerUserData"/> (the first
    /// found); false when none did. A scan of the table: for cancels, not for hot paths.
    /// </summary>
    public bool TryFindLeaseOf(ulong callerUserData, out ulong lease)
    {
        foreach (ref readonly Entry entry in _entries.AsSpan())
        {
            if (entry.State == LeaseState.InFlight && entry.UserData == callerUserData)
            {
                lease = entry.Lease;
                return true;
            }
        }

        lease = 0;
        return false;
    }

    /// <summary>The caller's <c>user_data</c> of the published lease in <paramref name="slot"/>; false when it is none.</summary>
    public bool TryGetCallerUserData(byte* slot, out ulong userData)
    {
        ref Entry entry = ref _entries[_pools.ExtendedIndexOf(slot)];
        userData = entry.UserData;
        return entry.State == LeaseState.InFlight;
    }

    /// <summary>
    /// The published lease in <paramref name="slot"/> (whose handle is <paramref name="tag"/>) was taken back off the
    /// SQ before the kernel saw it: release it now. Returns what a pin's release threw.
    /// </summary>
    public Exception? ReleaseTakenBack(byte* slot, ulong tag)
    {
        int index = _pools.ExtendedIndexOf(slot);
        return _entries[index].State == LeaseState.InFlight ? Release(index, tag) : null;
    }

    /// <summary>
    /// The ring is stopping: release every lease whose memory the kernel is done with, that is, pending ones,
    /// published ones whose SQE the kernel never consumed (at or after SQ head <paramref name="sqHead"/>), and those
    /// whose final completion is in <paramref name="unreaped"/>. The rest may still be used by the kernel (the
    /// ring's teardown finishes asynchronously and says nothing when it does), so their pins are kept for the life
    /// of the process: leaked, never freed under the kernel.
    /// </summary>
    public void ReleaseAtStop(uint sqHead, ReadOnlySpan<Interop.IoUringCqe> unreaped)
    {
        foreach (Interop.IoUringCqe cqe in unreaped)
        {
            if ((cqe.Flags & (uint)CqeFlags.More) == 0 && ContextTag.ClaimsPooledSlot(cqe.UserData)
                && (cqe.UserData >> 62) == (ulong)SqeContextMode.Extended
                && _pools.OwnsRented(cqe.UserData, out byte* slot))
            {
                int index = _pools.ExtendedIndexOf(slot);
                if (_entries[index].State == LeaseState.InFlight)
                {
                    ReleasePins(index);
                }
            }
        }

        for (int i = 0; i < _entries.Length; i++)
        {
            ref Entry entry = ref _entries[i];
            if (entry.State == LeaseState.Pending || (entry.State == LeaseState.InFlight && (int)(entry.Tail - sqHead) >= 0))
            {
                ReleasePins(i);
            }
            else if (entry.State == LeaseState.InFlight)
            {
                // Kept pinned: the kernel may still read or write this memory.
                Leaked++;
                entry.State = LeaseState.Leaked;
            }
        }
    }

    private bool TryFind(SqeContext lease, LeaseState state, out int index)
    {
        if (lease.Mode == SqeContextMode.Extended && _pools.OwnsRented(lease.Raw, out byte* slot))
        {
            index = _pools.ExtendedIndexOf(slot);
            return _entries[index].State == state;
        }

        index = -1;
        return false;
    }

    /// <summary>Frees the entry and its Extended context, then releases the pins; returns what a pin's release threw.</summary>
    private Exception? Release(int index, ulong tag)
    {
        ref Entry entry = ref _entries[index];
        MemoryHandle first = entry.First;
        MemoryHandle second = entry.Second;
        entry = default;
        Interlocked.Decrement(ref _outstanding);
        _pools.Return(new ExtendedSqe(tag), "lease");
        return DisposeBoth(first, second);
    }

    /// <summary>Releases the pins of an entry at stop (the pools are disposed next; the slot is not returned).</summary>
    private void ReleasePins(int index)
    {
        ref Entry entry = ref _entries[index];
        MemoryHandle first = entry.First;
        MemoryHandle second = entry.Second;
        entry = default;
        Interlocked.Decrement(ref _outstanding);
        DisposeBoth(first, second);
    }

    /// <summary>
    /// Disposes both pins. For a <see cref="NativeBuffer"/> or an array this cannot throw; a custom memory
    /// manager's Unpin might, and one failure must not keep the other pin (or the reap) from finishing.
    /// </summary>
    private static Exception? DisposeBoth(MemoryHandle first, MemoryHandle second)
    {
        Exception? failure = null;
        try
        {
            first.Dispose();
        }
        catch (Exception error)
        {
            failure = error;
        }

        try
        {
            second.Dispose();
        }
        catch (Exception error)
        {
            failure ??= error;
        }

        return failure;
    }

    private enum LeaseState : byte
    {
        Free,
        Pending,
        InFlight,
        Leaked,
    }

    private struct Entry
    {
        public LeaseState State;
        public bool SwallowSuccess;
        public int Pins;
        public uint Tail;

        /// <summary>Pending: the caller's context. In flight: the <c>user_data</c> its completions carry.</summary>
        public ulong UserData;

        /// <summary>In flight: the lease's own <c>user_data</c>, the one the kernel knows the request by.</summary>
        public ulong Lease;

        public MemoryHandle First;
        public MemoryHandle Second;
    }
}
