using System;
using System.Linq;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>Golden SQEs of URING_CMD in 64- and 128-byte SQEs and of NOP128.</summary>
public sealed unsafe class GoldenCommandsTests
{
    private static readonly SqeContext s_context = SqeContext.FromValue(0xC3D);

    private static ulong UserData => s_context.Raw;

    /// <summary>All bytes of the last SQE of a ring with 128-byte entries.</summary>
    private static byte[] LastSqe128(Ring ring)
    {
        ref SubmissionQueueState sq = ref ring.SubmissionQueue;
        return new ReadOnlySpan<byte>(sq.SqeAt((sq.LocalTail - 1) & sq.Mask), 128).ToArray();
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareUringCmd))]
    public void UringCmd_copies_the_command_inline()
    {
        using Ring ring = DetachedRings.Create();
        byte[] command = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
        Assert.True(ring.TryPrepareUringCmd(s_context, 6, commandOp: 0x1200, command, UringCmdFlags.FixedBuffer, bufferIndex: 3, OpOptions.Linked));
        byte[] expected = new ExpectedSqe(IoUringOp.UringCmd).Flags(SqeFlags.IoLink).Fd(6).Off(0x1200).OpFlags(1).BufIndex(3).UserData(UserData).Bytes;
        command.CopyTo(expected, 48);
        Assert.Equal(expected, ring.LastSqeBytes());

        Assert.True(ring.TryPrepareUringCmd(s_context, 6, 0));
        Assert.Equal(new ExpectedSqe(IoUringOp.UringCmd).Fd(6).UserData(UserData).Bytes, ring.LastSqeBytes());
    }

    [Fact]
    public void UringCmd_rejects_more_command_bytes_than_the_sqe_holds()
    {
        using Ring ring = DetachedRings.Create();
        Assert.Throws<ArgumentException>(() => ring.TryPrepareUringCmd(s_context, 6, 0, new byte[17]));
        Assert.Throws<NotSupportedException>(() => ring.TryPrepareUringCmd128(s_context, 6, 0));
        Assert.Equal(0, ring.SqPending);
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareUringCmd128))]
    public void UringCmd128_fills_80_bytes_of_a_128_byte_sqe()
    {
        // The probe of Linux 6.18: no URING_CMD128, so the command goes out as URING_CMD in the wide SQE.
        using Ring ring = DetachedRings.Create(new RingOptions { NotifySucceed = true, Sqe128 = true });
        ring.Features.SetSupported(IoUringOp.UringCmd128, false);
        byte[] command = Enumerable.Range(0, 80).Select(i => (byte)(0xA0 ^ i)).ToArray();
        Assert.True(ring.TryPrepareUringCmd128(s_context, 9, commandOp: 2, command));
        byte[] expected = new byte[128];
        new ExpectedSqe(IoUringOp.UringCmd).Fd(9).Off(2).UserData(UserData).Bytes.CopyTo(expected, 0);
        command.CopyTo(expected, 48);
        Assert.Equal(expected, LastSqe128(ring));

        // A shorter command leaves the rest of the 128 bytes zero, even in a reused slot.
        for (int i = 0; i < 8; i++)
        {
            ring.KernelConsumeAll();
            Assert.True(ring.TryPrepareUringCmd128(s_context, 9, 2, command.AsSpan(0, 3)));
        }

        Array.Clear(expected, 51, 77);
        Assert.Equal(expected, LastSqe128(ring));
        Assert.Throws<ArgumentException>(() => ring.TryPrepareUringCmd128(s_context, 9, 2, new byte[81]));
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareUringCmd128))]
    public void UringCmd128_uses_opcode_64_where_the_probe_lists_it()
    {
        using Ring ring = DetachedRings.Create(new RingOptions { NotifySucceed = true, Sqe128 = true });
        ring.Features.SetSupported(IoUringOp.UringCmd128, true);
        byte[] command = Enumerable.Range(0, 80).Select(i => (byte)(0x5A ^ i)).ToArray();
        Assert.True(ring.TryPrepareUringCmd128(s_context, 9, commandOp: 0x1200, command, UringCmdFlags.FixedBuffer, bufferIndex: 2, OpOptions.Linked));
        byte[] expected = new byte[128];
        new ExpectedSqe((IoUringOp)64).Flags(SqeFlags.IoLink).Fd(9).Off(0x1200).OpFlags(1).BufIndex(2).UserData(UserData).Bytes.CopyTo(expected, 0);
        command.CopyTo(expected, 48);
        Assert.Equal(expected, LastSqe128(ring));

        // The probe decides, per call: take the bit away and the same call encodes URING_CMD (46).
        ring.Features.SetSupported(IoUringOp.UringCmd128, false);
        Assert.True(ring.TryPrepareUringCmd128(s_context, 9, commandOp: 0x1200, command));
        Assert.Equal((byte)IoUringOp.UringCmd, LastSqe128(ring)[0]);

        // 64-byte SQEs refuse it whatever the probe says: there is no room for 80 bytes.
        using Ring narrow = DetachedRings.Create();
        narrow.Features.SetSupported(IoUringOp.UringCmd128, true);
        Assert.Throws<NotSupportedException>(() => narrow.TryPrepareUringCmd128(s_context, 9, 0));
        Assert.Equal(0, narrow.SqPending);
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareNop128))]
    public void Nop128_follows_the_probe_and_needs_128_byte_sqes()
    {
        using Ring wide = DetachedRings.Create(new RingOptions { NotifySucceed = true, Sqe128 = true });
        wide.Features.SetSupported(IoUringOp.Nop128, true);
        Assert.True(wide.TryPrepareNop128(s_context, OpOptions.Linked));
        byte[] expected = new byte[128];
        new ExpectedSqe((IoUringOp)63).Flags(SqeFlags.IoLink).Fd(-1).UserData(UserData).Bytes.CopyTo(expected, 0);
        Assert.Equal(expected, LastSqe128(wide));

        // Without the probe bit (Linux 6.18) nothing is queued, even with 128-byte SQEs.
        wide.Features.SetSupported(IoUringOp.Nop128, false);
        int pending = wide.SqPending;
        NotSupportedException refused = Assert.Throws<NotSupportedException>(() => wide.TryPrepareNop128(s_context));
        Assert.Contains("probe", refused.Message);
        Assert.Equal(pending, wide.SqPending);

        // With the bit but 64-byte SQEs, nothing is queued either.
        using Ring narrow = DetachedRings.Create();
        narrow.Features.SetSupported(IoUringOp.Nop128, true);
        Assert.Throws<NotSupportedException>(() => narrow.TryPrepareNop128(s_context));
        Assert.Equal(0, narrow.SqPending);
    }
}
