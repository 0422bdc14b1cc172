namespace Uring;

/// <summary>
/// Counters of an <see cref="EventLoop"/>, read one by one (each is exact, the set is not one instant). After
/// <see cref="EventLoop.DisposeAsync"/> completed, every operation's <see cref="System.Threading.Tasks.ValueTask"/>
/// was awaited and every <see cref="LentBuffer"/> returned (pipe inputs completed), every "in flight", "outstanding",
/// "owned", "lent" and "native" counter is 0.
/// </summary>
public readonly record struct EventLoopStatistics
{
    /// <summary>Awaitable operations submitted to the kernel whose completion has not arrived, and multishot requests (an accept enumeration) still armed.</summary>
    public int OperationsInFlight { get; init; }

    /// <summary>The loop's own requests in flight: the wake-up read, cancellations, linked timeouts.</summary>
    public int InternalRequestsInFlight { get; init; }

    /// <summary>Operations waiting on the loop for room in the SQ.</summary>
    public int OperationsWaitingForSubmission { get; init; }

    /// <summary>Pooled operation sources created so far.</summary>
    public int SourcesCreated { get; init; }

    /// <summary>Pooled operation sources in the pool now.</summary>
    public int SourcesPooled { get; init; }

    /// <summary>Sources rented and not yet returned (an operation not yet awaited counts).</summary>
    public int SourcesOutstanding => SourcesCreated - SourcesPooled;

    /// <summary>
    /// File descriptors the loop owns: its wake-up eventfd while it runs, every open <see cref="LoopConnection"/> of the
    /// loop, connections a multishot accept took that were not handed out yet, and descriptors it is handing to another
    /// loop (<see cref="EventLoopGroup.TryHandOff"/>) whose send has not completed.
    /// </summary>
    public int OwnedFileDescriptors { get; init; }

    /// <summary>
    /// Native memory the loop allocated and has not freed: its <c>statx</c> result buffers, the <c>msghdr</c>/iovec/address
    /// blocks of message operations, a group loop's hand-off staging, and its provided-buffer ring (the buffers stay
    /// allocated after the shutdown until the last <see cref="LentBuffer"/> was returned).
    /// </summary>
    public long NativeBytes { get; init; }

    /// <summary>
    /// Buffers of the loop's provided-buffer ring (and overflow blocks) lent out and not yet returned: held by
    /// <see cref="LentBuffer"/>s and by the unconsumed input of <see cref="LoopDuplexPipe"/>s.
    /// </summary>
    public int ProvidedBuffersLent { get; init; }

    /// <summary>Work items queued and not yet run.</summary>
    public int QueuedWorkItems { get; init; }

    /// <summary>Completions dropped because they named a source at another generation (a late completion for a recycled source).</summary>
    public long StaleCompletionsDropped { get; init; }

    /// <summary>Completions dropped because their <c>user_data</c> is none of the loop's (posted by someone else).</summary>
    public long ForeignCompletionsDropped { get; init; }

    /// <summary>
    /// Times another loop woke this one with an <c>IORING_OP_MSG_RING</c> message from its own ring: work posted from that
    /// loop's thread while this one slept.
    /// </summary>
    public long WakeUpsByMessage { get; init; }

    /// <summary>Times a write to the loop's eventfd woke it: work posted from a thread that is no loop's while it slept.</summary>
    public long WakeUpsByEventFd { get; init; }

    /// <summary>Descriptors this loop handed to another loop of its group (<see cref="EventLoopGroup.TryHandOff"/>) that arrived there.</summary>
    public long HandOffsSent { get; init; }

    /// <summary>Descriptors other loops handed to this one that it gave to <see cref="EventLoopGroup.HandOffReceived"/>.</summary>
    public long HandOffsReceived { get; init; }

    /// <summary>Descriptors handed to or by this loop that it closed instead of delivering (it was shutting down, or the group has no handler).</summary>
    public long HandOffsClosed { get; init; }

    /// <summary>
    /// Idle periods the loop's spin ended because work turned up (<see cref="EventLoopOptions.MaxIdleSpin"/>): each one a
    /// blocking wait, and whoever completed the loop's request the cost of waking it, saved.
    /// </summary>
    public long IdleSpinHits { get; init; }

    /// <summary>Blocking waits of the idle loop in the kernel (after a spin that found nothing, or without one).</summary>
    public long IdleSleeps { get; init; }

    /// <summary>
    /// Spins cut short because the scheduler took the core from the loop meanwhile; each one shuts the spin for a while.
    /// Many of them mean the cores are oversubscribed and spinning costs the other threads: lower
    /// <see cref="EventLoopOptions.MaxIdleSpin"/> or run fewer loops.
    /// </summary>
    public long IdleSpinsPreempted { get; init; }

    /// <summary>True while the loop thread runs (false before it started and after shutdown finished).</summary>
    public bool IsRunning { get; init; }
}
