using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;
using Uring.Interop;

namespace Uring;

public sealed unsafe partial class Ring
{
    /// <summary>
    /// Completions visible in the CQ right now (0 after <see cref="Stop"/>), including the successes of leased
    /// write-like requests that the next reap swallows (see <see cref="TryBeginLease"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">A single-issuer ring is read from a thread that does not own it.</exception>
    public int CqPending
    {
        get
        {
            if (!TryEnterQueues())
            {
                return 0;
            }

            int ready = (int)_cq.Ready;
            ExitLock();
            return ready;
        }
    }

    /// <summary>
    /// Flushes prepared SQEs, runs pending completion work, and copies up to <c>completions.Length</c>
    /// CQEs into <paramref name="completions"/>, advancing the CQ head once. Never blocks: returns 0 when
    /// nothing has completed. Use <see cref="Wait(Span{CqeView}, int, TimeSpan)"/> to block.
    /// </summary>
    /// <returns>The number of completions copied.</returns>
    /// <exception cref="CompletionQueueOverflowException">The kernel dropped completions (reported once per counter value, after every visible CQE was reaped).</exception>
    /// <exception cref="InvalidOperationException">The ring is not started, or is used from a thread that does not own it.</exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    [IssuerThreadOnly]
    [ObservesCompletion]
    public int Reap(Span<CqeView> completions) => ReapCore(completions);

    /// <summary>
    /// Like <see cref="Reap(Span{CqeView})"/>, decoding every completion as a Direct context (no per-CQE mode switch).
    /// </summary>
    [IssuerThreadOnly]
    [ObservesCompletion]
    public int Reap(Span<DirectCqe> completions) => ReapCore(completions);

    /// <summary>
    /// Like <see cref="Reap(Span{CqeView})"/>, returning the pooled <see cref="ExtendedSqe"/> of each completion (an invalid
    /// handle for completions that were not submitted in Extended mode, and for foreign ones).
    /// </summary>
    [IssuerThreadOnly]
    [ObservesCompletion]
    public int Reap(Span<ExtendedCqe> completions) => ReapCore(completions);

    /// <summary>
    /// Submits what is prepared and blocks until at least <paramref name="minComplete"/> completions are
    /// visible or <paramref name="timeout"/> passes (<c>IORING_ENTER_EXT_ARG</c>), then copies up to
    /// <c>completions.Length</c> of them. Running out of time is not an error: the call returns what is
    /// there, possibly 0. <see cref="Timeout.InfiniteTimeSpan"/> waits without a time limit.
    /// </summary>
    /// <remarks>
    /// The kernel wakes a waiter early whenever an <c>IORING_OP_TIMEOUT</c> request completes, and signals
    /// (the .NET runtime uses them to suspend threads for GC) interrupt the wait with EINTR; this method
    /// re-enters with the remaining time in both cases, so it keeps its contract.
    /// <para>On a <see cref="RingOptions.MultiIssuers"/> ring the wait runs without the ring's lock, so other
    /// threads keep submitting; a <see cref="Stop"/> from another thread wakes it (also without a time limit)
    /// and it throws <see cref="ObjectDisposedException"/>.</para>
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minComplete"/> is negative, or <paramref name="timeout"/> is negative and not infinite.</exception>
    /// <exception cref="InvalidOperationException">The ring is not started, or is used from a thread that does not own it.</exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped, before or during the wait.</exception>
    [IssuerThreadOnly]
    [ObservesCompletion]
    public int Wait(Span<CqeView> completions, int minComplete, TimeSpan timeout)
    {
        ThrowIfInvalidWait(minComplete, timeout);

        ThrowIfNotStarted();
        EnsureIssuer();
        return WaitCore(completions, minComplete, timeout, TimeSpan.Zero);
    }

    /// <summary><see cref="Wait(Span{CqeView}, int, TimeSpan)"/> and its minimum-wait form, once arguments are checked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int WaitCore<TCqe>(Span<TCqe> completions, int minComplete, TimeSpan timeout, TimeSpan minWait)
        where TCqe : struct, ICqeFactory<TCqe>
        => _lock is null && timeout == Timeout.InfiniteTimeSpan && minWait == TimeSpan.Zero
            ? WaitWithoutLimit(completions, minComplete)
            : WaitTimed(completions, minComplete, timeout, minWait);

