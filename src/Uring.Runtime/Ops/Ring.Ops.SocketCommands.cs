using System;
using static Uring.SqeField;

namespace Uring;

// Socket URING_CMD sub-ops: SIOCINQ, SIOCOUTQ, getsockopt, setsockopt.
public sealed partial class Ring
{
    /// <summary>
    /// How many bytes wait to be read on a socket, like <c>ioctl(SIOCINQ)</c> (<c>IORING_OP_URING_CMD</c>,
    /// <c>SOCKET_URING_OP_SIOCINQ</c>). Result: the byte count.
    /// </summary>
    [UringOp(IoUringOp.UringCmd, Off = (long)SocketCommand.InQueue)]
    public partial bool TryPrepareSocketInQueue(
        SqeContext context,
        [Sqe(Fd)] int fd,
        in OpOptions options = default);

    /// <summary>
    /// How many bytes were queued but not yet sent (TCP: not yet acknowledged), like <c>ioctl(SIOCOUTQ)</c>
    /// (<c>IORING_OP_URING_CMD</c>, <c>SOCKET_URING_OP_SIOCOUTQ</c>). Result: the byte count.
    /// </summary>
    [UringOp(IoUringOp.UringCmd, Off = (long)SocketCommand.OutQueue)]
    public partial bool TryPrepareSocketOutQueue(
        SqeContext context,
        [Sqe(Fd)] int fd,
        in OpOptions options = default);

    /// <summary>
    /// Reads a socket option, like <c>getsockopt(2)</c> (<c>IORING_OP_URING_CMD</c>,
    /// <c>SOCKET_URING_OP_GETSOCKOPT</c>: <c>level</c> @16, <c>optname</c> @20, <c>optlen</c> @44,
    /// <c>optval</c> @48). The kernel writes <paramref name="value"/> when the command runs, so it must not
    /// move until the completion. On Linux 6.18 only <see cref="SockOpt.SocketLevel"/> is supported (other
    /// levels: <c>-EOPNOTSUPP</c>). Result: the option's length in bytes.
    /// </summary>
    [UringOp(IoUringOp.UringCmd, Off = (long)SocketCommand.GetSocketOption)]
    public partial bool TryPrepareGetSocketOption(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Level)] int level,
        [Sqe(OptName)] int name,
        [Sqe(OptVal, LengthField = OptLen)] [HeldUntilCompletion] Span<byte> value,
        in OpOptions options = default);

    /// <summary>
    /// Sets a socket option, like <c>setsockopt(2)</c> (<c>IORING_OP_URING_CMD</c>,
    /// <c>SOCKET_URING_OP_SETSOCKOPT</c>). Not staged: the kernel reads <paramref name="value"/> when the
    /// command runs, which can be after the SQE was consumed (a linked or async request), so it must stay
    /// unchanged until the completion. Any level. Result: 0.
    /// </summary>
    [UringOp(IoUringOp.UringCmd, Off = (long)SocketCommand.SetSocketOption)]
    public partial bool TryPrepareSetSocketOption(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Level)] int level,
        [Sqe(OptName)] int name,
        [Sqe(OptVal, LengthField = OptLen)] [HeldUntilCompletion] ReadOnlySpan<byte> value,
        in OpOptions options = default);
}
