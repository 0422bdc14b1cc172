using System;
using static Uring.SqeField;

namespace Uring;

public sealed partial class Ring
{
    /// <summary>
    /// Posts a completion to another ring (<c>IORING_OP_MSG_RING</c> with <c>IORING_MSG_DATA</c>: <c>fd</c> = the
    /// target's <see cref="RingFd"/>, <c>off</c> = its <c>user_data</c>, <c>len</c> = its result). The target
    /// reaps a completion with <c>user_data</c> = <paramref name="targetUserData"/> (for example
    /// <c>SqeContext.FromValue(n).Raw</c>) and result <paramref name="result"/>: a cheap cross-thread wake-up.
    /// With <see cref="OpOptions.FixedFile"/>, <paramref name="targetRingFd"/> is a registered-file slot.
    /// Result (on this ring): 0; <c>-EBADFD</c> when <paramref name="targetRingFd"/> is not a ring,
    /// <c>-EOVERFLOW</c> when the target's CQ is full.
    /// </summary>
    [UringOp(IoUringOp.MsgRing)]
    public partial bool TryPrepareMsgRing(
        SqeContext context,
        [Sqe(Fd)] int targetRingFd,
        [Sqe(Off)] ulong targetUserData,
        [Sqe(Len)] int result = 0,
        in OpOptions options = default);

    /// <summary>
    /// Like <see cref="TryPrepareMsgRing"/>, and the target's completion carries <paramref name="targetFlags"/> as
    /// its <c>flags</c> (<c>IORING_MSG_RING_FLAGS_PASS</c>, 6.3: the flags go in <c>file_index</c>).
    /// </summary>
    [UringOp(IoUringOp.MsgRing, OpFlags = (uint)MsgRingFlags.FlagsPass)]
    public partial bool TryPrepareMsgRingWithFlags(
        SqeContext context,
        [Sqe(Fd)] int targetRingFd,
        [Sqe(Off)] ulong targetUserData,
        [Sqe(Len)] int result,
        [Sqe(FileIndex)] CqeFlags targetFlags,
        in OpOptions options = default);

    /// <summary>
    /// Passes registered file <paramref name="sourceSlot"/> of this ring into another ring's registered-file
    /// table (<c>IORING_OP_MSG_RING</c> with <c>IORING_MSG_SEND_FD</c>: <c>addr3</c> = source slot,
    /// <c>file_index</c> = the target slot). <paramref name="target"/> is a slot of the <em>other</em> ring:
    /// <see cref="FileTarget.Slot(uint)"/>, or <see cref="FileTarget.AnySlot"/> to let that ring pick a free one;
    /// <see cref="FileTarget.Descriptor"/> throws <see cref="ArgumentException"/> (msg_ring cannot create a
    /// process fd; the kernel would answer EINVAL). The target ring posts a completion with <c>user_data</c> =
    /// <paramref name="targetUserData"/>, unless <paramref name="skipTargetCompletion"/>
    /// (<c>IORING_MSG_RING_CQE_SKIP</c>). The file stays in this ring's table too. Result, on this ring and in
    /// the target's completion alike: 0 for a <see cref="FileTarget.Slot(uint)"/>, the 0-based slot the target
    /// ring picked for <see cref="FileTarget.AnySlot"/> (<c>-ENFILE</c> when its table or allocation range is
    /// full); <c>-EBADF</c> for an empty source slot.
    /// </summary>
    [UringOp(IoUringOp.MsgRing, Addr = 1 /* IORING_MSG_SEND_FD */)]
    public partial bool TryPrepareMsgRingFd(
        SqeContext context,
        [Sqe(Fd)] int targetRingFd,
        [Sqe(Addr3)] int sourceSlot,
        [Sqe(FileIndex, Refuses = [FileTargetKind.Descriptor])] FileTarget target,
        [Sqe(Off)] ulong targetUserData = 0,
        [SqeFlag(OpFlags, MsgRingFlags.CqeSkip)] bool skipTargetCompletion = false,
        in OpOptions options = default);
}
