using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Uring.Interop;

namespace Uring;

public sealed unsafe partial class Ring
{
    /// <summary>
    /// Waits until the SQ has a free entry and returns how many it has. On a <see cref="RingOptions.SubmissionPolling"/>
    /// ring the kernel thread frees entries as it consumes them: a full queue blocks in the kernel
    /// (<c>IORING_ENTER_SQ_WAIT</c>, waking the thread first if it sleeps) instead of spinning. On other rings entries
    /// are freed by submitting: this submits what is prepared, which frees the queue unless the kernel asks for
    /// completions to be reaped first (then it returns 0).
    /// </summary>
    /// <remarks>A <see cref="RingOptions.MultiIssuers"/> ring keeps its lock while the kernel thread catches up, so other
    /// threads queue behind this one instead of racing it for the freed entries.</remarks>
    /// <exception cref="InvalidOperationException">The ring is not started, or is used from a thread that does not own it.</exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    /// <exception cref="UringException">The kernel failed the call.</exception>
    [IssuerThreadOnly]
    public int WaitForSqSpace()
    {
        ThrowIfNotStarted();
        EnsureIssuer();
        EnterLock();
        try
        {
            uint available = _sq.Entries - _sq.Pending;
            if (available != 0)
            {
                return (int)available;
            }

            if (!_sqPolling)
            {
                EnterNonBlocking(_sq.Pending, EnterFlags.None);
                return (int)(_sq.Entries - _sq.Pending);
            }

            while ((available = _sq.Entries - _sq.Pending) == 0)
            {
                int rc = Syscalls.IoUringEnter(_enterFd, 0, 0, EnterFlags.SqWait | SqThreadWakeFlag() | _enterFlags, null, 0);
                if (rc < 0 && (Errno)(-rc) != Errno.EINTR)
                {
                    throw UringException.ForSyscall("io_uring_enter(SQ_WAIT)", (Errno)(-rc));
                }
            }

            return (int)available;
        }
        finally
        {
            ExitLock();
        }
    }

    /// <summary>
    /// <c>IORING_ENTER_SQ_WAKEUP</c> when the SQPOLL thread went to sleep (<c>IORING_SQ_NEED_WAKEUP</c>), else none. The
    /// full fence orders the tail published before against the flag read here: the kernel thread sets the flag, fences
    /// and looks at the tail once more before it sleeps, so one of the two sides always sees the other.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private EnterFlags SqThreadWakeFlag()
    {
        Interlocked.MemoryBarrier();
        return (Volatile.Read(ref *_sq.Flags) & (uint)SqRingFlags.NeedWakeup) != 0 ? EnterFlags.SqWakeup : EnterFlags.None;
    }

    /// <summary>
    /// <see cref="Submit"/> on an SQPOLL ring: the published SQEs are the kernel thread's already; enter only to wake it.
    /// Returns how many were waiting for it.
    /// </summary>
    private int SubmitPolled(uint pending)
    {
        EnterFlags wake = SqThreadWakeFlag();
        if (wake != EnterFlags.None)
        {
            EnterNonBlocking(0, wake);
        }

        return (int)pending;
    }

    /// <summary>The reap-time flush of an SQPOLL ring: wake the kernel thread for pending SQEs, flush a CQ overflow backlog.</summary>
    private void FlushPolled(uint pending, uint sqFlags)
    {
        EnterFlags flags = pending != 0 ? SqThreadWakeFlag() : EnterFlags.None;
        if ((sqFlags & (uint)SqRingFlags.CqOverflow) != 0)
        {
            flags |= EnterFlags.GetEvents;
        }

        if (flags != EnterFlags.None)
        {
            EnterNonBlocking(0, flags);
        }
    }
}
