using System;
using System.Buffers;
using Xunit;

namespace Uring.Tests.Async;

/// <summary>The pipes' default memory: pinned 4 KiB blocks, reused, pinned without a handle.</summary>
public sealed class PinnedBlockMemoryPoolTests
{
    [Fact]
    public unsafe void Blocks_are_pinned_reused_and_returned_once()
    {
        PinnedBlockMemoryPool pool = new();
        IMemoryOwner<byte> first = pool.Rent(100);
        Assert.Equal(PinnedBlockMemoryPool.BlockSize, first.Memory.Length);
        using (MemoryHandle pin = first.Memory.Pin())
        {
            Assert.True(pin.Pointer == System.Runtime.CompilerServices.Unsafe.AsPointer(ref first.Memory.Span[0]));
        }

        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        using (MemoryHandle again = first.Memory.Slice(10).Pin())
        {
            Assert.True(again.Pointer == System.Runtime.CompilerServices.Unsafe.AsPointer(ref first.Memory.Span[10]));
        }

        first.Dispose();
        first.Dispose(); // a second dispose does not put it in the free list twice
        IMemoryOwner<byte> second = pool.Rent();
        IMemoryOwner<byte> third = pool.Rent();
        Assert.Same(first, second);
        Assert.NotSame(second, third);
        Assert.Equal(2, pool.BlocksCreated);
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(PinnedBlockMemoryPool.BlockSize + 1));
        second.Dispose();
        third.Dispose();
    }
}
