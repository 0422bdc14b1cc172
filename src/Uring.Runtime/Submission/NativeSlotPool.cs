using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace Uring;

/// <summary>
/// A lock-free, bounded, multi-producer multi-consumer pool of fixed-size slots in one aligned native slab.
/// Free slot indices travel through a sequence-numbered ring (the classic bounded MPMC queue), so rent and
/// return are one CAS each and never allocate. A per-slot state word turns a second return into an error.
/// </summary>
internal sealed unsafe class NativeSlotPool : IDisposable
{
    private const int Free = 0;
    private const int Borrowed = 1;

    private readonly Cell[] _cells;
    private readonly int[] _states;
    private readonly int _mask;
    private readonly int _slotShift;
    private byte* _slab;
    private PaddedCounter _enqueue;
    private PaddedCounter _dequeue;

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
        NativeMemory.Clear(_slab, bytes);
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

    /// <summary>Rents a zeroed slot, or returns null when every slot is borrowed (backpressure, not an error).</summary>
    public byte* Rent()
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
                    Volatile.Write(ref _states[index], Borrowed);
                    return _slab + ((nint)index * SlotSize);
                }
            }
            else if (difference < 0)
            {
                return null;
            }

            position = Volatile.Read(ref _dequeue.Value);
        }
    }

    /// <summary>Returns a slot, zeroing it first.</summary>
    /// <exception cref="ArgumentException">The pointer is not a slot of this pool.</exception>
    /// <exception cref="InvalidOperationException">The slot was already returned.</exception>
    public void Return(byte* slot) => Return(slot, null, 0);

    /// <summary>
    /// Returns a slot, zeroing it and, when <paramref name="sideTable"/> is given, its
    /// <paramref name="stride"/> entries there: after the double-return check (so a second return never
    /// clears what the slot's next renter stored) and before the slot can be rented again.
    /// </summary>
    /// <exception cref="ArgumentException">The pointer is not a slot of this pool.</exception>
    /// <exception cref="InvalidOperationException">The slot was already returned.</exception>
    public void Return(byte* slot, object?[]? sideTable, int stride)
    {
        ObjectDisposedException.ThrowIf(_slab == null, this);
        int index = IndexOf(slot);
        if (Interlocked.CompareExchange(ref _states[index], Free, Borrowed) != Borrowed)
        {
            throw new InvalidOperationException($"Pool slot {index} was returned twice (or never rented).");
        }

        NativeMemory.Clear(slot, (nuint)SlotSize);
        if (sideTable is not null)
        {
            Array.Clear(sideTable, index * stride, stride);
        }

        Enqueue(index);
    }

    /// <summary>True if <paramref name="slot"/> is currently rented from this pool.</summary>
    public bool IsBorrowed(byte* slot) => IsBorrowed(IndexOf(slot));

    /// <summary>True if the slot at <paramref name="index"/> is currently rented.</summary>
    public bool IsBorrowed(int index) => Volatile.Read(ref _states[index]) == Borrowed;

    /// <summary>The slot index of <paramref name="slot"/>.</summary>
    public int IndexOf(byte* slot)
    {
        long offset = slot - _slab;
        if (_slab == null || offset < 0 || offset >= (long)Capacity * SlotSize || (offset & (SlotSize - 1)) != 0)
        {
            throw new ArgumentException("The pointer does not belong to this pool.", nameof(slot));
        }

        return (int)(offset >> _slotShift);
    }

    /// <summary>Makes every slot free again. Only valid when no slot is in use (nothing in flight).</summary>
    public void Reset()
    {
        ObjectDisposedException.ThrowIf(_slab == null, this);
        NativeMemory.Clear(_slab, (nuint)Capacity * (nuint)SlotSize);
        Array.Clear(_states);
        ResetQueue();
    }

    public void Dispose()
    {
        if (_slab != null)
        {
            NativeMemory.AlignedFree(_slab);
            _slab = null;
        }
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
