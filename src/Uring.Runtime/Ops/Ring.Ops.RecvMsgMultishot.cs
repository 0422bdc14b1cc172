using static Uring.SqeField;

namespace Uring;

// Multishot recvmsg: one request, one provided buffer per message, each with its header and source address.
public sealed partial class Ring
{
    /// <summary>
    /// A multishot receive of messages, like <c>recvmsg(2)</c> once per arrival (<c>IORING_OP_RECVMSG</c> with
    /// <c>IORING_RECV_MULTISHOT</c> in <c>ioprio</c>, <c>IOSQE_BUFFER_SELECT</c>, the group in <c>buf_group</c>
    /// @40 and <c>len</c> 1). <paramref name="layout"/> says how much room each buffer keeps for the source
    /// address and the ancillary data; the <c>msghdr</c> that carries it is staged. Every completion with data
    /// names a buffer of group <paramref name="bufferGroup"/> (<see cref="CqeFlags.Buffer"/>) that holds an
    /// <c>io_uring_recvmsg_out</c> header, the name, the control data and the payload; its result is the bytes
    /// written, all of them included. Read it with <see cref="MultishotMessageLayout.TryParse"/> over the
    /// buffer cut to the result, then recycle the buffer. Completions carry <see cref="CqeFlags.More"/> while
    /// the request stays armed; it ends like <see cref="TryPrepareRecvMultishot"/> (<c>-ENOBUFS</c>,
    /// <c>-ECANCELED</c>, an error). Each buffer must be longer than <see cref="MultishotMessageLayout.PayloadOffset"/>.
    /// </summary>
    [UringOp(IoUringOp.RecvMsg, Kind = UringOpKind.ReadLike, SqeFlags = SqeFlags.BufferSelect, IoPrio = (ushort)RecvSendIoFlags.RecvMultishot, Len = 1)]
    public partial bool TryPrepareRecvMsgMultishot(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(BufGroup)] ushort bufferGroup,
        [Sqe(Addr, Staged = true)] MultishotMessageLayout layout,
        [Sqe(OpFlags)] MessageFlags flags = MessageFlags.None,
        [SqeFlag(IoPrio, RecvSendIoFlags.PollFirst)] bool pollFirst = false,
        in OpOptions options = default);
}
