using System;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Buffers;

/// <summary>
/// Legacy provided buffers over memory the ring pins: a received message lands in the NativeBuffer, providing the
/// same owner again pins nothing more, and the memory stays allocated until Stop, which frees it once it has
/// cancelled every request.
/// </summary>
public sealed class ProvidedMemoryTests
{
    [Fact]
    public void A_buffer_select_recv_fills_provided_native_buffer_memory_which_stays_pinned_until_stop()
    {
        Ring ring = TestRings.Started();
        (int a, int b) = Posix.UnixStreamPair();
        NativeBuffer memory = new(4 * 64);
        try
        {
            Assert.True(ring.TryPrepareProvideBuffers(SqeContext.FromValue(1), 30, memory.Memory, bufferLength: 64, count: 4, startId: 100));
            Assert.Equal(0, ring.WaitOne().Result);
            Assert.Equal(1, memory.PinCount);
            Assert.Equal(1, ring.ProvidedMemoryOwners);

            byte[] message = new byte[40];
            new Random(7).NextBytes(message);
            Posix.WriteAll(a, message);
            Assert.True(ring.TryPrepareRecvBufferSelect(SqeContext.FromValue(2), b, 30));
            CqeView received = ring.WaitOne();
            Assert.Equal(40, received.Result);
            Assert.True(received.HasBuffer);
            int slot = received.BufferId - 100;
            Assert.True(memory.Span.Slice(slot * 64, 40).SequenceEqual(message));

            // Handing the consumed buffer back is the same owner: no second pin.
            Assert.True(ring.TryPrepareProvideBuffers(SqeContext.FromValue(3), 30, memory.Memory.Slice(slot * 64, 64), bufferLength: 64, count: 1, startId: received.BufferId));
            Assert.Equal(0, ring.WaitOne().Result);
            Assert.Equal(1, memory.PinCount);

            // A recv selecting from the group is pending at Stop: Stop cancels it, then releases the memory.
            Assert.True(ring.TryPrepareRecvBufferSelect(SqeContext.FromValue(4), b, 30));
            Assert.Equal(1, ring.Submit());
            memory.Dispose();
            Assert.False(memory.IsFreed);
            ring.Dispose();
            Assert.Equal(0, ring.LeakedProvidedPins);
            Assert.True(memory.IsFreed);
        }
        finally
        {
            ring.Dispose();
            memory.Dispose();
            Posix.CloseQuietly(ref a);
            Posix.CloseQuietly(ref b);
        }
    }

    [Fact]
    public void Empty_memory_is_refused_naming_it()
    {
        using Ring ring = TestRings.Started();
        ArgumentException error = Assert.Throws<ArgumentException>(() => ring.TryPrepareProvideBuffers(SqeContext.FromValue(1), 1, Memory<byte>.Empty, 8, 1));
        Assert.Equal("memory", error.ParamName);
        Assert.Equal(0, ring.ProvidedMemoryOwners);
    }
}
