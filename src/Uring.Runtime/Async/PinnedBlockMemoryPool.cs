using System;
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Uring;

/// <summary>
/// The default memory of <see cref="LoopDuplexPipe"/>s: blocks of <see cref="BlockSize"/> bytes on the pinned object
/// heap, reused forever. Pinned memory makes the pin a receive takes until its completion free (no GC handle), and a
/// pool that never trims keeps a steady connection at 0 B allocated even when GCs run (the shared
/// <see cref="ArrayPool{T}"/> drops its cached arrays on a gen-2 GC, and renting them again allocates).
/// </summary>
/// <remarks>Rent and return from any thread (one lock, no allocation once the pool holds the high-water mark of blocks).</remarks>
internal sealed class PinnedBlockMemoryPool : MemoryPool<byte>
{
    /// <summary>Bytes per block (the pipes' default segment size).</summary>
    public const int BlockSize = 4096;

    private readonly Lock _lock = new();
    private Block[] _free = new Block[64];
    private int _freeCount;

    /// <summary>The pool every pipe without a <see cref="LoopDuplexPipeOptions.MemoryPool"/> uses.</summary>
    public static PinnedBlockMemoryPool Default { get; } = new();

    /// <inheritdoc/>
    public override int MaxBufferSize => BlockSize;

    /// <summary>Blocks created so far (tests).</summary>
    internal int BlocksCreated { get; private set; }

    /// <inheritdoc/>
    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        if (minBufferSize > BlockSize)
        {
            throw new ArgumentOutOfRangeException(nameof(minBufferSize), minBufferSize, $"Blocks hold {BlockSize} bytes.");
        }

        lock (_lock)
        {
            if (_freeCount > 0)
            {
                Block block = _free[--_freeCount];
                _free[_freeCount] = null!;
                block.Rented = true;
                return block;
            }

            BlocksCreated++;
        }

        return new Block(this) { Rented = true };
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        // Shared and process-wide: nothing to release.
    }

    private void Return(Block block)
    {
        lock (_lock)
        {
            if (!block.Rented)
            {
                return; // disposed twice: keep it in the free list once
            }

            block.Rented = false;
            if (_freeCount == _free.Length)
            {
                Array.Resize(ref _free, _free.Length * 2);
            }

            _free[_freeCount++] = block;
        }
    }

    /// <summary>One pinned block; disposing the owner gives it back to the pool.</summary>
    private sealed unsafe class Block : MemoryManager<byte>
    {
        private readonly PinnedBlockMemoryPool _pool;
        private readonly byte[] _array = GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true);

        public Block(PinnedBlockMemoryPool pool) => _pool = pool;

        /// <summary>Rented now (under the pool's lock).</summary>
        public bool Rented;

        public override Span<byte> GetSpan() => _array;

        public override MemoryHandle Pin(int elementIndex = 0)
        {
            // On the pinned object heap: the address never changes, no handle needed.
            return new MemoryHandle(Unsafe.AsPointer(ref _array[elementIndex]));
        }

        public override void Unpin()
        {
        }

        protected override bool TryGetArray(out ArraySegment<byte> segment)
        {
            segment = new ArraySegment<byte>(_array);
            return true;
        }

        protected override void Dispose(bool disposing) => _pool.Return(this);
    }
}
