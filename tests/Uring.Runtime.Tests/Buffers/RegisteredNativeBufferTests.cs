using System;
using System.IO;
using Microsoft.Win32.SafeHandles;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Buffers;

/// <summary>
/// Fixed buffers over the caller's memory: the fixed ops read and write it in place, and it stays pinned (a
/// disposed NativeBuffer stays allocated) until it is unregistered.
/// </summary>
public sealed unsafe class RegisteredNativeBufferTests
{
    [Fact]
    public void Native_buffers_and_arrays_register_in_place_and_the_fixed_ops_use_their_memory()
    {
        using Ring ring = TestRings.Started();
        using TempDirectory directory = new();
        using SafeFileHandle file = File.OpenHandle(directory.File("fixed.bin"), FileMode.CreateNew, FileAccess.ReadWrite);
        int fd = (int)file.DangerousGetHandle();

        NativeBuffer source = new(8192);
        for (int i = 0; i < source.Length; i++)
        {
            source.Span[i] = (byte)(i * 31);
        }

        byte[] target = new byte[6000];
        ring.RegisterBuffers([source.Memory, target.AsMemory()]);
        Assert.Equal(2, ring.RegisteredBufferCount);
        Assert.True(ring.RegisteredBuffer(0) == source.Span, "buffer 0 is the NativeBuffer's memory, not a copy");
        Assert.Equal(6000, ring.RegisteredBuffer(1).Length);
        Assert.Equal(1, source.PinCount);

        Assert.True(ring.TryPrepareWriteFixed(SqeContext.FromValue(1), fd, 0, 100, 5000, 0));
        Assert.Equal(5000, ring.WaitOne().Result);
        Assert.True(ring.TryPrepareReadFixed(SqeContext.FromValue(2), fd, 1, 1000, 5000, 0));
        Assert.Equal(5000, ring.WaitOne().Result);
        Assert.True(target.AsSpan(1000, 5000).SequenceEqual(source.Span.Slice(100, 5000)), "the read landed in the array itself");

        source.Dispose();
        Assert.False(source.IsFreed, "registered memory stays allocated while the kernel holds its pages");
        ring.UnregisterBuffers();
        Assert.True(source.IsFreed);
        Assert.Equal(0, ring.RegisteredBufferCount);
    }

    [Fact]
    public void Stop_releases_registered_caller_memory()
    {
        Ring ring = TestRings.Started();
        NativeBuffer buffer = new(4096);
        ring.RegisterBuffers([buffer.Memory]);
        buffer.Dispose();
        Assert.False(buffer.IsFreed);
        ring.Dispose();
        Assert.True(buffer.IsFreed);
    }

    [Fact]
    public void Bad_tables_are_refused_naming_buffers_before_anything_is_pinned()
    {
        using Ring ring = TestRings.Started();
        using NativeBuffer buffer = new(64);
        Assert.Equal("buffers", Assert.Throws<ArgumentOutOfRangeException>(() => ring.RegisterBuffers(ReadOnlySpan<Memory<byte>>.Empty)).ParamName);
        Assert.Equal("buffers", Assert.Throws<ArgumentOutOfRangeException>(() => ring.RegisterBuffers([buffer.Memory, Memory<byte>.Empty])).ParamName);
        Assert.Equal(0, buffer.PinCount);

        ring.RegisterBuffers([buffer.Memory]);
        Assert.Throws<InvalidOperationException>(() => ring.RegisterBuffers([buffer.Memory]));
        Assert.Equal(1, buffer.PinCount);
        ring.UnregisterBuffers();
        Assert.Equal(0, buffer.PinCount);
    }
}
