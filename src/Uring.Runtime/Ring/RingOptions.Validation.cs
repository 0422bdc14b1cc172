using System;

namespace Uring;

public sealed partial record RingOptions
{
    /// <summary>
    /// Refuses option combinations the kernel would refuse with a bare EINVAL (or that would be silently
    /// meaningless), naming the option to change.
    /// </summary>
    private void ValidateCombinations()
    {
        if (SubmissionPollingCpu is { } cpu)
        {
            if (!SubmissionPolling)
            {
                throw new ArgumentException("SubmissionPollingCpu pins the SQPOLL thread: it needs SubmissionPolling = true.", nameof(SubmissionPollingCpu));
            }

            if (cpu < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(SubmissionPollingCpu), cpu, "SubmissionPollingCpu is a CPU number (0 or more), or null for no pinning.");
            }
        }

        if (SubmissionPollingIdle != TimeSpan.Zero)
        {
            if (!SubmissionPolling)
            {
                throw new ArgumentException("SubmissionPollingIdle is the SQPOLL thread's idle time: it needs SubmissionPolling = true.", nameof(SubmissionPollingIdle));
            }

            if (SubmissionPollingIdle < TimeSpan.Zero || SubmissionPollingIdle.TotalMilliseconds > uint.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(SubmissionPollingIdle), SubmissionPollingIdle, "SubmissionPollingIdle must be zero (the kernel's default) or a positive time up to 2^32-1 ms.");
            }
        }

        if (SqeMixed && Sqe128)
        {
            throw new ArgumentException("SqeMixed and Sqe128 exclude each other (the kernel refuses both): a mixed queue already holds 128-byte SQEs.", nameof(SqeMixed));
        }

        if (CqeMixed && Cqe32)
        {
            throw new ArgumentException("CqeMixed and Cqe32 exclude each other (the kernel refuses both): a mixed queue already holds 32-byte CQEs.", nameof(CqeMixed));
        }

        if (AttachWorkQueue is { } shared)
        {
            if (shared.IsStopped)
            {
                throw new ArgumentException("AttachWorkQueue names a stopped ring: attach to a ring that is still open.", nameof(AttachWorkQueue));
            }

            if (SubmissionPolling && !shared.Options.SubmissionPolling)
            {
                throw new ArgumentException(
                    "A SubmissionPolling ring can only attach to another SubmissionPolling ring (the kernel shares the SQPOLL thread): "
                    + "set SubmissionPolling on both, or on neither.",
                    nameof(AttachWorkQueue));
            }
        }
    }

    /// <summary><see cref="SubmissionPollingIdle"/> in whole milliseconds, rounded up (0 = the kernel's default).</summary>
    internal uint SubmissionPollingIdleMilliseconds => (uint)Math.Ceiling(SubmissionPollingIdle.TotalMilliseconds);
}
