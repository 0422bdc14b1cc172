namespace Uring;

/// <summary>The request an <see cref="AsyncOperation"/> stands for.</summary>
internal enum AsyncOperationKind : byte
{
    Nop,
    Read,
    WriteAll,
    Fsync,
    OpenAt,
    Close,
    Statx,
    Timeout,
    Connect,
    Accept,
    Send,
    Receive,
    Shutdown,

    /// <summary>A send that goes on from where a short send stopped until every byte was sent (one operation).</summary>
    SendAll,

    /// <summary>A datagram to an address (<c>IORING_OP_SEND</c> with a destination; EventLoop.Datagrams.cs).</summary>
    SendTo,

    /// <summary>A receive that reports the sender's address (<c>IORING_OP_RECVMSG</c>, one iovec).</summary>
    ReceiveFrom,

    /// <summary>A gathered send (<c>IORING_OP_SENDMSG</c>).</summary>
    SendMessage,

    /// <summary>A scattered receive (<c>IORING_OP_RECVMSG</c>).</summary>
    ReceiveMessage,

    /// <summary>A one-shot readiness poll (<c>IORING_OP_POLL_ADD</c>; EventLoop.Poll.cs).</summary>
    Poll,
}

/// <summary>Where an <see cref="AsyncOperation"/> is in its life.</summary>
internal enum AsyncOperationState : byte
{
    /// <summary>In the pool.</summary>
    Free,

    /// <summary>Rented; its arguments are being filled.</summary>
    Rented,

    /// <summary>Handed to the loop (posted from another thread), not submitted yet.</summary>
    Queued,

    /// <summary>Waiting on the loop for room in the SQ.</summary>
    Deferred,

    /// <summary>Its SQE is in the SQ or the kernel; exactly one completion is owed.</summary>
    InFlight,

    /// <summary>Completed; waiting for its awaiter to take the result.</summary>
    Completed,
}

/// <summary>How an operation ended, decided on the loop when its completion arrived (or before it was submitted).</summary>
internal enum AsyncOutcome : byte
{
    Pending,
    Succeeded,
    Failed,
    Canceled,
    TimedOut,
    Disposed,
    Faulted,
}
