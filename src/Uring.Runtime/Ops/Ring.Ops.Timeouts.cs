using System;
using static Uring.SqeField;

namespace Uring;

public sealed partial class Ring
{
    /// <summary>
    /// A timer (<c>IORING_OP_TIMEOUT</c>): completes with <c>-ETIME</c> after <paramref name="duration"/>,
    /// or with 0 once <paramref name="count"/> other completions were posted (0 = time only).
    /// <paramref name="flags"/> selects an absolute time or another clock; with <see cref="TimeoutFlags.Multishot"/>
    /// the timer repeats every <paramref name="duration"/>, <paramref name="count"/> times (0 = until removed).
    /// The timespec is staged.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="duration"/> is negative, or zero for a <see cref="TimeoutFlags.Multishot"/> timer (which would
    /// fire again at once, without end, and flood the completion queue).
    /// </exception>
    [IssuerThreadOnly]
    [GenerateContextOverload]
    public bool TryPrepareTimeout(
        SqeContext context,
        TimeSpan duration,
        uint count = 0,
        TimeoutFlags flags = TimeoutFlags.None,
        in OpOptions options = default)
    {
        if ((flags & TimeoutFlags.Multishot) != 0)
        {
            SqeEncoding.ValidateRepeatInterval(duration, nameof(duration));
        }

        return TryPrepareTimeoutCore(context, duration, count, flags, options);
    }

    [UringOp(IoUringOp.Timeout, Fd = -1, Len = 1)]
    private partial bool TryPrepareTimeoutCore(
        SqeContext context,
        [Sqe(Addr)] TimeSpan duration,
        [Sqe(Off)] uint count,
        [Sqe(OpFlags)] TimeoutFlags flags,
        in OpOptions options);

    /// <summary>
    /// Removes a pending timeout by its <c>user_data</c> (<c>IORING_OP_TIMEOUT_REMOVE</c>). Result: 0, or
    /// <c>-ENOENT</c> if none matched; the removed timeout completes with <c>-ECANCELED</c>.
    /// </summary>
    [UringOp(IoUringOp.TimeoutRemove, Fd = -1)]
    public partial bool TryPrepareTimeoutRemove(
        SqeContext context,
        [Sqe(Addr)] ulong targetUserData,
        in OpOptions options = default);

    /// <summary>
    /// Re-arms a pending timeout with a new <paramref name="duration"/> (<c>IORING_OP_TIMEOUT_REMOVE</c> with
    /// <c>IORING_TIMEOUT_UPDATE</c>). Result: 0, or <c>-ENOENT</c>.
    /// </summary>
    [UringOp(IoUringOp.TimeoutRemove, Fd = -1, OpFlags = (uint)TimeoutFlags.Update)]
    public partial bool TryPrepareTimeoutUpdate(
        SqeContext context,
        [Sqe(Addr)] ulong targetUserData,
        [Sqe(Addr2)] TimeSpan duration,
        [Sqe(OpFlags)] TimeoutFlags flags = TimeoutFlags.None,
        in OpOptions options = default);

    /// <summary>
    /// Re-arms a pending linked timeout (<c>IORING_OP_TIMEOUT_REMOVE</c> with
    /// <c>IORING_TIMEOUT_UPDATE | IORING_LINK_TIMEOUT_UPDATE</c>: without the first bit the kernel would remove
    /// instead, and find no such plain timeout). Result: 0, or <c>-ENOENT</c> when no armed linked timeout has
    /// that <c>user_data</c>.
    /// </summary>
    [UringOp(IoUringOp.TimeoutRemove, Fd = -1, OpFlags = (uint)(TimeoutFlags.Update | TimeoutFlags.LinkTimeoutUpdate))]
    public partial bool TryPrepareLinkTimeoutUpdate(
        SqeContext context,
        [Sqe(Addr)] ulong targetUserData,
        [Sqe(Addr2)] TimeSpan duration,
        [Sqe(OpFlags)] TimeoutFlags flags = TimeoutFlags.None,
        in OpOptions options = default);

    /// <summary>
    /// A timeout for the previous request of a link (<c>IORING_OP_LINK_TIMEOUT</c>): prepare that request
    /// with <see cref="OpOptions.Linked"/>, then this one. Exactly one of the pair completes normally; the
    /// other completes with <c>-ECANCELED</c> (request) or <c>-ETIME</c>/<c>-EALREADY</c> (timeout).
    /// </summary>
    [UringOp(IoUringOp.LinkTimeout, Fd = -1, Len = 1)]
    public partial bool TryPrepareLinkTimeout(
        SqeContext context,
        [Sqe(Addr)] TimeSpan duration,
        [Sqe(OpFlags)] TimeoutFlags flags = TimeoutFlags.None,
        in OpOptions options = default);
}
