using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace Uring;

/// <summary>
/// A lock-free, bounded, multi-producer multi-consumer pool of fixed-size slots in one aligned native slab.
/// Free slot indices travel through a sequence-numbered ring (the classic bounded MPMC queue), so rent and
/// return are one CAS each and never allocate.
/// </summary>
/// <remarks>
/// Each slot has a state word: its generation (<see cref="ContextTag.GenerationBits"/> bits, shifted left by
/// one) and a borrowed bit. Every rent bumps the generation, and handles carry the generation they were
/// rented with, so a handle or a completion of an earlier rental never passes for the current one, and a
/// second return (or the return of a stale handle) is an error instead of freeing someone else's slot.
/// Slots are zeroed on rent as well as on return: a write through a stale reference taken before the
/// return cannot reach the next renter.
/// </remarks>
internal sealed unsafe class NativeSlotPool : IDisposable
{
    private const int BorrowedBit = 1;

    /// <summary>Spreads the first generation of successive pools, so a slab reallocated at a freed slab's address starts elsewhere.</summary>
    private static int s_poolSeed;

    private readonly Cell[] _cells;
    private readonly int[] _states;
    private readonly int _mask;
    private readonly int _slotShift;
    private byte* _slab;
    private PaddedCounter _enqueue;
    private PaddedCounter _dequeue;

