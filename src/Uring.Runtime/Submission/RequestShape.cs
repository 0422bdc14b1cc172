namespace Uring;

/// <summary>
/// What a runtime helper lets a caller's <see cref="RequestPreparer{TState}"/> queue with the helper's pooled
/// context: the opcodes whose completions the helper's state machine understands, and a description for the
/// message when a preparer queues something else.
/// </summary>
internal readonly struct RequestShape
{
    private readonly ulong _low;
    private readonly ulong _high;

    private RequestShape(string description, params IoUringOp[] ops)
    {
        Description = description;
        foreach (IoUringOp op in ops)
        {
            if ((byte)op < 64)
            {
                _low |= 1UL << (byte)op;
            }
            else
            {
                _high |= 1UL << ((byte)op - 64);
            }
        }
    }

    /// <summary>
    /// A subscription's request: an op that can post several completions (<c>IORING_CQE_F_MORE</c>), so the
    /// subscription's "final completion returns the context" rule holds.
    /// </summary>
    public static RequestShape Multishot { get; } = new(
        "an op that can post several completions (accept, recv, recvmsg, read-multishot, poll-add, timeout, recv-zc or uring_cmd), "
        + "for example TryPrepareAcceptMultishot, TryPrepareRecvMultishot or TryPreparePollAddMultishot",
        IoUringOp.Accept,
        IoUringOp.Recv,
        IoUringOp.RecvMsg,
        IoUringOp.ReadMultishot,
        IoUringOp.PollAdd,
        IoUringOp.Timeout,
        IoUringOp.RecvZc,
        IoUringOp.UringCmd,
        IoUringOp.UringCmd128);

    /// <summary>A tracked send: exactly the ops that post a send completion and then a notification.</summary>
    public static RequestShape ZeroCopySend { get; } = new(
        "a zero-copy send (IORING_OP_SEND_ZC or SENDMSG_ZC: TryPrepareSendZc, TryPrepareSendZcFixed, TryPrepareSendToZc, TryPrepareSendMsgZc, ...)",
        IoUringOp.SendZc,
        IoUringOp.SendMsgZc);

    /// <summary>
    /// The shots of a repeating timer subscription (<see cref="MultishotSubscription.TryStartTimer"/>): a single-shot timeout, re-armed
    /// with the same context after each tick. Only the timer subscription uses it.
    /// </summary>
    public static RequestShape TimerTick { get; } = new("a single-shot timeout (TryPrepareTimeout)", IoUringOp.Timeout);

    /// <summary>A zero-copy receiver's request: the multishot <c>IORING_OP_RECV_ZC</c> (<see cref="ZeroCopyReceiver"/>).</summary>
    public static RequestShape ZeroCopyReceive { get; } = new("a zero-copy receive (IORING_OP_RECV_ZC: TryPrepareRecvZc)", IoUringOp.RecvZc);

    /// <summary>The cancel request of a subscription.</summary>
    public static RequestShape Cancel { get; } = new("an async cancel (TryPrepareCancel)", IoUringOp.AsyncCancel);

    /// <summary>The steps of a listener's chain.</summary>
    public static RequestShape ListenerStep { get; } = new("socket, bind or listen", IoUringOp.Socket, IoUringOp.Bind, IoUringOp.Listen);

    /// <summary>What the helper accepts, in words.</summary>
    public string Description { get; }

    /// <summary>True when <paramref name="opcode"/> is one of the shape's ops.</summary>
    public bool Allows(byte opcode)
        => opcode < 64 ? (_low & (1UL << opcode)) != 0 : opcode < 128 && (_high & (1UL << (opcode - 64))) != 0;
}
