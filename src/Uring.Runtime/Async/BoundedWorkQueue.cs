using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace Uring;

/// <summary>What <see cref="BoundedWorkQueue.TryEnqueue"/> found.</summary>
internal enum EnqueueResult
{
    /// <summary>Queued.</summary>
    Queued,

    /// <summary>Every cell is taken: the consumer has not caught up (backpressure).</summary>
    Full,

    /// <summary>The queue was closed: nothing will run it.</summary>
    Closed,
}

/// <summary>
/// A bounded multi-producer, single-consumer queue of <see cref="LoopWork"/> (a cell array with per-cell
/// sequence numbers: producers claim a position with one compare-and-swap on the tail, then publish the cell).
/// Enqueueing and dequeueing allocate nothing.
/// </summary>
/// <remarks>
/// <para>The tail is the variable producers CAS, so "the queue is empty" is read from it: a consumer that sees
/// the tail equal to its head after a full fence knows that every producer whose CAS comes later will see what
/// the consumer wrote before that fence (the loop's "I am going to sleep" flag). A cell claimed but not yet
/// published makes the queue non-empty but not dequeueable for a few instructions; the consumer retries.</para>
/// <para>The consumer closes the queue by setting <see cref="ClosedBit"/> in the tail with the same CAS, so after
/// <see cref="Close"/> no producer can claim a cell, and everything claimed before can still be drained.</para>
/// </remarks>
internal sealed class BoundedWorkQueue
{
    private const long ClosedBit = 1L << 62;

    private readonly Cell[] _cells;
    private readonly long _mask;

    // Producers' position (CAS), padded away from the consumer's head.
    private PaddedLong _tail;
    private long _head;

    public BoundedWorkQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        int size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity);
        _cells = new Cell[size];
        for (int i = 0; i < size; i++)
        {
            _cells[i].Sequence = i;
        }

        _mask = size - 1;
    }

    /// <summary>The number of cells (a power of two at least the requested capacity).</summary>
    public int Capacity => _cells.Length;

    /// <summary>Items claimed and not yet dequeued (approximate when read off the consumer thread).</summary>
    public int Count => (int)Math.Max(0, (Volatile.Read(ref _tail.Value) & ~ClosedBit) - Volatile.Read(ref _head));

    /// <summary>True once <see cref="Close"/> ran.</summary>
    public bool IsClosed => (Volatile.Read(ref _tail.Value) & ClosedBit) != 0;

    /// <summary>Consumer only: true when no producer has claimed a cell past the head (read from the tail).</summary>
    public bool IsEmpty => (Volatile.Read(ref _tail.Value) & ~ClosedBit) == _head;

    /// <summary>Claims a cell and publishes <paramref name="work"/> in it; any thread.</summary>
    public EnqueueResult TryEnqueue(in LoopWork work)
    {
        Cell[] cells = _cells;
        long position = Volatile.Read(ref _tail.Value);
        while (true)
        {
            if ((position & ClosedBit) != 0)
            {
                return EnqueueResult.Closed;
            }

            ref Cell cell = ref cells[position & _mask];
            long sequence = Volatile.Read(ref cell.Sequence);
            long difference = sequence - position;
            if (difference == 0)
            {
                long seen = Interlocked.CompareExchange(ref _tail.Value, position + 1, position);
                if (seen == position)
                {
                    cell.Work = work;
                    Volatile.Write(ref cell.Sequence, position + 1);
                    return EnqueueResult.Queued;
                }

                position = seen;
            }
            else if (difference < 0)
            {
                // The cell still holds the item of one lap ago: full, unless the tail moved meanwhile.
                long now = Volatile.Read(ref _tail.Value);
                if (now == position)
                {
                    return EnqueueResult.Full;
                }

                position = now;
            }
            else
            {
                position = Volatile.Read(ref _tail.Value);
            }
        }
    }

    /// <summary>
    /// Consumer only: takes the next item. False when the queue is empty, or when the next cell was claimed
    /// but is not published yet (<see cref="IsEmpty"/> tells the two apart).
    /// </summary>
    public bool TryDequeue(out LoopWork work)
    {
        long position = _head;
        ref Cell cell = ref _cells[position & _mask];
        if (Volatile.Read(ref cell.Sequence) != position + 1)
        {
            work = default;
            return false;
        }

        work = cell.Work;
        cell.Work = default;
        Volatile.Write(ref cell.Sequence, position + _cells.Length);
        Volatile.Write(ref _head, position + 1);
        return true;
    }

    /// <summary>Consumer only: refuses every later <see cref="TryEnqueue"/>; items claimed before stay drainable.</summary>
    public void Close()
    {
        long position = Volatile.Read(ref _tail.Value);
        while ((position & ClosedBit) == 0)
        {
            long seen = Interlocked.CompareExchange(ref _tail.Value, position | ClosedBit, position);
            if (seen == position)
            {
                return;
            }

            position = seen;
        }
    }

    private struct Cell
    {
        public long Sequence;
        public LoopWork Work;
    }

    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct PaddedLong
    {
        [FieldOffset(64)]
        public long Value;
    }
}
