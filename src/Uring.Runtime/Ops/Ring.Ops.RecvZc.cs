using static Uring.SqeField;

namespace Uring;

// Zero-copy receive (ZCRX): the NIC writes into an area registered with the ring; completions say where.
public sealed partial class Ring
{
    /// <summary>
    /// A multishot zero-copy receive (<c>IORING_OP_RECV_ZC</c>, Linux 6.15): the kernel receives <paramref name="fd"/>'s
    /// TCP data straight into the area of the zero-copy receive queue <paramref name="zcrxId"/> (<c>zcrx_ifq_idx</c>
    /// @44, <c>IORING_RECV_MULTISHOT</c> in <c>ioprio</c>, which the kernel requires; <c>addr</c>, <c>addr2</c>,
    /// <c>addr3</c> and <c>msg_flags</c> stay 0). Each completion is a 32-byte CQE: its result is the byte count and
    /// its extra 16 bytes (<see cref="BigCqe.Extra0"/>) the area offset of the data, the area id in the bits from 48
    /// up; 0 bytes means end of stream. Completions carry <see cref="CqeFlags.More"/> while the request stays armed.
    /// The ring needs <see cref="RingOptions.Cqe32"/> (or <see cref="RingOptions.CqeMixed"/>) and
    /// <c>DEFER_TASKRUN</c>, and the queue a NIC that supports it: <see cref="ZeroCopyReceiver"/> sets all of this up
    /// and routes the completions. The raw form: you route the completions and refill the queue yourself.
    /// </summary>
    [UringOp(IoUringOp.RecvZc, Kind = UringOpKind.ReadLike, IoPrio = (ushort)RecvSendIoFlags.RecvMultishot)]
    public partial bool TryPrepareRecvZc(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(ZcrxIfqIdx)] uint zcrxId,
        [Sqe(Len)] uint maxBytes = 0,
        [SqeFlag(IoPrio, RecvSendIoFlags.PollFirst)] bool pollFirst = false,
        in OpOptions options = default);
}