    /// <summary><see cref="WaitCore"/> with a time limit, a minimum wait, or a multi-issuer ring's lock to keep.</summary>
    private int WaitTimed<TCqe>(Span<TCqe> completions, int minComplete, TimeSpan timeout, TimeSpan minWait)
        where TCqe : struct, ICqeFactory<TCqe>
    {
        bool infinite = timeout == Timeout.InfiniteTimeSpan;
        long deadline = long.MaxValue;
        long minWaitDeadline = 0;

        // An infinite wait without a minimum needs no clock: each reading is a vDSO call that costs about as much as
        // the rest of this method's user-space work.
        if (!infinite || minWait != TimeSpan.Zero)
        {
            long now = Stopwatch.GetTimestamp();
            deadline = infinite ? long.MaxValue : now + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            minWaitDeadline = minWait == TimeSpan.Zero ? 0 : now + (long)(minWait.TotalSeconds * Stopwatch.Frequency);
        }

        while (true)
        {
            int reaped = WaitOnce(completions, minComplete, infinite, deadline, minWaitDeadline);

            // Every completion that woke this wait was a leased write's success the caller does not see: wait on.
            if (reaped != 0 || _lastReapSwallowed == 0 || minComplete == 0 || (!infinite && Stopwatch.GetTimestamp() >= deadline))
            {
                return reaped;
            }
        }
    }

    /// <summary>
    /// <see cref="WaitCore"/> of a single-issuer ring without a time limit or minimum wait, the shape of a tight loop
    /// (liburing's <c>io_uring_submit_and_wait</c>): the same rounds as <see cref="WaitOnce"/> with nothing to time and no
    /// lock or waiter count to keep, so a wait that is already satisfied costs one enter and the reap.
    /// </summary>
    private int WaitWithoutLimit<TCqe>(Span<TCqe> completions, int minComplete)
        where TCqe : struct, ICqeFactory<TCqe>
    {
        uint want = Math.Min((uint)minComplete, _cq.Entries);
        while (true)
        {
            int reaped;
            uint pending = _sq.Pending;
            if (want == 0 || (pending == 0 && _cq.Ready >= want))
            {
                reaped = ReapCore(completions);
            }
            else
            {
                if (!TrySatisfyWithoutBlocking(pending, want))
                {
                    // Enter until enough completions are visible, or the kernel asks for the CQ to be drained first.
                    pending = _sq.Pending;
                    while (EnterAndWait(pending, want, Timeout.InfiniteTimeSpan, 0) && _cq.Ready < want)
                    {
                        ThrowIfNotStarted();
                        pending = _sq.Pending;
                    }
                }

                reaped = ReapLocked(completions);
            }

            // As WaitCore: when every completion that ended the wait was a swallowed lease success, wait on.
            if (reaped != 0 || _lastReapSwallowed == 0 || minComplete == 0)
            {
                return reaped;
            }
        }
    }

    /// <summary>
    /// One <see cref="Wait(Span{CqeView}, int, TimeSpan)"/>: block until enough completions are visible or the deadline, then reap. With a minimum wait
    /// (<paramref name="minWaitDeadline"/> not 0) the kernel is told the time left of it (<c>min_wait_usec</c>); once it
    /// passed, any completion ends the wait.
    /// </summary>
    private int WaitOnce<TCqe>(Span<TCqe> completions, int minComplete, bool infinite, long deadline, long minWaitDeadline)
        where TCqe : struct, ICqeFactory<TCqe>
    {
        uint target = (uint)minComplete;
        if (!TryBeginBlockingWait(target, first: true, out uint pending, out uint want))
        {
            return ReapCore(completions);
        }

        while (true)
        {
            long now = infinite && minWaitDeadline == 0 ? 0 : Stopwatch.GetTimestamp();
            TimeSpan remaining = infinite ? Timeout.InfiniteTimeSpan : Stopwatch.GetElapsedTime(now, deadline);
            if (!infinite && remaining < TimeSpan.Zero)
            {
                remaining = TimeSpan.Zero;
            }

            uint minWaitUsec = minWaitDeadline == 0 || now >= minWaitDeadline || target != (uint)minComplete
                ? 0
                : (uint)Math.Max(1, Stopwatch.GetElapsedTime(now, minWaitDeadline).TotalMicroseconds);
            bool progress;
            try
            {
                progress = EnterAndWait(pending, want, _lock is null ? remaining : Slice(remaining), minWaitUsec);
            }
            finally
            {
                EndBlockingWait();
            }

            // After the minimum wait, the first completion is enough (the kernel's min-timeout rule).
            if (minWaitDeadline != 0 && Stopwatch.GetTimestamp() >= minWaitDeadline)
            {
                target = 1;
            }

            // The next round (or the reap) re-checks, under the lock, that no Stop ran while this thread slept.
            if (!progress || remaining == TimeSpan.Zero || !TryBeginBlockingWait(target, first: false, out pending, out want))
            {
                break;
            }
        }

        return Reap(completions);
    }

    private TimeSpan Slice(TimeSpan remaining)
    {
        TimeSpan slice = MultiIssuerWaitSlice;
        if (slice == Timeout.InfiniteTimeSpan)
        {
            return remaining;
        }

        return remaining == Timeout.InfiniteTimeSpan || remaining > slice ? slice : remaining;
    }

