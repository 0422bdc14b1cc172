using System;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>Golden SQEs of MSG_RING (data, data with flags, fd passing to a slot or an allocated slot).</summary>
public sealed class GoldenMsgRingTests : IDisposable
{
    private static readonly SqeContext s_context = SqeContext.FromValue(0x3E5);
    private readonly Ring _ring = DetachedRings.Create();

    public void Dispose() => _ring.Dispose();

    private static ulong UserData => s_context.Raw;

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareMsgRing))]
    public void MsgRing_data()
    {
        Assert.True(_ring.TryPrepareMsgRing(s_context, targetRingFd: 33, targetUserData: 0x1122334455667788, result: -4, new OpOptions { Personality = 1 }));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.MsgRing).Fd(33).Off(0x1122334455667788).Len(unchecked((uint)-4)).Personality(1).UserData(UserData).Bytes,
            _ring.LastSqeBytes());

        Assert.True(_ring.TryPrepareMsgRing(s_context, 2, 5, options: OpOptions.FixedFile));
        Assert.Equal(new ExpectedSqe(IoUringOp.MsgRing).Flags(SqeFlags.FixedFile).Fd(2).Off(5).UserData(UserData).Bytes, _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareMsgRingWithFlags))]
    public void MsgRing_with_flags_passes_them_in_file_index()
    {
        Assert.True(_ring.TryPrepareMsgRingWithFlags(s_context, 33, 7, 1, CqeFlags.More | (CqeFlags)0x50000));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.MsgRing).Fd(33).Off(7).Len(1).OpFlags(2).FileIndex(0x50002).UserData(UserData).Bytes,
            _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareMsgRingFd))]
    public void MsgRingFd_to_a_slot()
    {
        Assert.True(_ring.TryPrepareMsgRingFd(s_context, 33, sourceSlot: 4, FileTarget.Slot(0), targetUserData: 99, options: OpOptions.Linked));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.MsgRing).Flags(SqeFlags.IoLink).Fd(33).Off(99).Addr(1).FileIndex(1).Addr3(4).UserData(UserData).Bytes,
            _ring.LastSqeBytes());

        Assert.True(_ring.TryPrepareMsgRingFd(s_context, 33, 4, FileTarget.Slot(9), skipTargetCompletion: true));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.MsgRing).Fd(33).Addr(1).OpFlags(1).FileIndex(10).Addr3(4).UserData(UserData).Bytes,
            _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareMsgRingFd))]
    public void MsgRingFd_to_any_slot()
    {
        Assert.True(_ring.TryPrepareMsgRingFd(s_context, 33, sourceSlot: 2, FileTarget.AnySlot, targetUserData: 8, skipTargetCompletion: true));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.MsgRing).Fd(33).Off(8).Addr(1).OpFlags(1).FileIndex(0xFFFFFFFF).Addr3(2).UserData(UserData).Bytes,
            _ring.LastSqeBytes());
    }

    [Fact]
    public void MsgRingFd_refuses_a_descriptor_target_before_reserving()
    {
        int pending = _ring.SqPending;
        ArgumentException error = Assert.Throws<ArgumentException>(() => _ring.TryPrepareMsgRingFd(s_context, 33, 2, FileTarget.Descriptor));
        Assert.Equal("target", error.ParamName);
        Assert.Equal(pending, _ring.SqPending);
    }
}
