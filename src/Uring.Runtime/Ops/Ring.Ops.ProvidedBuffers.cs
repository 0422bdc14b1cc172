using System;
using static Uring.SqeField;

namespace Uring;

public sealed partial class Ring
{
    /// <summary>
    /// Receives into a buffer the kernel picks from provided-buffer group <paramref name="bufferGroup"/> when
    /// data arrives, like <c>recv(2)</c> (<c>IORING_OP_RECV</c> with <c>IOSQE_BUFFER_SELECT</c>, <c>addr</c> 0,
    /// <c>buf_group</c> @40). <paramref name="maxLength"/> caps the bytes (0 = the whole buffer);
    /// <paramref name="messageFlags"/> are <c>MSG_*</c> flags; <paramref name="pollFirst"/> sets
    /// <c>IORING_RECVSEND_POLL_FIRST</c>. Result: bytes received (0 at end of stream, which selects no buffer);
    /// with data the completion has <see cref="CqeFlags.Buffer"/> and the buffer id in <c>flags &gt;&gt; 16</c>
    /// (take it with <see cref="ProvidedBufferRing.Take(in CqeView)"/>). <c>-ENOBUFS</c> when the group is empty.
    /// </summary>
    [UringOp(IoUringOp.Recv, Kind = UringOpKind.ReadLike, SqeFlags = SqeFlags.BufferSelect)]
    public partial bool TryPrepareRecvBufferSelect(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(BufGroup)] ushort bufferGroup,
        [Sqe(Len)] int maxLength = 0,
        [Sqe(OpFlags)] MessageFlags messageFlags = MessageFlags.None,
        [SqeFlag(IoPrio, RecvSendIoFlags.PollFirst)] bool pollFirst = false,
        in OpOptions options = default);

    /// <summary>
    /// A bundle receive (<c>IORING_OP_RECV</c> with <c>IORING_RECVSEND_BUNDLE</c> in <c>ioprio</c> and
    /// <c>IOSQE_BUFFER_SELECT</c>): one completion whose bytes fill several consecutive buffers of group
    /// <paramref name="bufferGroup"/>, starting at buffer <c>flags &gt;&gt; 16</c>. Result: bytes received; walk
    /// the buffers with <see cref="ProvidedBufferRing.TakeBundle(in CqeView)"/>. Needs
    /// <c>IORING_FEAT_RECVSEND_BUNDLE</c> (6.10). A bundle need not take everything queued: on Linux 6.18 an
    /// <c>AF_UNIX</c> stream bundle with more than a buffer's worth queued stops at a buffer boundary (40 bytes
    /// into 16-byte buffers completes as 32, with <see cref="CqeFlags.SockNonEmpty"/>, then 8), so receive
    /// until you have what you need.
    /// </summary>
    [UringOp(IoUringOp.Recv, Kind = UringOpKind.ReadLike, SqeFlags = SqeFlags.BufferSelect, IoPrio = (ushort)RecvSendIoFlags.Bundle)]
    public partial bool TryPrepareRecvBundle(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(BufGroup)] ushort bufferGroup,
        [Sqe(Len)] int maxLength = 0,
        [Sqe(OpFlags)] MessageFlags messageFlags = MessageFlags.None,
        [SqeFlag(IoPrio, RecvSendIoFlags.PollFirst)] bool pollFirst = false,
        in OpOptions options = default);

    /// <summary>
    /// A multishot receive (<c>IORING_OP_RECV</c> with <c>IORING_RECV_MULTISHOT</c> in <c>ioprio</c> and
    /// <c>IOSQE_BUFFER_SELECT</c>): one request that posts a completion per arrival, each in a buffer of group
    /// <paramref name="bufferGroup"/>, with <see cref="CqeFlags.More"/> while it stays armed. It ends with a
    /// completion without <see cref="CqeFlags.More"/>: 0 at end of stream, <c>-ENOBUFS</c> when the group ran
    /// dry, <c>-ECANCELED</c> after a cancel, or another error. The raw form: you route the completions.
    /// </summary>
    [UringOp(IoUringOp.Recv, Kind = UringOpKind.ReadLike, SqeFlags = SqeFlags.BufferSelect, IoPrio = (ushort)RecvSendIoFlags.RecvMultishot)]
    public partial bool TryPrepareRecvMultishot(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(BufGroup)] ushort bufferGroup,
        [Sqe(Len)] int maxLength = 0,
        [Sqe(OpFlags)] MessageFlags messageFlags = MessageFlags.None,
        [SqeFlag(IoPrio, RecvSendIoFlags.PollFirst)] bool pollFirst = false,
        in OpOptions options = default);

    /// <summary>
    /// A multishot bundle receive (<c>IORING_RECV_MULTISHOT | IORING_RECVSEND_BUNDLE</c>): like
    /// <see cref="TryPrepareRecvMultishot"/>, but each completion may span several buffers (see
    /// <see cref="TryPrepareRecvBundle"/>).
    /// </summary>
    [UringOp(IoUringOp.Recv, Kind = UringOpKind.ReadLike, SqeFlags = SqeFlags.BufferSelect,
        IoPrio = (ushort)(RecvSendIoFlags.RecvMultishot | RecvSendIoFlags.Bundle))]
    public partial bool TryPrepareRecvBundleMultishot(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(BufGroup)] ushort bufferGroup,
        [Sqe(Len)] int maxLength = 0,
        [Sqe(OpFlags)] MessageFlags messageFlags = MessageFlags.None,
        [SqeFlag(IoPrio, RecvSendIoFlags.PollFirst)] bool pollFirst = false,
        in OpOptions options = default);

    /// <summary>
    /// Reads into a buffer the kernel picks from group <paramref name="bufferGroup"/>, like <c>pread(2)</c>
    /// (<c>IORING_OP_READ</c> with <c>IOSQE_BUFFER_SELECT</c>); offset -1 reads at the file position. Works
    /// with ring-provided groups and with <see cref="TryPrepareProvideBuffers(SqeContext, ushort, Span{byte}, int, int, ushort, in OpOptions)"/> groups. Result: bytes read; the
    /// completion carries <see cref="CqeFlags.Buffer"/> and the id (also at end of file, with 0 bytes: that
    /// buffer is consumed and must be recycled).
    /// </summary>
    [UringOp(IoUringOp.Read, Kind = UringOpKind.ReadLike, SqeFlags = SqeFlags.BufferSelect)]
    public partial bool TryPrepareReadBufferSelect(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(BufGroup)] ushort bufferGroup,
        [Sqe(Len)] int maxLength = 0,
        [Sqe(Off)] long offset = -1,
        [Sqe(OpFlags)] ReadWriteFlags flags = ReadWriteFlags.None,
        in OpOptions options = default);

    /// <summary>
    /// A multishot read (<c>IORING_OP_READ_MULTISHOT</c>, 6.7, with <c>IOSQE_BUFFER_SELECT</c>): for pollable
    /// files (pipes, sockets, eventfds), one request that posts a completion with
    /// <see cref="CqeFlags.More"/> per read, each in a buffer of group <paramref name="bufferGroup"/>. It ends
    /// like <see cref="TryPrepareRecvMultishot"/> (0 at end of file, <c>-ENOBUFS</c>, <c>-ECANCELED</c>).
    /// <c>addr</c> and <c>len</c> are 0: each read fills up to a whole buffer (Linux 6.18 fails a nonzero
    /// <c>len</c> with EINVAL, although liburing's helper takes a byte count).
    /// </summary>
    [UringOp(IoUringOp.ReadMultishot, Kind = UringOpKind.ReadLike, SqeFlags = SqeFlags.BufferSelect)]
    public partial bool TryPrepareReadMultishot(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(BufGroup)] ushort bufferGroup,
        [Sqe(Off)] long offset = -1,
        in OpOptions options = default);

    /// <summary>
    /// Hands <paramref name="count"/> buffers of <paramref name="bufferLength"/> bytes, laid out back to back
    /// at the start of <paramref name="memory"/>, to the kernel as legacy provided-buffer group
    /// <paramref name="bufferGroup"/> with ids <paramref name="startId"/>, <paramref name="startId"/> + 1, ...
    /// (<c>IORING_OP_PROVIDE_BUFFERS</c>: <c>fd</c> = count, <c>off</c> = first id, <c>addr</c> = base,
    /// <c>len</c> = buffer length). A group id used by a <see cref="ProvidedBufferRing"/> cannot take these. The
    /// kernel writes the memory whenever a request selects a buffer, until the buffer is consumed or removed:
    /// it must stay valid and unmoved that long. Result: 0.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The sizes do not fit <paramref name="memory"/> or the 16-bit id space.</exception>
    [IssuerThreadOnly]
    public unsafe bool TryPrepareProvideBuffers(
        SqeContext context,
        ushort bufferGroup,
        [HeldUntilCompletion] Span<byte> memory,
        int bufferLength,
        int count,
        ushort startId = 0,
        in OpOptions options = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bufferLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if ((long)bufferLength * count > memory.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"{count} buffers of {bufferLength} bytes do not fit the {memory.Length} bytes of memory.");
        }

        if (startId + count > 65536)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"Buffer ids are 16 bits: {startId} + {count} buffers pass 65535.");
        }

        return TryPrepareProvideBuffersCore(context, count, (nint)SqeEncoding.AddressOf(memory), bufferLength, startId, bufferGroup, options);
    }

    /// <summary>
    /// Takes up to <paramref name="count"/> buffers of legacy group <paramref name="bufferGroup"/> back from the
    /// kernel (<c>IORING_OP_REMOVE_BUFFERS</c>: <c>fd</c> = count). Result: how many were removed (0 for a
    /// group whose buffers are all gone: on 6.18 an emptied group still exists); <c>-ENOENT</c> for a group id
    /// that never had buffers.
    /// </summary>
    [UringOp(IoUringOp.RemoveBuffers)]
    public partial bool TryPrepareRemoveBuffers(
        SqeContext context,
        [Sqe(BufGroup)] ushort bufferGroup,
        [Sqe(Fd)] int count,
        in OpOptions options = default);

    [UringOp(IoUringOp.ProvideBuffers)]
    private partial bool TryPrepareProvideBuffersCore(
        SqeContext context,
        [Sqe(Fd)] int count,
        [Sqe(Addr)] [HeldUntilCompletion] nint address,
        [Sqe(Len)] int bufferLength,
        [Sqe(Off)] ushort startId,
        [Sqe(BufGroup)] ushort bufferGroup,
        in OpOptions options);
}
