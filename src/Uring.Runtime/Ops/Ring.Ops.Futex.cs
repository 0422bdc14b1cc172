using System;
using static Uring.SqeField;

namespace Uring;

public sealed partial class Ring
{
    /// <summary>
    /// Waits on the futex word <c>futex[0]</c> while it holds <paramref name="expected"/>, like
    /// <c>futex_wait(2)</c> (<c>IORING_OP_FUTEX_WAIT</c>; futex2 flags in <c>fd</c>, value in <c>addr2</c>,
    /// mask in <c>addr3</c>). The word is read until the completion and must not move. Linux 6.18 accepts only
    /// <see cref="FutexFlags.SizeU32"/> (other sizes: <c>-EINVAL</c>). Result: 0 when woken, <c>-EAGAIN</c>
    /// if the word did not hold <paramref name="expected"/>, <c>-ECANCELED</c> if cancelled (the cancel then
    /// returns 1 on Linux 6.18, not 0).
    /// </summary>
    [UringOp(IoUringOp.FutexWait)]
    public partial bool TryPrepareFutexWait(
        SqeContext context,
        [Sqe(Addr, NotEmpty = true)] [HeldUntilCompletion] ReadOnlySpan<uint> futex,
        [Sqe(Addr2)] uint expected,
        [Sqe(Fd)] FutexFlags flags = FutexFlags.PrivateU32,
        [Sqe(Addr3)] uint mask = Futex.MatchAny,
        in OpOptions options = default);

    /// <summary>
    /// Wakes up to <paramref name="count"/> waiters of the futex word <c>futex[0]</c> whose mask intersects
    /// <paramref name="mask"/>, like <c>futex_wake(2)</c> (<c>IORING_OP_FUTEX_WAKE</c>). Waiters may be
    /// threads or other rings' <see cref="TryPrepareFutexWait(SqeContext, ReadOnlySpan{uint}, uint, FutexFlags, uint, in OpOptions)"/> requests. Result: how many were woken.
    /// </summary>
    [UringOp(IoUringOp.FutexWake)]
    public partial bool TryPrepareFutexWake(
        SqeContext context,
        [Sqe(Addr, NotEmpty = true)] [HeldUntilCompletion] ReadOnlySpan<uint> futex,
        [Sqe(Addr2)] uint count,
        [Sqe(Fd)] FutexFlags flags = FutexFlags.PrivateU32,
        [Sqe(Addr3)] uint mask = Futex.MatchAny,
        in OpOptions options = default);

    /// <summary>
    /// Waits on up to 128 futexes at once, like <c>futex_waitv(2)</c> (<c>IORING_OP_FUTEX_WAITV</c>). The
    /// kernel copies the <see cref="FutexWaitV"/> array when it consumes the SQE (verified on 6.18), so it is
    /// staged; the futex words themselves are read until the completion. More than
    /// <see cref="Futex.WaitVMax"/> entries complete with <c>-EINVAL</c>. Result: the index of the futex that
    /// woke the request, <c>-EAGAIN</c> if one did not hold its expected value.
    /// </summary>
    [UringOp(IoUringOp.FutexWaitV)]
    public partial bool TryPrepareFutexWaitV(
        SqeContext context,
        [Sqe(Addr, LengthField = Len, Staged = true, NotEmpty = true)] ReadOnlySpan<FutexWaitV> futexes,
        in OpOptions options = default);
}
