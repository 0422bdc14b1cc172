using System;
using System.Buffers;
using System.Runtime.InteropServices;

namespace Uring;

/// <summary>
/// One buffer of a loop's <see cref="ProvidedBufferPool"/> while it is lent out: a provided buffer the kernel filled
/// (<see cref="Index"/> below the group's buffer count), or an overflow block a fallback receive filled when the group
/// was empty. One object per buffer, created once and reused by every lend, so lending allocates nothing. It is also a
/// <see cref="ReadOnlySequenceSegment{T}"/>, so a pipe reader links lent buffers into a
/// <see cref="ReadOnlySequence{T}"/> without copying.
/// </summary>
internal sealed class LentSlot : ReadOnlySequenceSegment<byte>
{
    public LentSlot(ProvidedBufferPool pool, int index, byte[]? overflow)
    {
        Pool = pool;
        Index = index;
        Overflow = overflow;
    }

    public ProvidedBufferPool Pool { get; }

    /// <summary>The buffer id in the group, or (for an overflow block) the group's buffer count plus its number.</summary>
    public int Index { get; }

    /// <summary>An overflow block's memory (on the pinned object heap); null for a provided buffer.</summary>
    public byte[]? Overflow { get; }

    /// <summary>
    /// Odd while lent, even while the pool has it; bumped by each lend and by the return that ends it, so a
    /// <see cref="LentBuffer"/> names exactly one lend and a second return of it is caught. Changed with interlocked
    /// operations by returns on any thread.
    /// </summary>
    public int Token;

    /// <summary>The bytes the kernel put in this buffer (reading them does not check that the buffer is still lent).</summary>
    public int Length => Memory.Length;

    /// <summary>Starts a lend of the bytes <paramref name="memory"/> holds (loop thread); returns the lend's token.</summary>
    public int Lend(ReadOnlyMemory<byte> memory)
    {
        Memory = memory;
        Next = null;
        RunningIndex = 0;
        return System.Threading.Interlocked.Increment(ref Token);
    }

    /// <summary>Places the buffer at <paramref name="runningIndex"/> of a pipe's stream of bytes (its reader's lock held).</summary>
    public void Place(long runningIndex) => RunningIndex = runningIndex;

    /// <summary>Links <paramref name="next"/> after this buffer (the reader's lock held).</summary>
    public void Link(LentSlot? next) => Next = next;

    /// <summary>The buffer after this one in a pipe reader's chain.</summary>
    public LentSlot? NextSlot => (LentSlot?)Next;

    /// <summary>A lent buffer as the application sees it.</summary>
    public LentBuffer ToLentBuffer(int token) => new(this, token);

    /// <summary>The overflow block's memory of <paramref name="length"/> bytes (free: the array never moves).</summary>
    public Memory<byte> OverflowMemory(int length) => MemoryMarshal.CreateFromPinnedArray(Overflow!, 0, length);
}
