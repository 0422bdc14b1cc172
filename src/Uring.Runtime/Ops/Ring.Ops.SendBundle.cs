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
    /// up to <paramref name="maxLength"/> bytes (0 = no cap; a buffer that would cross the cap waits, unless it
    /// is the first, which is cut to the cap). When buffers remain after such a round (a cap, or a short send)
    /// the kernel posts its completion with <see cref="CqeFlags.More"/> and sends again from the next buffer
    /// (on Linux 6.18 without the cap) until the group is empty; the last completion has no
    /// <see cref="CqeFlags.More"/>. Register the group with
    /// <c>startEmpty: true</c>, write data into a lent buffer and queue it with
    /// <see cref="ProvidedBufferRing.Add(ushort, int)"/> and <see cref="ProvidedBufferRing.Publish"/>.
    /// Result: bytes sent; the completion has <see cref="CqeFlags.Buffer"/> with the first buffer's id, and
    /// <see cref="ProvidedBufferRing.ReclaimSent(in CqeView)"/> gives back the buffers the bytes reached (a
    /// short send consumes the buffer it stopped in: send its rest again).
    /// <c>-ENOBUFS</c> when the group has nothing queued. Not write-like: the completion says which buffers
    /// are free again, so it is always posted.
    /// </summary>
    [UringOp(IoUringOp.Send, SqeFlags = SqeFlags.BufferSelect, IoPrio = (ushort)RecvSendIoFlags.Bundle)]
    public partial bool TryPrepareSendBundle(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(BufGroup)] ushort bufferGroup,
        [Sqe(Len)] int maxLength = 0,
        [Sqe(OpFlags)] MessageFlags flags = MessageFlags.None,
        [SqeFlag(IoPrio, RecvSendIoFlags.PollFirst)] bool pollFirst = false,
        in OpOptions options = default);
}
