using System;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>Golden SQEs of the provided-buffer ops (buffer-select recv/read, bundles, multishot, PROVIDE/REMOVE_BUFFERS).</summary>
public sealed unsafe class GoldenProvidedBuffersTests : IDisposable
{
    private static readonly SqeContext s_context = SqeContext.FromValue(0xB0F);
    private readonly Ring _ring = DetachedRings.Create();

    public void Dispose() => _ring.Dispose();

    private static ulong UserData => s_context.Raw;

    private static OpOptions Linked => new() { Flags = SqeFlags.IoLink, IoPriority = 0x4003, Personality = 2 };

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareRecvBufferSelect))]
    public void RecvBufferSelect()
    {
        Assert.True(_ring.TryPrepareRecvBufferSelect(s_context, 5, bufferGroup: 0x1234, maxLength: 100, messageFlags: MessageFlags.WaitAll, pollFirst: true, Linked));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.Recv).Flags(SqeFlags.BufferSelect | SqeFlags.IoLink).IoPrio(0x1).Fd(5).Len(100).OpFlags(0x100)
                .BufIndex(0x1234).Personality(2).UserData(UserData).Bytes,
            _ring.LastSqeBytes());

        Assert.True(_ring.TryPrepareRecvBufferSelect(s_context, 6, bufferGroup: 7));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.Recv).Flags(SqeFlags.BufferSelect).Fd(6).BufIndex(7).UserData(UserData).Bytes,
            _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareRecvBundle))]
    public void RecvBundle()
    {
        Assert.True(_ring.TryPrepareRecvBundle(s_context, 5, 9, maxLength: 4096, messageFlags: MessageFlags.DontWait, options: Linked));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.Recv).Flags(SqeFlags.BufferSelect | SqeFlags.IoLink).IoPrio(0x10).Fd(5).Len(4096).OpFlags(0x40)
                .BufIndex(9).Personality(2).UserData(UserData).Bytes,
            _ring.LastSqeBytes());

        Assert.True(_ring.TryPrepareRecvBundle(s_context, 5, 9, pollFirst: true));
        Assert.Equal(0x11, BitConverter.ToUInt16(_ring.LastSqeBytes(), 2));
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareRecvMultishot))]
    public void RecvMultishot()
    {
        Assert.True(_ring.TryPrepareRecvMultishot(s_context, 11, 3, options: Linked));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.Recv).Flags(SqeFlags.BufferSelect | SqeFlags.IoLink).IoPrio(0x2).Fd(11).BufIndex(3)
                .Personality(2).UserData(UserData).Bytes,
            _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareRecvBundleMultishot))]
    public void RecvBundleMultishot()
    {
        Assert.True(_ring.TryPrepareRecvBundleMultishot(s_context, 11, 3, maxLength: 64, pollFirst: true));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.Recv).Flags(SqeFlags.BufferSelect).IoPrio(0x13).Fd(11).Len(64).BufIndex(3).UserData(UserData).Bytes,
            _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareReadBufferSelect))]
    public void ReadBufferSelect_keeps_the_io_priority()
    {
        Assert.True(_ring.TryPrepareReadBufferSelect(s_context, 4, bufferGroup: 0xFFFF, maxLength: 512, offset: 8192, ReadWriteFlags.NoWait, Linked));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.Read).Flags(SqeFlags.BufferSelect | SqeFlags.IoLink).IoPrio(0x4003).Fd(4).Off(8192).Len(512).OpFlags(0x8)
                .BufIndex(0xFFFF).Personality(2).UserData(UserData).Bytes,
            _ring.LastSqeBytes());

        Assert.True(_ring.TryPrepareReadBufferSelect(s_context, 4, 1));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.Read).Flags(SqeFlags.BufferSelect).Fd(4).Off(ulong.MaxValue).BufIndex(1).UserData(UserData).Bytes,
            _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareReadMultishot))]
    public void ReadMultishot()
    {
        Assert.True(_ring.TryPrepareReadMultishot(s_context, 12, bufferGroup: 2, options: OpOptions.Async));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.ReadMultishot).Flags(SqeFlags.BufferSelect | SqeFlags.Async).Fd(12).Off(ulong.MaxValue).BufIndex(2)
                .UserData(UserData).Bytes,
            _ring.LastSqeBytes());

        Assert.True(_ring.TryPrepareReadMultishot(s_context, 12, 2, offset: 0));
        Assert.Equal(0UL, DetachedRings.ReadU64(_ring.LastSqeBytes(), 8));
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareProvideBuffers))]
    public void ProvideBuffers()
    {
        using NativeBuffer memory = new(4 * 256);
        Assert.True(_ring.TryPrepareProvideBuffers(s_context, bufferGroup: 21, memory.Span, bufferLength: 256, count: 4, startId: 100, Linked));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.ProvideBuffers).Flags(SqeFlags.IoLink).IoPrio(0x4003).Fd(4).Off(100).Addr((ulong)memory.Pointer).Len(256)
                .BufIndex(21).Personality(2).UserData(UserData).Bytes,
            _ring.LastSqeBytes());
    }

    [Fact]
    public void ProvideBuffers_checks_the_sizes_before_queuing()
    {
        using NativeBuffer memory = new(1000);
        Assert.Throws<ArgumentOutOfRangeException>(() => _ring.TryPrepareProvideBuffers(s_context, 1, memory.Span, 256, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ring.TryPrepareProvideBuffers(s_context, 1, memory.Span, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ring.TryPrepareProvideBuffers(s_context, 1, memory.Span, 10, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ring.TryPrepareProvideBuffers(s_context, 1, memory.Span, 1, 2, startId: 65535));
        Assert.Equal(0, _ring.SqPending);
        Assert.True(_ring.TryPrepareProvideBuffers(s_context, 1, memory.Span, 1, 1, startId: 65535));
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareRemoveBuffers))]
    public void RemoveBuffers()
    {
        Assert.True(_ring.TryPrepareRemoveBuffers(s_context, bufferGroup: 21, count: 7, OpOptions.Linked));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.RemoveBuffers).Flags(SqeFlags.IoLink).Fd(7).BufIndex(21).UserData(UserData).Bytes,
            _ring.LastSqeBytes());
    }

    [Fact]
    public void A_direct_context_records_the_buffer_group()
    {
        Assert.True(_ring.TryPrepareRecvMultishot(SqeContext.ForFd(9), 9, 0x2A));
        SqeContext stamped = SqeContext.FromRaw(_ring.LastSqe().UserData);
        Assert.Equal(IoUringOp.Recv, stamped.Op);
        Assert.Equal(0x2A, stamped.BufGroup);
        Assert.Equal(9, stamped.Fd);
        Assert.Equal(SqeFlags.BufferSelect, stamped.Flags);
    }
}
