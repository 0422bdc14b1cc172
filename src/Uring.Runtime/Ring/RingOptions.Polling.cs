using System;

namespace Uring;

public sealed partial record RingOptions
{
    /// <summary>
    /// True: a kernel thread polls the submission queue (<c>IORING_SETUP_SQPOLL</c>), so publishing an SQE is enough
    /// for the kernel to see it and <see cref="Ring.Submit"/> enters the kernel only to wake that thread after it
    /// went idle (<c>IORING_SQ_NEED_WAKEUP</c>, answered with <c>IORING_ENTER_SQ_WAKEUP</c>). The ring then runs
    /// without <c>DEFER_TASKRUN</c>, which the kernel refuses with SQPOLL, so it cannot be resized. The thread
    /// spins for <see cref="SubmissionPollingIdle"/> after the last submission, using a CPU meanwhile.
    /// </summary>
    public bool SubmissionPolling { get; init; }

    /// <summary>
    /// The CPU the SQPOLL thread is pinned to (<c>IORING_SETUP_SQ_AFF</c>, <c>sq_thread_cpu</c>); null (the default)
    /// lets the scheduler place it. Needs <see cref="SubmissionPolling"/>.
    /// </summary>
    public int? SubmissionPollingCpu { get; init; }

    /// <summary>
    /// How long the SQPOLL thread keeps polling an empty queue before it sleeps (<c>sq_thread_idle</c>, whole
    /// milliseconds); <see cref="TimeSpan.Zero"/> (the default) keeps the kernel's default of one second. Needs
    /// <see cref="SubmissionPolling"/>.
    /// </summary>
    public TimeSpan SubmissionPollingIdle { get; init; }

    /// <summary>
    /// True: busy-poll completions (<c>IORING_SETUP_IOPOLL</c>, no task-run flags): reaping polls the device instead
    /// of waiting for an interrupt. Only for O_DIRECT I/O on files and block devices that support polling; other
    /// requests fail (a buffered read with EOPNOTSUPP, a socket op with EINVAL). <see cref="HybridPolling"/> adds a
    /// sleep before polling.
    /// </summary>
    public bool IoPolling { get; init; }
}
