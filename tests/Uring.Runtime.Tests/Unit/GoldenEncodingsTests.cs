using System;
using System.Runtime.CompilerServices;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>
/// Golden SQEs of the encodings added for issue 12 (poll-first zero-copy sends, multishot recvmsg, send bundles,
/// getsockname, block discard) and of the pooled-SQE and multicast prep methods, byte by byte against
/// ../shared/reference/uapi-io_uring.md (§1.1 offsets, §7.5 ioprio flags, §7.11 socket and block commands, §8).
/// </summary>
public sealed unsafe class GoldenEncodingsTests : IDisposable
{
    private static readonly SqeContext s_context = SqeContext.FromValue(0xE4C);
    private readonly Ring _ring = DetachedRings.Create(sqEntries: 16);

    public void Dispose() => _ring.Dispose();

    private static ExpectedSqe Sqe(IoUringOp op) => new ExpectedSqe(op).UserData(s_context.Raw);

    /// <summary>The bytes of the SQE published <paramref name="back"/> entries before the last one.</summary>
    private static byte[] SqeBytesBack(Ring ring, uint back)
    {
        ref SubmissionQueueState sq = ref ring.SubmissionQueue;
        return new ReadOnlySpan<byte>(sq.SqeAt((sq.LocalTail - 1 - back) & sq.Mask), 64).ToArray();
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareSendZc))]
    [GoldenSqe(nameof(Ring.TryPrepareSendZcFixed))]
    [GoldenSqe(nameof(Ring.TryPrepareSendToZc))]
    [GoldenSqe(nameof(Ring.TryPrepareSendMsgZc))]
    [GoldenSqe(nameof(Ring.TryPrepareSendMsgZcFixed))]
    public void Zero_copy_sends_put_poll_first_in_ioprio_bit_0()
    {
        using NativeBuffer buffer = new(64);
        Assert.True(_ring.TryPrepareSendZc(s_context, 12, buffer.Span, pollFirst: true));
        Assert.Equal(Sqe(IoUringOp.SendZc).Fd(12).Addr((ulong)buffer.Pointer).Len(64).IoPrio(0x1).Bytes, _ring.LastSqeBytes());

        // FIXED_BUF (bit 2) | REPORT_USAGE (bit 3) | POLL_FIRST (bit 0).
        Assert.True(_ring.TryPrepareSendZcFixed(s_context, 12, buffer.Span, bufferIndex: 5, MessageFlags.DontWait, reportUsage: true, pollFirst: true));
        Assert.Equal(Sqe(IoUringOp.SendZc).Fd(12).Addr((ulong)buffer.Pointer).Len(64).OpFlags(0x40).IoPrio(0xD).BufIndex(5).Bytes, _ring.LastSqeBytes());

        SockAddr destination = SockAddr.IPv4Loopback(9);
        Assert.True(_ring.TryPrepareSendToZc(s_context, 13, buffer.Span, destination, pollFirst: true));
        byte[] sendTo = _ring.LastSqeBytes();
        Assert.Equal(Sqe(IoUringOp.SendZc).Fd(13).Addr((ulong)buffer.Pointer).Len(64).IoPrio(0x1).FileIndex(16).SameU64As(sendTo, 8).Bytes, sendTo);

        Span<IoVector> vectors = stackalloc IoVector[] { new(buffer.Pointer, 64) };
        Assert.True(_ring.TryPrepareSendMsgZc(s_context, 14, new SendMessage(vectors), pollFirst: true));
        byte[] sendMsg = _ring.LastSqeBytes();
        Assert.Equal(Sqe(IoUringOp.SendMsgZc).Fd(14).Len(1).IoPrio(0x1).SameU64As(sendMsg, 16).Bytes, sendMsg);

        Assert.True(_ring.TryPrepareSendMsgZcFixed(s_context, 14, new SendMessage(vectors), bufferIndex: 1, pollFirst: true));
        byte[] sendMsgFixed = _ring.LastSqeBytes();
        Assert.Equal(Sqe(IoUringOp.SendMsgZc).Fd(14).Len(1).IoPrio(0x5).BufIndex(1).SameU64As(sendMsgFixed, 16).Bytes, sendMsgFixed);
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareSendBundle))]
    public void SendBundle_selects_from_the_group_with_the_bundle_flag_in_ioprio()
    {
        Assert.True(_ring.TryPrepareSendBundle(s_context, 7, bufferGroup: 0x0102, maxLength: 300, MessageFlags.More, pollFirst: false, OpOptions.Linked));
        Assert.Equal(
            Sqe(IoUringOp.Send).Flags(SqeFlags.BufferSelect | SqeFlags.IoLink).IoPrio(0x10).Fd(7).Len(300).OpFlags(0x8000).BufIndex(0x0102).Bytes,
            _ring.LastSqeBytes());

        // Not write-like: the completion says which buffers are free again, so it is never skipped.
        using Ring skipping = DetachedRings.Create(new RingOptions { NotifySucceed = false });
        Assert.True(skipping.TryPrepareSendBundle(s_context, 7, bufferGroup: 3, pollFirst: true));
        Assert.Equal(Sqe(IoUringOp.Send).Flags(SqeFlags.BufferSelect).IoPrio(0x11).Fd(7).BufIndex(3).Bytes, skipping.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareRecvMsgMultishot))]
    public void RecvMsgMultishot_stages_a_msghdr_with_only_the_two_region_lengths()
    {
        MultishotMessageLayout layout = new(nameLength: 28, controlLength: 40);
        Assert.True(_ring.TryPrepareRecvMsgMultishot(s_context, 9, bufferGroup: 0x77, layout, MessageFlags.Peek, pollFirst: true, OpOptions.Linked));
        byte[] actual = _ring.LastSqeBytes();
        Assert.Equal(
            Sqe(IoUringOp.RecvMsg).Flags(SqeFlags.BufferSelect | SqeFlags.IoLink).IoPrio(0x3).Fd(9).Len(1).OpFlags(0x2).BufIndex(0x77).SameU64As(actual, 16).Bytes,
            actual);

        // struct msghdr (56 bytes): msg_namelen u32 @8 and msg_controllen @40, everything else zero.
        byte[] header = new ReadOnlySpan<byte>((void*)DetachedRings.ReadU64(actual, 16), 56).ToArray();
        byte[] expected = new byte[56];
        expected[8] = 28;
        expected[40] = 40;
        Assert.Equal(expected, header);

        Assert.True(_ring.TryPrepareRecvMsgMultishot(s_context, 9, 1, new MultishotMessageLayout(0)));
        byte[] plain = _ring.LastSqeBytes();
        Assert.Equal(Sqe(IoUringOp.RecvMsg).Flags(SqeFlags.BufferSelect).IoPrio(0x2).Fd(9).Len(1).BufIndex(1).SameU64As(plain, 16).Bytes, plain);
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareGetSocketName))]
    public void GetSocketName_points_addr_at_the_sockaddr_and_addr3_at_its_length()
    {
        using NativeBuffer memory = new(sizeof(SockAddr));
        Span<SockAddr> address = new(memory.Pointer, 1);
        Assert.True(_ring.TryPrepareGetSocketName(s_context, 15, address));
        ulong storage = (ulong)memory.Pointer;

        // cmd_op = SOCKET_URING_OP_GETSOCKNAME (5) @8 with __pad1 = 0; the socklen_t is SockAddr.Length, set to the capacity.
        Assert.Equal(Sqe(IoUringOp.UringCmd).Fd(15).Off(5).Addr(storage).Addr3(storage + 128).Bytes, _ring.LastSqeBytes());
        Assert.Equal(128u, address[0].Length);

        // optlen @44 = 1 asks for the peer.
        Assert.True(_ring.TryPrepareGetSocketName(s_context, 15, address, peer: true, OpOptions.FixedFile));
        Assert.Equal(Sqe(IoUringOp.UringCmd).Flags(SqeFlags.FixedFile).Fd(15).Off(5).Addr(storage).FileIndex(1).Addr3(storage + 128).Bytes, _ring.LastSqeBytes());

        Assert.Throws<ArgumentException>(() => _ring.TryPrepareGetSocketName(s_context, 15, Span<SockAddr>.Empty));
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareBlockDiscard))]
    public void BlockDiscard_puts_the_offset_in_addr_and_the_length_in_addr3()
    {
        Assert.True(_ring.TryPrepareBlockDiscard(s_context, 21, offset: 0x1_0000_0200, length: 0x20_0000));
        Assert.Equal(Sqe(IoUringOp.UringCmd).Fd(21).Off(0x1200).Addr(0x1_0000_0200).Addr3(0x20_0000).Bytes, _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareExtended))]
    [GoldenSqe(nameof(Ring.TryPrepareIndirect))]
    public void Pooled_sqes_are_published_as_filled_with_user_data_pointing_at_them()
    {
        byte[] filled = new ExpectedSqe(IoUringOp.Nop).Flags(SqeFlags.IoLink).Fd(-1).Len(33).OpFlags(1).Personality(4).UserData(0xBAD).Bytes;

        Assert.True(_ring.TryRentExtendedSqe(out ExtendedSqe ext));
        new ReadOnlySpan<byte>(filled).CopyTo(new Span<byte>((void*)ext.Address, 64));
        Assert.True(_ring.TryPrepareExtended(ext));
        Assert.Equal(new ExpectedSqe(IoUringOp.Nop).Flags(SqeFlags.IoLink).Fd(-1).Len(33).OpFlags(1).Personality(4).UserData(ext.Context.Raw).Bytes, _ring.LastSqeBytes());

        Assert.True(_ring.TryRentIndirectSqe(out IndirectSqe indirect));
        new ReadOnlySpan<byte>(filled).CopyTo(new Span<byte>((void*)indirect.Address, 64));
        Assert.True(_ring.TryPrepareIndirect(indirect));
        Assert.Equal(new ExpectedSqe(IoUringOp.Nop).Flags(SqeFlags.IoLink).Fd(-1).Len(33).OpFlags(1).Personality(4).UserData(indirect.Context.Raw).Bytes, _ring.LastSqeBytes());

        _ring.KernelConsumeAll();
        _ring.ReturnExtendedSqe(ext);
        _ring.ReturnIndirectSqe(indirect);
    }

    [Fact]
    public void Multicast_from_a_caller_buffer_writes_one_send_per_target()
    {
        using NativeBuffer payload = new(500);
        Assert.Equal(2, Multicast.Prepare(_ring, s_context, [31, 32], payload.Span, MessageFlags.More));
        Assert.Equal(Sqe(IoUringOp.Send).Fd(31).Addr((ulong)payload.Pointer).Len(500).OpFlags(0x8000).Bytes, SqeBytesBack(_ring, 1));
        Assert.Equal(Sqe(IoUringOp.Send).Fd(32).Addr((ulong)payload.Pointer).Len(500).OpFlags(0x8000).Bytes, SqeBytesBack(_ring, 0));
    }

    /// <summary>
    /// The registered-buffer forms need buffers the kernel registered, so this prepares on a real ring (and
    /// never submits): copy below the threshold, SEND_ZC with FIXED_BUF above it.
    /// </summary>
    [Fact]
    public void Multicast_from_a_registered_buffer_copies_or_sends_zero_copy_by_size()
    {
        using Ring ring = TestRings.Started(new RingOptions { Entries = 16, NotifySucceed = true });
        ring.RegisterBuffers(2, 4096);
        ulong start = (ulong)Unsafe.AsPointer(ref ring.RegisteredBuffer(1)[0]);

        Assert.Equal(2, Multicast.Prepare(ring, s_context, [41, 42], bufferIndex: 1, offset: 16, length: 100));
        Assert.Equal(Sqe(IoUringOp.Send).Fd(41).Addr(start + 16).Len(100).Bytes, SqeBytesBack(ring, 1));
        Assert.Equal(Sqe(IoUringOp.Send).Fd(42).Addr(start + 16).Len(100).Bytes, SqeBytesBack(ring, 0));

        // 2 targets: the aggressive threshold is 1536 bytes.
        Assert.Equal(2, Multicast.Prepare(ring, s_context, [43, 44], bufferIndex: 1, offset: 0, length: 2000, MessageFlags.DontWait, MulticastThresholds.Aggressive));
        Assert.Equal(Sqe(IoUringOp.SendZc).Fd(43).Addr(start).Len(2000).OpFlags(0x40).IoPrio(0x4).BufIndex(1).Bytes, SqeBytesBack(ring, 1));
        Assert.Equal(Sqe(IoUringOp.SendZc).Fd(44).Addr(start).Len(2000).OpFlags(0x40).IoPrio(0x4).BufIndex(1).Bytes, SqeBytesBack(ring, 0));
        Assert.Equal(1, Multicast.Prepare(ring, s_context, [45], bufferIndex: 1, offset: 0, length: 1000, thresholds: MulticastThresholds.Aggressive));
        Assert.Equal(Sqe(IoUringOp.Send).Fd(45).Addr(start).Len(1000).Bytes, SqeBytesBack(ring, 0));
    }
}
