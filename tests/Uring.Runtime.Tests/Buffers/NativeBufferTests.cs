using System;
using System.Buffers;
using System.Threading;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Buffers;

/// <summary>NativeBuffer on its own: allocation, alignment, slicing, validation, pins and the deferred free.</summary>
public sealed unsafe class NativeBufferTests
{
    [Theory]
    [InlineData(1, NativeBuffer.DefaultAlignment)]
    [InlineData(100, 64)]
    [InlineData(4096, 4096)]
    [InlineData(5000, 1 << 16)]
    [InlineData(7, 1)]
    public void Memory_is_aligned_as_asked_and_zeroed_by_default(int length, int alignment)
    {
        using NativeBuffer buffer = new(length, alignment);
        Assert.Equal(0, (long)buffer.Pointer % alignment);
        Assert.Equal(length, buffer.Length);
        Assert.Equal(alignment, buffer.Alignment);
        Assert.Equal(length, buffer.Span.Length);
        Assert.True(buffer.Span.IndexOfAnyExcept((byte)0) < 0, "a new buffer is zeroed unless asked otherwise");
    }

    [Fact]
    public void An_unzeroed_buffer_is_allocated_with_its_length_and_is_writable()
    {
        using NativeBuffer buffer = new(8192, zeroed: false);
        buffer.Span.Fill(0xA5);
        Assert.Equal(8192, buffer.Memory.Length);
        Assert.True(buffer.Span.IndexOfAnyExcept((byte)0xA5) < 0);
    }

    [Fact]
    public void Memory_slices_with_the_standard_Slice_and_shares_the_native_bytes()
    {
        using NativeBuffer buffer = new(256);
        IMemoryOwner<byte> owner = buffer;
        Memory<byte> slice = owner.Memory.Slice(10, 20);
        slice.Span.Fill(7);
        Assert.Equal(7, buffer.Span[10]);
        Assert.Equal(7, buffer.Span[29]);
        Assert.Equal(0, buffer.Span[30]);
        Assert.Equal(0, buffer.Span[9]);

        using MemoryHandle pin = slice.Pin();
        Assert.True(pin.Pointer == buffer.Pointer + 10, "a slice pins at its own offset");
        Assert.Equal(1, buffer.PinCount);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(BufferLimits.MaxNativeBufferBytes + 1)]
    [InlineData(int.MaxValue)]
    public void A_length_out_of_range_names_the_parameter(int length)
    {
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => new NativeBuffer(length));
        Assert.Equal("length", error.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-4096)]
    [InlineData(3)]
    [InlineData(4095)]
    [InlineData(BufferLimits.MaxNativeBufferAlignment * 2)]
    public void An_alignment_that_is_no_power_of_two_or_too_large_names_the_parameter(int alignment)
    {
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => new NativeBuffer(64, alignment));
        Assert.Equal("alignment", error.ParamName);
    }

    [Fact]
    public void An_unpinned_buffer_is_freed_by_Dispose_and_then_refuses_Span_Memory_and_Pin()
    {
        NativeBuffer buffer = new(64);
        buffer.Dispose();
        Assert.True(buffer.IsDisposed);
        Assert.True(buffer.IsFreed);
        Assert.Throws<ObjectDisposedException>(() => buffer.Span.Length);
        Assert.Throws<ObjectDisposedException>(() => buffer.Memory);
        Assert.Throws<ObjectDisposedException>(() => buffer.Pin());
        Assert.Equal(0, buffer.PinCount);
        Assert.Equal(64, buffer.Length);
        buffer.Dispose(); // idempotent
        ((IDisposable)buffer).Dispose();
    }

    [Fact]
    public void Dispose_while_pinned_defers_the_free_to_the_last_unpin()
    {
        NativeBuffer buffer = new(4096);
        Memory<byte> memory = buffer.Memory;
        MemoryHandle first = memory.Pin();
        MemoryHandle second = memory[100..].Pin();
        Assert.Equal(2, buffer.PinCount);

        buffer.Dispose();
        Assert.True(buffer.IsDisposed);
        Assert.False(buffer.IsFreed);
        Assert.Throws<ObjectDisposedException>(() => memory.Span.Length);
        Assert.Throws<ObjectDisposedException>(() => memory.Pin());

        // The pinned memory is still the buffer's: writing through the pin is still legal.
        ((byte*)first.Pointer)[0] = 1;
        first.Dispose();
        Assert.False(buffer.IsFreed);
        Assert.Equal(1, buffer.PinCount);
        second.Dispose();
        Assert.True(buffer.IsFreed);
        Assert.Equal(0, buffer.PinCount);
    }

    [Fact]
    public void More_unpins_than_pins_throw_and_leave_the_count_unchanged()
    {
        using NativeBuffer buffer = new(16);
        Assert.Throws<InvalidOperationException>(buffer.Unpin);
        Assert.Equal(0, buffer.PinCount);
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Pin(17));
        using MemoryHandle end = buffer.Pin(16);
        Assert.True(end.Pointer == buffer.Pointer + 16);
    }

    [Fact]
    public void Pins_and_a_dispose_racing_on_several_threads_free_exactly_once_and_never_while_pinned()
    {
        for (int round = 0; round < 50; round++)
        {
            NativeBuffer buffer = new(512);
            using Barrier start = new(5);
            CancellationToken cancel = TestContext.Current.CancellationToken;
            int pinnedAfterDispose = 0;
            TestThread[] pinners = new TestThread[4];
            for (int t = 0; t < pinners.Length; t++)
            {
                pinners[t] = new TestThread(() =>
                {
                    start.SignalAndWait(cancel);
                    for (int i = 0; i < 200; i++)
                    {
                        MemoryHandle handle;
                        try
                        {
                            handle = buffer.Pin();
                        }
                        catch (ObjectDisposedException)
                        {
                            return;
                        }

                        // While this pin is held the memory must not be freed, disposed or not.
                        if (buffer.IsFreed)
                        {
                            Interlocked.Increment(ref pinnedAfterDispose);
                        }

                        ((byte*)handle.Pointer)[0]++;
                        handle.Dispose();
                    }
                });
                pinners[t].Start();
            }

            start.SignalAndWait(cancel);
            buffer.Dispose();
            foreach (TestThread pinner in pinners)
            {
                pinner.Join();
            }

            Assert.Equal(0, pinnedAfterDispose);
            Assert.True(buffer.IsFreed);
            Assert.Equal(0, buffer.PinCount);
        }
    }
}

/// <summary>The process-wide count of native bytes, alone (other tests allocate buffers too).</summary>
[Collection(nameof(NativeBufferCounterCollection))]
public sealed class NativeBufferCounterTests
{
    [Fact]
    public void AllocatedBytes_counts_a_disposed_buffer_until_its_last_pin_is_released()
    {
        long before = NativeBuffer.AllocatedBytes;
        NativeBuffer buffer = new(12_345);
        Assert.Equal(before + 12_345, NativeBuffer.AllocatedBytes);
        MemoryHandle pin = buffer.Memory.Pin();
        buffer.Dispose();
        Assert.Equal(before + 12_345, NativeBuffer.AllocatedBytes);
        pin.Dispose();
        Assert.Equal(before, NativeBuffer.AllocatedBytes);
    }
}

/// <summary>Runs alone: <see cref="NativeBuffer.AllocatedBytes"/> is process-wide.</summary>
[CollectionDefinition(nameof(NativeBufferCounterCollection), DisableParallelization = true)]
public sealed class NativeBufferCounterCollection
{
}