    /// <summary>
    /// One blocking <c>io_uring_enter</c>. No lock is held while the thread sleeps, so other issuers of a
    /// multi-issuer ring keep submitting; only reaping is serialized. Returns false when the wait cannot
    /// make progress (the kernel asks for the CQ to be drained first).
    /// </summary>
    private bool EnterAndWait(uint pending, uint want, TimeSpan timeout, uint minWaitUsec)
    {
        EnterFlags flags = EnterFlags.GetEvents | (_sqPolling && pending != 0 ? SqThreadWakeFlag() : EnterFlags.None);
        int rc;
        if (timeout == Timeout.InfiniteTimeSpan && minWaitUsec == 0)
        {
            // Nothing for EXT_ARG to say (no time limit, no minimum wait, no signal mask): without it the kernel copies
            // no argument struct in, as liburing's io_uring_submit_and_wait does.
            rc = Syscalls.IoUringEnter(_enterFd, pending, want, flags | _enterFlags, null, 0);
        }
        else
        {
            KernelTimespec timespec = timeout == Timeout.InfiniteTimeSpan ? default : KernelTimespec.FromTimeSpan(timeout);
            GetEventsArg arg = new()
            {
                SigMaskSize = 8,
                MinWaitUsec = minWaitUsec,
                Timespec = timeout == Timeout.InfiniteTimeSpan ? 0 : (ulong)&timespec,
            };

            rc = Syscalls.IoUringEnter(_enterFd, pending, want, flags | EnterFlags.ExtArg | _enterFlags, &arg, (nuint)sizeof(GetEventsArg));
        }

        if (rc >= 0)
        {
            return true;
        }

        switch ((Errno)(-rc))
        {
            case Errno.ETIME:
            case Errno.EINTR:
                return true;
            case Errno.EAGAIN:
            case Errno.EBUSY:
            case Errno.EBADR:
                return false;
            default:
                throw UringException.ForSyscall("io_uring_enter(GETEVENTS)", (Errno)(-rc));
        }
    }

    private int ReapCore<TCqe>(Span<TCqe> completions)
        where TCqe : struct, ICqeFactory<TCqe>
    {
        ThrowIfNotStarted();
        EnsureIssuer();
        EnterLock();
        try
        {
            FlushForReap();
            return ReapLocked(completions);
        }
        finally
        {
            ExitLock();
        }
    }

    /// <summary>
    /// Enters the kernel only when there is something to do: SQEs to submit, completion work flagged
    /// (<c>IORING_SQ_TASKRUN</c>, set because the ring uses <c>TASKRUN_FLAG</c>) or an overflow backlog.
    /// An idle poll therefore costs no system call.
    /// </summary>
    private void FlushForReap()
    {
        uint pending = _sq.Pending;
        uint flags = Volatile.Read(ref *_sq.Flags);
        if (pending == 0 && !_enterWhenIdle && (flags & (uint)(SqRingFlags.TaskRun | SqRingFlags.CqOverflow)) == 0)
        {
            return;
        }

        if (_sqPolling)
        {
            FlushPolled(pending, flags);
            return;
        }

        EnterNonBlocking(pending, EnterFlags.GetEvents);
    }

    private int Reap<TCqe>(Span<TCqe> completions)
        where TCqe : struct, ICqeFactory<TCqe>
    {
        EnterLock();
        try
        {
            return ReapLocked(completions);
        }
        finally
        {
            ExitLock();
        }
    }

    /// <summary><c>IORING_CQE_F_SKIP | IORING_CQE_F_32</c>: the two bits a CQE_MIXED ring's reap steps by.</summary>
    private const uint MixedCqeFlags = (uint)(CqeFlags.Skip | CqeFlags.Big);