    /// <exception cref="PlatformNotSupportedException">The slab was placed above the 48-bit address range a handle can carry.</exception>
    public NativeSlotPool(int capacity, int slotSize)
    {
        if (capacity <= 0 || (capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "Pool capacity must be a positive power of two.");
        }

        if (slotSize <= 0 || (slotSize & (slotSize - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(slotSize), slotSize, "Slot size must be a positive power of two.");
        }

        Capacity = capacity;
        SlotSize = slotSize;
        _slotShift = System.Numerics.BitOperations.Log2((uint)slotSize);
        _mask = capacity - 1;
        _cells = new Cell[capacity];
        _states = new int[capacity];
        nuint bytes = (nuint)capacity * (nuint)slotSize;
        _slab = (byte*)NativeMemory.AlignedAlloc(bytes, 64);
        if ((ulong)_slab + bytes > ContextTag.AddressLimit)
        {
            ulong placed = (ulong)_slab;
            NativeMemory.AlignedFree(_slab);
            _slab = null;
            throw new PlatformNotSupportedException(
                $"The context pool's memory was placed at 0x{placed:x}, above the {ContextTag.AddressBits}-bit address range pooled "
                + "contexts encode (bits 48–61 of user_data carry the slot's generation). This needs a kernel that keeps user "
                + "mappings below 2^48 (the default without a 5-level paging hint).");
        }

        NativeMemory.Clear(_slab, bytes);
        int first = (int)(((uint)Interlocked.Increment(ref s_poolSeed) * 0x9E3Bu) & ContextTag.GenerationMask) << 1;
        Array.Fill(_states, first);
        ResetQueue();
    }

    public int Capacity { get; }

    public int SlotSize { get; }

    /// <summary>The first byte of the slab (null once disposed).</summary>
    public byte* Slab => _slab;

    /// <summary>Bytes in the slab.</summary>
    public nuint SlabLength => (nuint)Capacity * (nuint)SlotSize;

    /// <summary>Slots currently free (a snapshot under concurrency).</summary>
    public int Available
    {
        get
        {
            long used = Volatile.Read(ref _enqueue.Value) - Volatile.Read(ref _dequeue.Value);
            return (int)Math.Clamp(used, 0, Capacity);
        }
    }

    /// <summary>
    /// Rents a zeroed slot and reports the generation it is rented with (its tag), or returns 0 when every
    /// slot is borrowed (backpressure, not an error). <paramref name="sideTable"/>'s <paramref name="stride"/>
    /// entries of the slot are cleared too.
    /// </summary>
    public ulong Rent(object?[]? sideTable = null, int stride = 0)
    {
        ObjectDisposedException.ThrowIf(_slab == null, this);
        long position = Volatile.Read(ref _dequeue.Value);
        while (true)
        {
            ref Cell cell = ref _cells[(int)position & _mask];
            long sequence = Volatile.Read(ref cell.Sequence);
            long difference = sequence - (position + 1);
            if (difference == 0)
            {
                if (Interlocked.CompareExchange(ref _dequeue.Value, position + 1, position) == position)
                {
                    int index = cell.Index;
                    Volatile.Write(ref cell.Sequence, position + _mask + 1);
                    return Claim(index, sideTable, stride);
                }
            }
            else if (difference < 0)
            {
                return 0;
            }

            position = Volatile.Read(ref _dequeue.Value);
        }
    }

    /// <summary>
    /// Returns the slot named by <paramref name="tag"/>, zeroing it and, when <paramref name="sideTable"/> is
    /// given, its <paramref name="stride"/> entries there: after the generation check (so a second or stale
    /// return never clears what the slot's next renter stored) and before the slot can be rented again.
    /// </summary>
    /// <exception cref="ArgumentException">The tag's address is not a slot of this pool.</exception>
    /// <exception cref="InvalidOperationException">The slot was already returned (or returned and rented again).</exception>
    public void Return(ulong tag, object?[]? sideTable = null, int stride = 0)
    {
        ObjectDisposedException.ThrowIf(_slab == null, this);
        byte* slot = (byte*)ContextTag.AddressOf(tag);
        int index = IndexOf(slot);
        int rented = StateFor(ContextTag.GenerationOf(tag), borrowed: true);
        if (Interlocked.CompareExchange(ref _states[index], rented & ~BorrowedBit, rented) != rented)
        {
            throw new InvalidOperationException(
                $"Pool slot {index} was returned twice (or the handle is stale: the slot was returned and rented again since). Return each rented context exactly once.");
        }

        NativeMemory.Clear(slot, (nuint)SlotSize);
        if (sideTable is not null)
        {
            Array.Clear(sideTable, index * stride, stride);
        }

        Enqueue(index);
    }

    /// <summary>
    /// What <paramref name="address"/> at <paramref name="generation"/> names here, without touching the
    /// slot's memory: the check every decoding of a pooled pointer goes through.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public SlotStatus Classify(nuint address, uint generation, out byte* slot)
    {
        byte* slab = _slab;
        nuint offset = address - (nuint)slab;
        slot = null;
        if (slab == null || offset >= SlabLength)
        {
            return SlotStatus.Unknown;
        }

        if ((offset & (nuint)(SlotSize - 1)) != 0)
        {
            return SlotStatus.Misaligned;
        }

        if (Volatile.Read(ref _states[(int)(offset >> _slotShift)]) != StateFor(generation, borrowed: true))
        {
            return SlotStatus.Returned;
        }

        slot = (byte*)address;
        return SlotStatus.Rented;
    }

    /// <summary>True if <paramref name="tag"/> names a slot of this pool rented now at its generation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsRented(ulong tag) => Classify(ContextTag.AddressOf(tag), ContextTag.GenerationOf(tag), out _) == SlotStatus.Rented;

    /// <summary>True if <paramref name="address"/> lies inside the slab.</summary>
    public bool Contains(nuint address) => _slab != null && address - (nuint)_slab < SlabLength;

    /// <summary>The slot index of <paramref name="slot"/>.</summary>
    /// <exception cref="ArgumentException">The pointer is not a slot of this pool.</exception>
    public int IndexOf(byte* slot)
    {
        long offset = slot - _slab;
        if (_slab == null || offset < 0 || offset >= (long)Capacity * SlotSize || (offset & (SlotSize - 1)) != 0)
        {
            throw new ArgumentException("The pointer does not belong to this pool.", nameof(slot));
        }

        return (int)(offset >> _slotShift);
    }

    /// <summary>
    /// Makes every slot free again, keeping generations (so handles of the old rentals stay stale). Only
    /// valid when no slot is in use (nothing in flight).
    /// </summary>
    public void Reset()
    {
        ObjectDisposedException.ThrowIf(_slab == null, this);
        NativeMemory.Clear(_slab, (nuint)Capacity * (nuint)SlotSize);
        for (int i = 0; i < _states.Length; i++)
        {
            _states[i] &= ~BorrowedBit;
        }

        ResetQueue();
    }

    public void Dispose()
    {
        byte* slab = _slab;
        if (slab != null)
        {
            // Readers check the slab pointer before anything else, so clear it before the memory goes.
            _slab = null;
            Interlocked.MemoryBarrier();
            NativeMemory.AlignedFree(slab);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int StateFor(uint generation, bool borrowed) => (int)(generation << 1) | (borrowed ? BorrowedBit : 0);

    /// <summary>The dequeue made this thread the slot's only holder: scrub it, then publish the new generation.</summary>
    private ulong Claim(int index, object?[]? sideTable, int stride)
    {
        byte* slot = _slab + ((nint)index * SlotSize);
        NativeMemory.Clear(slot, (nuint)SlotSize);
        if (sideTable is not null)
        {
            Array.Clear(sideTable, index * stride, stride);
        }

        uint generation = (((uint)_states[index] >> 1) + 1) & ContextTag.GenerationMask;
        Volatile.Write(ref _states[index], StateFor(generation, borrowed: true));
        return ContextTag.Pack((nuint)slot, generation);
    }

    private void ResetQueue()
    {
        for (int i = 0; i < Capacity; i++)
        {
            _cells[i].Sequence = i;
        }

        _enqueue.Value = 0;
        _dequeue.Value = 0;
        for (int i = 0; i < Capacity; i++)
        {
            Enqueue(i);
        }
    }

    private void Enqueue(int index)
    {
        SpinWait spin = default;
        long position = Volatile.Read(ref _enqueue.Value);
        while (true)
        {
            ref Cell cell = ref _cells[(int)position & _mask];
            long sequence = Volatile.Read(ref cell.Sequence);
            long difference = sequence - position;
            if (difference == 0)
            {
                if (Interlocked.CompareExchange(ref _enqueue.Value, position + 1, position) == position)
                {
                    cell.Index = index;
                    Volatile.Write(ref cell.Sequence, position + 1);
                    return;
                }
            }
            else if (difference < 0)
            {
                // The cell's previous occupant was claimed by a dequeue that has not yet published the
                // cell's next sequence. Each index is in the queue at most once (the state CAS in Return
                // guarantees it), so the queue is never really full and this clears in a few instructions.
                spin.SpinOnce();
            }

            position = Volatile.Read(ref _enqueue.Value);
        }
    }

    private struct Cell
    {
        public long Sequence;
        public int Index;
    }

    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct PaddedCounter
    {
        [FieldOffset(64)] public long Value;
    }
}
