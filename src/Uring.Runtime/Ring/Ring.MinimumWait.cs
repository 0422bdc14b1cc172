using System;
using System.Threading;

namespace Uring;

public sealed partial class Ring
{
    /// <summary>
    /// Like <see cref="Wait(Span{CqeView}, int, TimeSpan)"/>, with a minimum wait (<c>min_wait_usec</c>, Linux 6.12+; liburing's
    /// <c>io_uring_wait_cqes_min_timeout</c>): the
    /// call waits up to <paramref name="minWait"/> for <paramref name="minComplete"/> completions; once
    /// <paramref name="minWait"/> has passed, the first completion ends the wait (or the ones already there do), and
    /// <paramref name="timeout"/> still bounds the whole call. So a batch-oriented caller gets full batches under load
    /// and no more than <paramref name="minWait"/> of latency when traffic is light. <see cref="TimeSpan.Zero"/> is the
    /// plain wait.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="minComplete"/> is negative, <paramref name="timeout"/> is negative and not infinite, or
    /// <paramref name="minWait"/> is negative, longer than <paramref name="timeout"/> or than 2^32-1 µs.
    /// </exception>
    /// <exception cref="NotSupportedException">The kernel has no minimum waits (<c>IORING_FEAT_MIN_TIMEOUT</c>, Linux 6.12).</exception>
    /// <exception cref="InvalidOperationException">The ring is not started, or is used from a thread that does not own it.</exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped, before or during the wait.</exception>
    [IssuerThreadOnly]
    [ObservesCompletion]
    public int WaitMinTimeout(Span<CqeView> completions, int minComplete, TimeSpan timeout, TimeSpan minWait)
    {
        ThrowIfInvalidWait(minComplete, timeout);

        _ = MinWaitMicroseconds(timeout, minWait);
        ThrowIfNotStarted();
        EnsureIssuer();
        if (minWait != TimeSpan.Zero && (Features.KernelFeatures & KernelFeatures.MinTimeout) == 0)
        {
            throw new NotSupportedException(
                $"This kernel ({KernelSupport.Release}) has no minimum waits (IORING_FEAT_MIN_TIMEOUT): they need Linux 6.12 or later. Wait without minWait.");
        }

        return WaitCore(completions, minComplete, timeout, minWait);
    }

    /// <summary><paramref name="minWait"/> in whole microseconds (rounded up), checked against <paramref name="timeout"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">See <see cref="WaitMinTimeout"/>.</exception>
    internal static uint MinWaitMicroseconds(TimeSpan timeout, TimeSpan minWait)
    {
        ThrowIfInvalidTimeout(timeout);

        if (minWait < TimeSpan.Zero || minWait.TotalMicroseconds > uint.MaxValue || (timeout != Timeout.InfiniteTimeSpan && minWait > timeout))
        {
            throw new ArgumentOutOfRangeException(nameof(minWait), minWait, "minWait must be between zero and the timeout (and at most 2^32-1 µs).");
        }

        return (uint)Math.Ceiling(minWait.TotalMicroseconds);
    }
}
