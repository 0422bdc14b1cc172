using System;
using static Uring.SqeField;

namespace Uring;

// Zero-copy sends: two CQEs each, the data one (F_MORE) then the notification (F_NOTIF).
public sealed partial class Ring
{
    /// <summary>
    /// Zero-copy send (<c>IORING_OP_SEND_ZC</c>): the kernel sends the pages of <paramref name="buffer"/> in
    /// place. Two CQEs: the first has the result (bytes sent) and <see cref="CqeFlags.More"/>; the second,
    /// with <see cref="CqeFlags.Notification"/> and result 0 (or <see cref="ZeroCopyNotification.UsageCopied"/>
    /// when <paramref name="reportUsage"/> and the kernel copied after all), says the buffer may be reused:
    /// keep it unchanged until then. Not write-like: the kernel rejects <c>IOSQE_CQE_SKIP_SUCCESS</c> on
    /// zero-copy sends (EINVAL), so every send posts both CQEs whatever <see cref="RingOptions.NotifySucceed"/>
    /// says. Sockets without zero-copy support (Unix) fail with <c>-EOPNOTSUPP</c>. <paramref name="pollFirst"/>
    /// sets <c>IORING_RECVSEND_POLL_FIRST</c> in <c>ioprio</c>: the kernel waits until the socket is writable
    /// before the first attempt instead of trying at once (for a send queue that is known to be full).
    /// </summary>
    [UringOp(IoUringOp.SendZc)]
    public partial bool TryPrepareSendZc(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr, LengthField = Len)] [HeldUntilCompletion] ReadOnlySpan<byte> buffer,
        [Sqe(OpFlags)] MessageFlags flags = MessageFlags.None,
        [SqeFlag(IoPrio, RecvSendIoFlags.ZeroCopyReportUsage)] bool reportUsage = false,
        [SqeFlag(IoPrio, RecvSendIoFlags.PollFirst)] bool pollFirst = false,
        in OpOptions options = default);

    /// <summary>
    /// Zero-copy send from registered buffer <paramref name="bufferIndex"/> (<c>IORING_OP_SEND_ZC</c> with
    /// <c>IORING_RECVSEND_FIXED_BUF</c>): <paramref name="buffer"/> must lie inside that buffer
    /// (<see cref="RegisteredBuffer"/>), and the kernel skips pinning the pages per send. CQEs and rules as
    /// <see cref="TryPrepareSendZc(SqeContext, int, ReadOnlySpan{byte}, MessageFlags, bool, bool, in OpOptions)"/> (including <paramref name="pollFirst"/>).
    /// </summary>
    [UringOp(IoUringOp.SendZc, IoPrio = (ushort)RecvSendIoFlags.FixedBuffer)]
    public partial bool TryPrepareSendZcFixed(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr, LengthField = Len)] [HeldUntilCompletion] ReadOnlySpan<byte> buffer,
        [Sqe(BufIndex)] ushort bufferIndex,
        [Sqe(OpFlags)] MessageFlags flags = MessageFlags.None,
        [SqeFlag(IoPrio, RecvSendIoFlags.ZeroCopyReportUsage)] bool reportUsage = false,
        [SqeFlag(IoPrio, RecvSendIoFlags.PollFirst)] bool pollFirst = false,
        in OpOptions options = default);

    /// <summary>
    /// Zero-copy <c>sendto</c> (<c>IORING_OP_SEND_ZC</c> with the staged destination in <c>addr2</c>, its
    /// length in <c>addr_len</c>). CQEs and rules as <see cref="TryPrepareSendZc(SqeContext, int, ReadOnlySpan{byte}, MessageFlags, bool, bool, in OpOptions)"/>.
    /// </summary>
    [UringOp(IoUringOp.SendZc)]
    public partial bool TryPrepareSendToZc(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr, LengthField = Len)] [HeldUntilCompletion] ReadOnlySpan<byte> buffer,
        [Sqe(Addr2, Staged = true, LengthField = AddrLen)] in SockAddr destination,
        [Sqe(OpFlags)] MessageFlags flags = MessageFlags.None,
        [SqeFlag(IoPrio, RecvSendIoFlags.ZeroCopyReportUsage)] bool reportUsage = false,
        [SqeFlag(IoPrio, RecvSendIoFlags.PollFirst)] bool pollFirst = false,
        in OpOptions options = default);

    /// <summary>
    /// Zero-copy <c>sendmsg</c> (<c>IORING_OP_SENDMSG_ZC</c>): staging as <see cref="TryPrepareSendMsg"/>, CQEs
    /// and rules as <see cref="TryPrepareSendZc(SqeContext, int, ReadOnlySpan{byte}, MessageFlags, bool, bool, in OpOptions)"/> (keep the buffers unchanged until the notification).
    /// </summary>
    [UringOp(IoUringOp.SendMsgZc, Len = 1)]
    public partial bool TryPrepareSendMsgZc(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr, Staged = true)] SendMessage message,
        [Sqe(OpFlags)] MessageFlags flags = MessageFlags.None,
        [SqeFlag(IoPrio, RecvSendIoFlags.ZeroCopyReportUsage)] bool reportUsage = false,
        [SqeFlag(IoPrio, RecvSendIoFlags.PollFirst)] bool pollFirst = false,
        in OpOptions options = default);

    /// <summary>
    /// Zero-copy <c>sendmsg</c> from registered buffer <paramref name="bufferIndex"/>
    /// (<c>IORING_OP_SENDMSG_ZC</c> with <c>IORING_RECVSEND_FIXED_BUF</c>): every iovec of
    /// <paramref name="message"/> must lie inside that buffer. CQEs and rules as <see cref="TryPrepareSendZc(SqeContext, int, ReadOnlySpan{byte}, MessageFlags, bool, bool, in OpOptions)"/>.
    /// </summary>
    [UringOp(IoUringOp.SendMsgZc, Len = 1, IoPrio = (ushort)RecvSendIoFlags.FixedBuffer)]
    public partial bool TryPrepareSendMsgZcFixed(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr, Staged = true)] SendMessage message,
        [Sqe(BufIndex)] ushort bufferIndex,
        [Sqe(OpFlags)] MessageFlags flags = MessageFlags.None,
        [SqeFlag(IoPrio, RecvSendIoFlags.ZeroCopyReportUsage)] bool reportUsage = false,
        [SqeFlag(IoPrio, RecvSendIoFlags.PollFirst)] bool pollFirst = false,
        in OpOptions options = default);
}