    /// <summary>
    /// Copies CQEs out by value (acquire on the tail), then publishes the new head once (release), so the
    /// kernel never reuses a slot before it was copied. Each pointer-mode <c>user_data</c> is classified
    /// against this ring's own two slabs (range, slot boundary, rented, generation) and marked foreign when it
    /// fails: completions are untrusted input. Direct and Value completions cost one mode test. A completion of a
    /// buffer lease is handed out with the caller's context, or swallowed (see <see cref="TryBeginLease"/>), so
    /// fewer completions than were consumed may be copied.
    /// </summary>
    private int ReapLocked<TCqe>(Span<TCqe> completions)
        where TCqe : struct, ICqeFactory<TCqe>
    {
        ThrowPendingLeaseFailure();
        _lastReapSwallowed = 0;
        if (completions.IsEmpty)
        {
            return 0;
        }

        uint head = *_cq.Head;
        uint available = Volatile.Read(ref *_cq.Tail) - head;
        if (available == 0)
        {
            ReportOverflow();
            return 0;
        }

        BufferLeases? leases = _leases;
        int written = 0;
        uint consumed = 0;
        while (consumed < available && written < completions.Length)
        {
            IoUringCqe* cqe = _cq.CqeAt(head + consumed);
            consumed++;
            if ((cqe->Flags & MixedCqeFlags) != 0 && _cqeMixed)
            {
                // A CQE_MIXED ring: a padding entry is dropped, a 32-byte one also takes the next 16-byte slot.
                if ((cqe->Flags & (uint)CqeFlags.Skip) != 0)
                {
                    continue;
                }

                consumed++;
            }

            ulong userData = cqe->UserData;
            bool foreign = false;
            if (ContextTag.ClaimsPooledSlot(userData))
            {
                foreign = !_pools.OwnsRented(userData, out byte* slot);

                // A buffer lease answers for its request: the caller's context goes back on the completion, and
                // the final one releases the pins (a write-like success the caller did not ask for is swallowed).
                if (!foreign && leases is not null && (userData >> 62) == (ulong)SqeContextMode.Extended
                    && leases.TryComplete(slot, ref userData, cqe->Res, cqe->Flags, out bool deliver, ref _leaseFailure))
                {
                    if (!deliver)
                    {
                        _lastReapSwallowed++;
                        continue;
                    }

                    foreign = ContextTag.ClaimsPooledSlot(userData) && !_pools.OwnsRented(userData, out _);
                }
            }

            // Only a view that keeps the extra 16 bytes looks at the CQE's size (a constant per view type, so the
            // other reaps compile without this branch).
            completions[written++] = TCqe.ReadsExtra
                ? TCqe.Create(userData, cqe->Res, cqe->Flags, foreign, _cq.CqeShift == 5 || (_cqeMixed && (cqe->Flags & (uint)CqeFlags.Big) != 0) ? (IoUringCqe32*)cqe : null)
                : TCqe.Create(userData, cqe->Res, cqe->Flags, foreign);
        }

        Volatile.Write(ref *_cq.Head, head + consumed);
        return written;
    }

    /// <summary>
    /// With <c>IORING_FEAT_NODROP</c> (every 6.18 kernel) an overflowing CQE is held back and flushed by the
    /// next enter, so nothing is lost; only the kernel's drop counter means lost completions. Report each
    /// new counter value once, after the visible CQEs were drained.
    /// </summary>
    private void ReportOverflow()
    {
        uint dropped = Volatile.Read(ref *_cq.Overflow);
        if (dropped != _overflowSeen)
        {
            uint delta = dropped - _overflowSeen;
            _overflowSeen = dropped;
            throw new CompletionQueueOverflowException(dropped, delta);
        }
    }

    /// <summary>The arguments every blocking wait checks (one rule for all of them).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minComplete"/> is negative, or <paramref name="timeout"/> is negative and not infinite.</exception>
    private static void ThrowIfInvalidWait(int minComplete, TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minComplete);
        ThrowIfInvalidTimeout(timeout);
    }

    /// <summary>A wait's timeout: non-negative, or <see cref="Timeout.InfiniteTimeSpan"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative and not infinite.</exception>
    private static void ThrowIfInvalidTimeout(TimeSpan timeout)
    {
        if (timeout < TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            ThrowInvalidTimeout(timeout);
        }
    }

    // Out of line, so the check above inlines into every wait.
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowInvalidTimeout(TimeSpan timeout)
        => throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout must be non-negative or Timeout.InfiniteTimeSpan.");
}

/// <summary>Builds a completion view from the raw CQE fields (a static abstract, so reaping is monomorphic).</summary>
internal interface ICqeFactory<TSelf>
    where TSelf : struct, ICqeFactory<TSelf>
{
    /// <param name="userData">The CQE's <c>user_data</c>.</param>
    /// <param name="result">The CQE's <c>res</c>.</param>
    /// <param name="flags">The CQE's <c>flags</c>.</param>
    /// <param name="foreign">The ring found a pointer-mode <paramref name="userData"/> that names none of its rented contexts.</param>
    static abstract TSelf Create(ulong userData, int result, uint flags, bool foreign);

    /// <summary>True for a view that keeps a 32-byte CQE's extra bytes (<see cref="BigCqe"/>).</summary>
    static virtual bool ReadsExtra => false;

    /// <summary>As <see cref="Create(ulong, int, uint, bool)"/>, with the whole CQE when it is 32 bytes (null for a 16-byte one).</summary>
    static virtual unsafe TSelf Create(ulong userData, int result, uint flags, bool foreign, IoUringCqe32* big) => TSelf.Create(userData, result, flags, foreign);
}
