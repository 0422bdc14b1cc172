namespace Uring;

public sealed partial record RingOptions
{
    /// <summary>
    /// A ring whose kernel worker pool this ring shares (<c>IORING_SETUP_ATTACH_WQ</c>, <c>wq_fd</c>); null (the
    /// default) gives the ring its own. Two <see cref="SubmissionPolling"/> rings attached this way also share one
    /// SQPOLL thread, which then serves both. The ring must not be stopped when this one is created; it may be
    /// stopped afterwards (the kernel keeps what it shares alive).
    /// </summary>
    public Ring? AttachWorkQueue { get; init; }
}
