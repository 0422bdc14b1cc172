using static Uring.SqeField;

namespace Uring;

// Sends from provided buffers: one SEND that takes every queued buffer of a group at once.
public sealed partial class Ring
{
    /// <summary>
    /// A bundle send (<c>IORING_OP_SEND</c> with <c>IOSQE_BUFFER_SELECT</c>, <c>IORING_RECVSEND_BUNDLE</c> in
    /// <c>ioprio</c>, <c>addr</c> 0 and the group in <c>buf_group</c> @40; Linux 6.10,
    /// <c>IORING_FEAT_RECVSEND_BUNDLE</c>): the kernel sends the buffers queued in provided-buffer group
    /// <paramref name="bufferGroup"/>, in ring order and each to the length it was added with, as one send of
    /// up to <paramref name="maxLength"/> bytes (0 = no cap). Register the group with
    /// <c>startEmpty: true</c>, write data into a lent buffer and queue it with
    /// <see cref="ProvidedBufferRing.Add(ushort, int)"/> and <see cref="ProvidedBufferRing.Publish"/>.
    /// Result: bytes sent; the completion has <see cref="CqeFlags.Buffer"/> with the first buffer's id, and
    /// <see cref="ProvidedBufferRing.TakeBundle(in CqeView)"/> gives back the buffers the bytes reached (a
    /// short send on a stream socket consumes the buffer it stopped in: send its rest again).
    /// <c>-ENOBUFS</c> when the group has nothing queued. Not write-like: the completion says which buffers
    /// are free again, so it is always posted.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Send, SqeFlags = SqeFlags.BufferSelect, IoPrio = (ushort)RecvSendIoFlags.Bundle)]
    public partial bool PrepareSendBundle(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(BufGroup)] ushort bufferGroup,
        [Sqe(Len)] int maxLength = 0,
        [Sqe(OpFlags)] MessageFlags flags = MessageFlags.None,
        [SqeFlag(IoPrio, RecvSendIoFlags.PollFirst)] bool pollFirst = false,
        in OpOptions options = default);
}
