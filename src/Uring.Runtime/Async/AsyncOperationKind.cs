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
