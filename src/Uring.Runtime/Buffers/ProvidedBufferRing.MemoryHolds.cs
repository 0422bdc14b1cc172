using System.Runtime.InteropServices;
using System.Threading;

namespace Uring;

// Memory holds: the group's buffers outlive the group (its Dispose, its ring's Stop) while views of them handed out as
// Memory<byte> are alive. A ProvidedBuffer checks the group on every access and throws once it is gone; a
// Memory<byte> cannot, so whoever hands one out (the event loop's lent buffers, their pins) holds the memory, and the
// buffers are freed when the group is released AND the last hold is gone, whichever comes last, on that thread.
public sealed unsafe partial class ProvidedBufferRing
{
    // One word, changed only by compare-exchange, so "no hold left and released" becomes "freed" in one step and no hold
    // can be added in between: the number of holds, plus SlabReleased once the group was released; SlabFreed at the end.
    private const int SlabReleased = 1 << 30;
    private const int SlabFreed = -1;

    private int _slabState;

    /// <summary>Bytes of the buffers (<see cref="BufferCount"/> × <see cref="BufferSize"/>).</summary>
    internal nuint SlabBytes => (nuint)BufferCount * (nuint)BufferSize;

    /// <summary>Bytes of the ring entries this object allocated (0 for a kernel-allocated ring).</summary>
    internal nuint EntryAllocationBytes => (Flags & ProvidedBufferRingFlags.KernelAllocated) != 0 ? 0 : (_ringBytes + PageSize - 1) & ~(nuint)(PageSize - 1);

    /// <summary>The first byte of buffer 0; the buffers lie back to back from here (valid until <see cref="IsSlabFreed"/>).</summary>
    internal byte* SlabAddress => _slab;

    /// <summary>True once the buffers' memory was freed.</summary>
    internal bool IsSlabFreed => Volatile.Read(ref _slabState) == SlabFreed;

    /// <summary>Memory holds alive now (tests).</summary>
    internal int MemoryHolds => Volatile.Read(ref _slabState) is var state && state == SlabFreed ? 0 : state & ~SlabReleased;

    /// <summary>
    /// Keeps the buffers' memory allocated until a matching <see cref="ReleaseMemoryHold"/>, also past the group's
    /// release. Any thread. False when the memory is already freed (nothing is held then).
    /// </summary>
    internal bool TryAddMemoryHold()
    {
        while (true)
        {
            int state = Volatile.Read(ref _slabState);
            if (state == SlabFreed)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _slabState, state + 1, state) == state)
            {
                return true;
            }
        }
    }

    /// <summary>
    /// Ends a hold of <see cref="TryAddMemoryHold"/>. Any thread. True when this call freed the buffers (the group was
    /// released and this was the last hold).
    /// </summary>
    internal bool ReleaseMemoryHold()
    {
        while (true)
        {
            int state = Volatile.Read(ref _slabState);
            int next = state - 1;
            if (next == SlabReleased)
            {
                if (Interlocked.CompareExchange(ref _slabState, SlabFreed, state) == state)
                {
                    NativeMemory.AlignedFree(_slab);
                    return true;
                }
            }
            else if (Interlocked.CompareExchange(ref _slabState, next, state) == state)
            {
                return false;
            }
        }
    }

    /// <summary>The group is released (from <see cref="FreeMemory"/>): frees the buffers now unless a hold keeps them.</summary>
    private void ReleaseSlab()
    {
        while (true)
        {
            int state = Volatile.Read(ref _slabState);
            if (state == SlabFreed || (state & SlabReleased) != 0)
            {
                return;
            }

            int next = state == 0 ? SlabFreed : state | SlabReleased;
            if (Interlocked.CompareExchange(ref _slabState, next, state) == state)
            {
                if (next == SlabFreed)
                {
                    NativeMemory.AlignedFree(_slab);
                }

                return;
            }
        }
    }
}
