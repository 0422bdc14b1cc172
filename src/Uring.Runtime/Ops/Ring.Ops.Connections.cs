using System;
using static Uring.SqeField;

namespace Uring;

// Connections: bind, listen, accept (single and multishot, into an fd or a registered-file slot), connect, shutdown.
// Accept owns ioprio (io_uring's own accept flags), so OpOptions.IoPriority does not reach it.
public sealed partial class Ring
{
    /// <summary>
    /// Binds a socket to <paramref name="address"/>, like <c>bind(2)</c> (<c>IORING_OP_BIND</c>, 6.11). The
    /// address is staged (the kernel copies it when it consumes the SQE). Result: 0.
    /// </summary>
    [UringOp(IoUringOp.Bind)]
    public partial bool TryPrepareBind(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr, Staged = true, LengthField = Off)] in SockAddr address,
        in OpOptions options = default);

    /// <summary>
    /// Marks a bound socket as listening, like <c>listen(2)</c> (<c>IORING_OP_LISTEN</c>, 6.11); the backlog
    /// defaults to 1024. Result: 0.
    /// </summary>
    [UringOp(IoUringOp.Listen)]
    public partial bool TryPrepareListen(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Len)] int backlog = 1024,
        in OpOptions options = default);

    /// <summary>
    /// Accepts a connection, like <c>accept4(2)</c> (<c>IORING_OP_ACCEPT</c>), without reporting the peer
    /// address. The new socket is non-blocking and close-on-exec by default; <paramref name="target"/> says
    /// where it goes (for a slot the close-on-exec bit is not sent; see <see cref="FileTarget"/>). Result: the
    /// new fd for <see cref="FileTarget.Descriptor"/>, 0 for <see cref="FileTarget.Slot(uint)"/>, the 0-based
    /// slot for <see cref="FileTarget.AnySlot"/> (<c>-ENFILE</c> when none is free).
    /// </summary>
    [UringOp(IoUringOp.Accept, IoPrio = 0)]
    public partial bool TryPrepareAccept(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(OpFlags, CarriesCloseOnExec = true)] AcceptFlags flags = AcceptFlags.NonBlock | AcceptFlags.CloseOnExec,
        [Sqe(FileIndex)] FileTarget target = default,
        in OpOptions options = default);

    /// <summary>
    /// The accept behind <see cref="TryPrepareAccept(SqeContext, int, Span{SockAddr}, AcceptFlags, FileTarget, in OpOptions)"/>:
    /// <c>addr</c> = the caller's sockaddr, <c>addr2</c> = its <c>socklen_t</c>, both written at completion.
    /// </summary>
    [UringOp(IoUringOp.Accept, IoPrio = 0)]
    private partial bool TryPrepareAcceptWithPeer(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr)] [HeldUntilCompletion] nint peer,
        [Sqe(Addr2)] [HeldUntilCompletion] nint peerLength,
        [Sqe(OpFlags, CarriesCloseOnExec = true)] AcceptFlags flags,
        [Sqe(FileIndex)] FileTarget target,
        in OpOptions options);

    /// <summary>
    /// Multishot accept (<c>IORING_OP_ACCEPT</c> with <c>IORING_ACCEPT_MULTISHOT</c> in <c>ioprio</c>): one
    /// request posts a CQE per accepted connection, each with <see cref="CqeFlags.More"/>, until it is
    /// cancelled or fails; the last CQE has no <c>More</c>. <paramref name="target"/> is
    /// <see cref="FileTarget.Descriptor"/> or <see cref="FileTarget.AnySlot"/>: the kernel picks a slot per
    /// connection, so a fixed <see cref="FileTarget.Slot(uint)"/> throws <see cref="ArgumentException"/> (the
    /// kernel would answer EINVAL). Result of each: the new fd, or the 0-based slot for
    /// <see cref="FileTarget.AnySlot"/>.
    /// </summary>
    [UringOp(IoUringOp.Accept, IoPrio = (ushort)AcceptIoFlags.Multishot)]
    public partial bool TryPrepareAcceptMultishot(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(OpFlags, CarriesCloseOnExec = true)] AcceptFlags flags = AcceptFlags.NonBlock | AcceptFlags.CloseOnExec,
        [Sqe(FileIndex, Refuses = [FileTargetKind.Slot])] FileTarget target = default,
        in OpOptions options = default);

    /// <summary>
    /// Connects a socket to <paramref name="address"/>, like <c>connect(2)</c> (<c>IORING_OP_CONNECT</c>). The
    /// address is staged. Result: 0 once connected (a non-blocking socket still completes only when the
    /// connection is established or fails).
    /// </summary>
    [UringOp(IoUringOp.Connect)]
    public partial bool TryPrepareConnect(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr, Staged = true, LengthField = Off)] in SockAddr address,
        in OpOptions options = default);

    /// <summary>
    /// Shuts down one or both directions of a connection, like <c>shutdown(2)</c> (<c>IORING_OP_SHUTDOWN</c>).
    /// Result: 0 (<c>-ENOTCONN</c> on an unconnected socket).
    /// </summary>
    [UringOp(IoUringOp.Shutdown)]
    public partial bool TryPrepareShutdown(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Len)] ShutdownHow how,
        in OpOptions options = default);
}
