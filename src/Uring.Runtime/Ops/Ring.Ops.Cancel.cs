using static Uring.SqeField;

namespace Uring;

public sealed partial class Ring
{
    /// <summary>
    /// Cancels the request whose <c>user_data</c> is <paramref name="targetUserData"/>
    /// (<c>IORING_OP_ASYNC_CANCEL</c>); with <paramref name="all"/>, every such request. Result: 0 (or the
    /// count with <paramref name="all"/>; on Linux 6.18 cancelling a futex wait or a waitid also reports 1),
    /// <c>-ENOENT</c> if none matched, <c>-EALREADY</c> if it was already running. Cancelled requests
    /// complete with <c>-ECANCELED</c>. A request queued through a <c>Memory&lt;T&gt;</c> overload is in flight under
    /// the ring's buffer lease: the cancel is aimed at that lease when <paramref name="targetUserData"/> is its
    /// context, so the caller's own context finds it (with <paramref name="all"/>, only the first such request if
    /// several leased ones carry the same context: give each its own).
    /// </summary>
    [IssuerThreadOnly]
    [GenerateContextOverload]
    public bool TryPrepareCancel(
        SqeContext context,
        ulong targetUserData,
        bool all = false,
        in OpOptions options = default)
        => TryPrepareCancelCore(context, LeaseUserDataFor(targetUserData), all, options);

    [UringOp(IoUringOp.AsyncCancel, Fd = -1)]
    private partial bool TryPrepareCancelCore(
        SqeContext context,
        [Sqe(Addr)] ulong targetUserData,
        [SqeFlag(OpFlags, AsyncCancelFlags.All)] bool all,
        in OpOptions options);

    /// <summary>
    /// Cancels requests on file descriptor <paramref name="fd"/> (<c>IORING_ASYNC_CANCEL_FD</c>): the first
    /// one, or every one with <paramref name="all"/>. Result: as <see cref="TryPrepareCancel"/>.
    /// </summary>
    [UringOp(IoUringOp.AsyncCancel, OpFlags = (uint)AsyncCancelFlags.Fd)]
    public partial bool TryPrepareCancelFd(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [SqeFlag(OpFlags, AsyncCancelFlags.All)] bool all = false,
        in OpOptions options = default);

    /// <summary>
    /// Cancels requests with opcode <paramref name="op"/> (<c>IORING_ASYNC_CANCEL_OP</c>, the opcode in
    /// <c>len</c>): the first one, or every one with <paramref name="all"/>. Result: as
    /// <see cref="TryPrepareCancel"/>.
    /// </summary>
    [UringOp(IoUringOp.AsyncCancel, Fd = -1, OpFlags = (uint)AsyncCancelFlags.Opcode)]
    public partial bool TryPrepareCancelOpcode(
        SqeContext context,
        [Sqe(Len)] IoUringOp op,
        [SqeFlag(OpFlags, AsyncCancelFlags.All)] bool all = false,
        in OpOptions options = default);

    /// <summary>
    /// Cancels requests regardless of their <c>user_data</c> (<c>IORING_ASYNC_CANCEL_ANY</c>). The kernel
    /// treats ANY like ALL (it keeps cancelling until nothing matches), so on Linux 6.18 this cancels every
    /// in-flight request. Result: how many were cancelled, 0 if none (not <c>-ENOENT</c>, whatever older
    /// documentation says).
    /// </summary>
    [UringOp(IoUringOp.AsyncCancel, Fd = -1, OpFlags = (uint)AsyncCancelFlags.Any)]
    public partial bool TryPrepareCancelAny(SqeContext context, in OpOptions options = default);

    /// <summary>
    /// Cancels every in-flight request (<c>IORING_ASYNC_CANCEL_ALL | ANY</c>). Result: how many were
    /// cancelled.
    /// </summary>
    [UringOp(IoUringOp.AsyncCancel, Fd = -1, OpFlags = (uint)(AsyncCancelFlags.All | AsyncCancelFlags.Any))]
    public partial bool TryPrepareCancelAll(SqeContext context, in OpOptions options = default);
}
