using System.Threading;
using Uring.Interop;

namespace Uring;

/// <summary>
/// A blocking <c>io_uring_enter</c> needs the runtime's GC transition (the thread may sleep in the kernel, and a
/// collection must not wait for it), which costs tens of nanoseconds per call on top of the system call; a non-blocking
/// one skips it. When what was just submitted completes inside the submitting call (NOPs, cached reads, sockets with
/// data waiting: common in a busy loop), a wait is satisfied without ever sleeping, so it is tried as a non-blocking
/// enter first. When that was not enough, the wait blocks as before, and the probe is skipped for the next
/// <see cref="WaitProbeBackoff"/> waits: a loop whose waits really sleep pays the extra system call on one wait in
/// seventeen, a loop whose waits never sleep pays no GC transition at all.
/// </summary>
public sealed unsafe partial class Ring
{
    /// <summary>Waits that block directly after a probe that did not satisfy its wait.</summary>
    private const int WaitProbeBackoff = 16;

    // Blocking waits left before the next probe (0: probe).
    private int _waitProbeSkips;

    /// <summary>
    /// Submits <paramref name="pending"/> and runs completion work in one non-blocking enter, and returns true when
    /// <paramref name="want"/> completions are then visible; false (the caller blocks) when they are not, or when the
    /// probe is backing off, or could not change anything (nothing to submit and no completion work flagged).
    /// </summary>
    private bool TrySatisfyWithoutBlocking(uint pending, uint want)
    {
        if (_waitProbeSkips != 0)
        {
            _waitProbeSkips--;
            return false;
        }

        if (_sqPolling || (pending == 0 && (Volatile.Read(ref *_sq.Flags) & (uint)SqRingFlags.TaskRun) == 0))
        {
            return false;
        }

        EnterNonBlocking(pending, EnterFlags.GetEvents);
        if (_cq.Ready >= want)
        {
            return true;
        }

        _waitProbeSkips = WaitProbeBackoff;
        return false;
    }
}
