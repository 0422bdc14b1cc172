using System;
using static Uring.SqeField;

namespace Uring;

// Socket I/O: send, sendto, recv with a caller buffer, sendmsg, recvmsg.
public sealed partial class Ring
{
    /// <summary>
    /// Sends <paramref name="buffer"/> on a connected socket, like <c>send(2)</c> (<c>IORING_OP_SEND</c>; the
    /// kernel adds <c>MSG_NOSIGNAL</c>). Write-like: without <see cref="RingOptions.NotifySucceed"/> a success
    /// posts no completion. The kernel reads <paramref name="buffer"/> until the completion. Result: bytes
    /// sent (a stream socket may send less than asked unless <see cref="MessageFlags.WaitAll"/>).
    /// </summary>
    [UringOp(IoUringOp.Send, Kind = UringOpKind.WriteLike, IoPrio = 0)]
    public partial bool TryPrepareSend(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr, LengthField = Len)] [HeldUntilCompletion] ReadOnlySpan<byte> buffer,
        [Sqe(OpFlags)] MessageFlags flags = MessageFlags.None,
        in OpOptions options = default);

    /// <summary>
    /// Sends <paramref name="buffer"/> to <paramref name="destination"/>, like <c>sendto(2)</c>
    /// (<c>IORING_OP_SEND</c> with the destination in <c>addr2</c> and its length in <c>addr_len</c>). The
    /// destination is staged; the buffer is read until the completion. Write-like. Result: bytes sent.
    /// </summary>
    [UringOp(IoUringOp.Send, Kind = UringOpKind.WriteLike, IoPrio = 0)]
    public partial bool TryPrepareSendTo(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr, LengthField = Len)] [HeldUntilCompletion] ReadOnlySpan<byte> buffer,
        [Sqe(Addr2, Staged = true, LengthField = AddrLen)] in SockAddr destination,
        [Sqe(OpFlags)] MessageFlags flags = MessageFlags.None,
        in OpOptions options = default);

    /// <summary>
    /// Receives into <paramref name="buffer"/>, like <c>recv(2)</c> (<c>IORING_OP_RECV</c>). The default is plain recv
    /// semantics (no <c>MSG_WAITALL</c>): the request completes as soon as some data arrived, so a reader of unknown-length messages
    /// is never stuck waiting for a full buffer. Pass <see cref="MessageFlags.WaitAll"/> to wait for all of it
    /// (a stream then completes short only at end of stream or on error). The kernel writes
    /// <paramref name="buffer"/> until the completion. Result: bytes received, 0 at end of stream;
    /// <see cref="CqeFlags.SockNonEmpty"/> says more data is already queued.
    /// </summary>
    [UringOp(IoUringOp.Recv, Kind = UringOpKind.ReadLike, IoPrio = 0)]
    public partial bool TryPrepareRecv(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr, LengthField = Len)] [HeldUntilCompletion] Span<byte> buffer,
        [Sqe(OpFlags)] MessageFlags flags = MessageFlags.None,
        in OpOptions options = default);

    /// <summary>
    /// Sends a message, like <c>sendmsg(2)</c> (<c>IORING_OP_SENDMSG</c>). The <c>msghdr</c>, the iovec array
    /// and the destination are staged (the kernel copies them when it consumes the SQE); the buffers and the
    /// control data are read until the completion (the kernel reads control data when the send runs).
    /// Write-like. Result: bytes sent.
    /// </summary>
    [UringOp(IoUringOp.SendMsg, Kind = UringOpKind.WriteLike, IoPrio = 0, Len = 1)]
    public partial bool TryPrepareSendMsg(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr, Staged = true)] SendMessage message,
        [Sqe(OpFlags)] MessageFlags flags = MessageFlags.None,
        in OpOptions options = default);

    /// <summary>
    /// Receives a message, like <c>recvmsg(2)</c> (<c>IORING_OP_RECVMSG</c>), into the caller-held header
    /// <paramref name="message"/> (its first element). Not staged: at completion the kernel writes the peer
    /// address into the name buffer and <c>msg_namelen</c>, <c>msg_controllen</c> and <c>msg_flags</c> back
    /// into this header, so it and everything it points at must not move until the CQE
    /// (<see cref="MessageHeader.ForReceive"/> builds one). Result: bytes received.
    /// </summary>
    [UringOp(IoUringOp.RecvMsg, Kind = UringOpKind.ReadLike, IoPrio = 0, Len = 1)]
    public partial bool TryPrepareRecvMsg(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr, NotEmpty = true)] [HeldUntilCompletion] Span<MessageHeader> message,
        [Sqe(OpFlags)] MessageFlags flags = MessageFlags.None,
        in OpOptions options = default);
}
