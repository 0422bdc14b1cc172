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
    public void UringCmd_copies_the_command_inline()
    {
        using Ring ring = DetachedRings.Create();
        byte[] command = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
        Assert.True(ring.PrepareUringCmd(s_context, 6, commandOp: 0x1200, command, UringCmdFlags.FixedBuffer, bufferIndex: 3, OpOptions.Linked));
        byte[] expected = new ExpectedSqe(IoUringOp.UringCmd).Flags(SqeFlags.IoLink).Fd(6).Off(0x1200).OpFlags(1).BufIndex(3).UserData(UserData).Bytes;
        command.CopyTo(expected, 48);
        Assert.Equal(expected, ring.LastSqeBytes());

        Assert.True(ring.PrepareUringCmd(s_context, 6, 0));
        Assert.Equal(new ExpectedSqe(IoUringOp.UringCmd).Fd(6).UserData(UserData).Bytes, ring.LastSqeBytes());
    }

    [Fact]
    public void UringCmd_rejects_more_command_bytes_than_the_sqe_holds()
    {
        using Ring ring = DetachedRings.Create();
        Assert.Throws<ArgumentException>(() => ring.PrepareUringCmd(s_context, 6, 0, new byte[17]));
        Assert.Throws<NotSupportedException>(() => ring.PrepareUringCmd128(s_context, 6, 0));
        Assert.Equal(0, ring.SQPending);
    }

    [Fact]
    public void UringCmd128_fills_80_bytes_of_a_128_byte_sqe()
    {
        using Ring ring = DetachedRings.Create(new RingOptions { NotifySucceed = true, Sqe128 = true });
        byte[] command = Enumerable.Range(0, 80).Select(i => (byte)(0xA0 ^ i)).ToArray();
        Assert.True(ring.PrepareUringCmd128(s_context, 9, commandOp: 2, command));
        byte[] expected = new byte[128];
        new ExpectedSqe(IoUringOp.UringCmd).Fd(9).Off(2).UserData(UserData).Bytes.CopyTo(expected, 0);
        command.CopyTo(expected, 48);
        Assert.Equal(expected, LastSqe128(ring));

        // A shorter command leaves the rest of the 128 bytes zero, even in a reused slot.
        for (int i = 0; i < 8; i++)
        {
            ring.KernelConsumeAll();
            Assert.True(ring.PrepareUringCmd128(s_context, 9, 2, command.AsSpan(0, 3)));
        }

        Array.Clear(expected, 51, 77);
        Assert.Equal(expected, LastSqe128(ring));
        Assert.Throws<ArgumentException>(() => ring.PrepareUringCmd128(s_context, 9, 2, new byte[81]));
    }

    [Fact]
    public void Nop128_needs_the_opcode_and_128_byte_sqes()
    {
        // A detached ring reports every opcode as supported, so only the SQE size decides here.
        using Ring narrow = DetachedRings.Create();
        Assert.True(narrow.Features.IsSupported(IoUringOp.Nop128));
        Assert.Throws<NotSupportedException>(() => narrow.PrepareNop128(s_context));
        Assert.Equal(0, narrow.SQPending);

        using Ring wide = DetachedRings.Create(new RingOptions { NotifySucceed = true, Sqe128 = true });
        Assert.True(wide.PrepareNop128(s_context, OpOptions.Linked));
        byte[] expected = new byte[128];
        new ExpectedSqe(IoUringOp.Nop128).Flags(SqeFlags.IoLink).Fd(-1).UserData(UserData).Bytes.CopyTo(expected, 0);
        Assert.Equal(expected, LastSqe128(wide));
    }
}
