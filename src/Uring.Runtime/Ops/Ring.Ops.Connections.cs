using System;
using static Uring.SqeField;

namespace Uring;

// Connections: bind, listen, accept (plain, direct, multishot), connect, shutdown.
public sealed partial class Ring
{
    /// <summary>
    /// Binds a socket to <paramref name="address"/>, like <c>bind(2)</c> (<c>IORING_OP_BIND</c>, 6.11). The
    /// address is staged (the kernel copies it when it consumes the SQE). Result: 0.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Bind)]
    public partial bool PrepareBind(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr, Staged = true, LengthField = Off)] in SockAddr address,
        in OpOptions options = default);

    /// <summary>
    /// Marks a bound socket as listening, like <c>listen(2)</c> (<c>IORING_OP_LISTEN</c>, 6.11); the backlog
    /// defaults to 1024. Result: 0.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Listen)]
    public partial bool PrepareListen(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Len)] int backlog = 1024,
        in OpOptions options = default);

    /// <summary>
    /// Accepts a connection, like <c>accept4(2)</c> (<c>IORING_OP_ACCEPT</c>), without reporting the peer
    /// address. The new socket is non-blocking and close-on-exec by default. Result: the new fd.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Accept, IoPrio = 0)]
    public partial bool PrepareAccept(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(OpFlags)] AcceptFlags flags = AcceptFlags.NonBlock | AcceptFlags.CloseOnExec,
        in OpOptions options = default);

    /// <summary>
    /// The accept behind <see cref="PrepareAccept(SqeContext, int, Span{SockAddr}, AcceptFlags, in OpOptions)"/>:
    /// <c>addr</c> = the caller's sockaddr, <c>addr2</c> = its <c>socklen_t</c>, both written at completion.
    /// </summary>
    [UringOp(IoUringOp.Accept, IoPrio = 0)]
    private partial bool PrepareAcceptWithPeer(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr)] [HeldUntilCompletion] nint peer,
        [Sqe(Addr2)] [HeldUntilCompletion] nint peerLength,
        [Sqe(OpFlags)] AcceptFlags flags,
        in OpOptions options);

    /// <summary>
    /// Accepts a connection into registered-file slot <paramref name="slot"/> (<c>IORING_OP_ACCEPT</c>,
    /// <c>file_index</c> = slot + 1). <paramref name="flags"/> must not include
    /// <see cref="AcceptFlags.CloseOnExec"/> (EINVAL). Result: 0.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Accept, IoPrio = 0)]
    public partial bool PrepareAcceptDirect(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(FileIndex, Bias = 1)] uint slot,
        [Sqe(OpFlags)] AcceptFlags flags = AcceptFlags.NonBlock,
        in OpOptions options = default);

    /// <summary>
    /// Accepts a connection into a free registered-file slot the kernel picks (<c>IORING_OP_ACCEPT</c>,
    /// <c>IORING_FILE_INDEX_ALLOC</c>). Result: the 0-based slot, <c>-ENFILE</c> when none is free.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Accept, IoPrio = 0, FileIndex = uint.MaxValue)]
    public partial bool PrepareAcceptDirectAlloc(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(OpFlags)] AcceptFlags flags = AcceptFlags.NonBlock,
        in OpOptions options = default);

    /// <summary>
    /// Multishot accept (<c>IORING_OP_ACCEPT</c> with <c>IORING_ACCEPT_MULTISHOT</c> in <c>ioprio</c>): one
    /// request posts a CQE per accepted connection, each with <see cref="CqeFlags.More"/>, until it is
    /// cancelled or fails; the last CQE has no <c>More</c>. Result of each: the new fd.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Accept, IoPrio = (ushort)AcceptIoFlags.Multishot)]
    public partial bool PrepareAcceptMultishot(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(OpFlags)] AcceptFlags flags = AcceptFlags.NonBlock | AcceptFlags.CloseOnExec,
        in OpOptions options = default);

    /// <summary>
    /// Multishot accept into registered-file slots the kernel picks (<c>IORING_ACCEPT_MULTISHOT</c> with
    /// <c>IORING_FILE_INDEX_ALLOC</c>, the only slot choice the kernel allows for multishot). Each CQE carries
    /// <see cref="CqeFlags.More"/> while the request stays armed. Result of each: the 0-based slot.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Accept, IoPrio = (ushort)AcceptIoFlags.Multishot, FileIndex = uint.MaxValue)]
    public partial bool PrepareAcceptMultishotDirect(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(OpFlags)] AcceptFlags flags = AcceptFlags.NonBlock,
        in OpOptions options = default);

    /// <summary>
    /// Connects a socket to <paramref name="address"/>, like <c>connect(2)</c> (<c>IORING_OP_CONNECT</c>). The
    /// address is staged. Result: 0 once connected (a non-blocking socket still completes only when the
    /// connection is established or fails).
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Connect)]
    public partial bool PrepareConnect(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr, Staged = true, LengthField = Off)] in SockAddr address,
        in OpOptions options = default);

    /// <summary>
    /// Shuts down one or both directions of a connection, like <c>shutdown(2)</c> (<c>IORING_OP_SHUTDOWN</c>).
    /// Result: 0 (<c>-ENOTCONN</c> on an unconnected socket).
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Shutdown)]
    public partial bool PrepareShutdown(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Len)] ShutdownHow how,
        in OpOptions options = default);
}
