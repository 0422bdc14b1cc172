using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Uring.Interop;

namespace Uring;

public sealed unsafe partial class Ring
{
    /// <summary>Free SQ slots right now: the admission-control number (0 after <see cref="Stop"/>).</summary>
    /// <exception cref="InvalidOperationException">A single-issuer ring is read from a thread that does not own it.</exception>
    public int SqAvailable
    {
        get
        {
            if (!TryEnterQueues())
            {
                return 0;
            }

            int available = (int)(_sq.Entries - (_sq.LocalTail - Volatile.Read(ref *_sq.Head)));
            ExitLock();
            return available;
        }
    }

    /// <summary>Prepared SQEs the kernel has not consumed yet (0 after <see cref="Stop"/>).</summary>
    /// <exception cref="InvalidOperationException">A single-issuer ring is read from a thread that does not own it.</exception>
    public int SqPending
    {
        get
        {
            if (!TryEnterQueues())
            {
                return 0;
            }

            int pending = (int)_sq.Pending;
            ExitLock();
            return pending;
        }
    }

    /// <summary>The staging arena of the open reservation's slot (<see cref="SubmissionSlot"/> reads it when a filler stages).</summary>
    internal SlotStagingArena Staging => _staging;

    /// <summary>Bytes per SQE: 64, or 128 on an <c>SQE128</c> ring.</summary>
    internal int SqeBytes => 1 << _sq.SqeShift;

    /// <summary>The ticket of the reservation between <see cref="TryReserveSqe"/> and its publish or abandon; 0 when none is open.</summary>
    private uint _openTicket;

    /// <summary>The last ticket handed out (tickets skip 0).</summary>
    private uint _lastTicket;

    /// <summary>The last reservation's ticket (for tests: it does not move when a prep takes the fast path).</summary>
    internal uint LastReservationTicket => _lastTicket;

    /// <summary>
    /// Reserves the next SQE and zeroes it; false when the SQ is full. Internal, and every caller has the scoped
    /// shape: reserve, then fill and publish inside a <c>try</c> whose <c>finally</c> calls <see cref="AbandonSqe"/>
    /// (generated prep methods, <see cref="TryPrepare{TState}"/>), because on a <see cref="RingOptions.MultiIssuers"/>
    /// ring the reservation holds the ring's lock until its publish or abandon. A reservation left open anyway is
    /// refused by the same thread's next one, which also abandons it, so the ring keeps working after that error.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    /// <exception cref="InvalidOperationException">
    /// A single-issuer ring is used from a thread that does not own it, or this thread already holds a
    /// reservation of this ring (a prep method called from inside another one's fill).
    /// </exception>
    internal bool TryReserveSqe(out SubmissionSlot slot)
    {
        ThrowIfStopped();
        EnsureIssuer();
        EnterLock();
        if (_openTicket != 0)
        {
            // Only the thread holding the reservation can get here (the issuer, or the lock's holder, whose lock
            // is reentrant). A second slot would alias the first one's SQE, so refuse; and abandon the open one
            // (its publish will be refused as stale), releasing its hold, so one leaked reservation never locks
            // anyone out.
            _openTicket = 0;
            _lock?.Exit();
            ExitLock();
            ThrowReservationOpen();
        }

        uint tail = _sq.LocalTail;
        if (tail - Volatile.Read(ref *_sq.Head) >= _sq.Entries)
        {
            ExitLock();
            slot = default;
            return false;
        }

        uint index = tail & _sq.Mask;
        IoUringSqe* sqe = _sq.SqeAt(index);
        ClearSqe(sqe);
        _staging.Reset(index);
        uint ticket = ++_lastTicket;
        if (ticket == 0)
        {
            ticket = ++_lastTicket;
        }

        _openTicket = ticket;
        slot = new SubmissionSlot(this, sqe, tail, ticket, index);
        return true;
    }

    /// <summary>
    /// Publishes a reserved SQE: applies the ring's write-like policy, sets <c>user_data</c> from
    /// <paramref name="context"/> (a Direct context gets the SQE's opcode, flags, buffer group and fd
    /// stamped in; a Value context is used as given), copies the SQE into a pooled Indirect/Extended
    /// context, and advances the SQ tail with release semantics. The kernel sees it at the next
    /// <see cref="Submit"/> or <c>Wait</c>.
    /// </summary>
    /// <remarks>
    /// Everything is checked before anything is written; on a failure the reservation is abandoned first
    /// (a multi-issuer ring's lock is released), so the ring stays usable by every thread.
    /// </remarks>
    /// <exception cref="ArgumentException">
    /// <paramref name="slot"/> was reserved on another ring (<c>ParamName</c> "slot"), or <paramref name="context"/> is an
    /// Indirect/Extended context that is not rented now from this ring's pools at its generation: returned already,
    /// another ring's, or not from a pool at all (<c>ParamName</c> "context").
    /// </exception>
    /// <exception cref="InvalidOperationException"><paramref name="slot"/> was not reserved, was published or abandoned already, or is a stale copy.</exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void PublishSqe(ref SubmissionSlot slot, SqeContext context, UringOpKind kind = UringOpKind.Other)
    {
        // The common case in a handful of compares, inlined into every prep method: this thread's open reservation on a
        // single-issuer ring that is not stopped, a Direct or Value context, not write-like. Everything else (and every
        // error) takes the general path, which checks the same things again and says what is wrong.
        ulong raw = context.Raw;
        if (!ReferenceEquals(slot.Owner, this) || _lock is not null || slot.Ticket != _openTicket || slot.Tail != _sq.LocalTail
            || ContextTag.ClaimsPooledSlot(raw) || kind == UringOpKind.WriteLike || Volatile.Read(ref _state) == StateStopped)
        {
            PublishSqeGeneral(ref slot, context, kind);
            return;
        }

        // The slot's SQE is the one at the local tail (checked above), as PublishSqeFast expects.
        PublishSqeFast(ref slot.Sqe, context, kind);
        _openTicket = 0;
        slot = default;
    }

    /// <summary>Makes the SQE at <paramref name="index"/> (the current local tail) visible to the kernel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AdvanceTail(uint index)
    {
        if (_sq.Array != null)
        {
            _sq.Array[index] = index;
        }

        uint tail = _sq.LocalTail + 1;
        _sq.LocalTail = tail;
        Volatile.Write(ref *_sq.Tail, tail);
    }

    /// <summary><see cref="PublishSqe"/> for every case: all checks with their messages, pooled contexts, leases, the write-like policy.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void PublishSqeGeneral(ref SubmissionSlot slot, SqeContext context, UringOpKind kind)
    {
        if (!slot.IsReserved)
        {
            throw new InvalidOperationException("The submission slot was not reserved: get one from TryReserveSqe (a default SubmissionSlot cannot be published).");
        }

        if (!ReferenceEquals(slot.Owner, this))
        {
            RejectForeignSlot(ref slot);
        }

        bool open = IsOpenReservation(in slot);
        if (IsStopped)
        {
            // Stop may be waiting for this reservation's lock (a multi-issuer ring): let it go, write nothing.
            if (open)
            {
                CloseReservation(ref slot);
            }

            slot = default;
            ThrowStopped();
        }

        if (!open || slot.Tail != _sq.LocalTail)
        {
            slot = default;
            throw new InvalidOperationException(
                "The submission slot was published twice, abandoned, or is a stale copy of an earlier reservation: "
                + "publish each TryReserveSqe result exactly once, through the variable it was reserved into.");
        }

        byte* pooled = null;
        if (ContextTag.ClaimsPooledSlot(context.Raw) && !_pools.OwnsRented(context.Raw, out pooled))
        {
            CloseReservation(ref slot);
            throw new ArgumentException(_pools.DescribeRejected(context), nameof(context));
        }

        ref IoUringSqe sqe = ref slot.Sqe;
        if (pooled != null && context.Mode == SqeContextMode.Extended && _leases is { } leases && leases.IsPending(pooled))
        {
            kind = PublishLease(ref slot, leases, context, pooled, kind);
        }

        if (kind == UringOpKind.WriteLike)
        {
            sqe.Flags |= _writeLikeFlags;
        }

        switch (context.Mode)
        {
            case SqeContextMode.Direct:
                sqe.Flags |= (byte)context.Flags;
                sqe.UserData = SqeContext.DescribeDirect(sqe);
                break;
            case SqeContextMode.Value:
                sqe.UserData = context.Raw;
                break;
            default:
                // Indirect and Extended slots both start with the SQE copy.
                sqe.UserData = context.Raw;
                *(IoUringSqe*)pooled = sqe;
                break;
        }

        AdvanceTail(slot.Index);
        CloseReservation(ref slot);
    }

    /// <summary>
    /// Gives a reserved SQE back without publishing it (for example when filling it failed). Does nothing for a
    /// default slot, or one that was published or abandoned already.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="slot"/> was reserved on another ring (it is abandoned there).</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void AbandonSqe(ref SubmissionSlot slot)
    {
        if (!slot.IsReserved)
        {
            return;
        }

        if (!ReferenceEquals(slot.Owner, this))
        {
            RejectForeignSlot(ref slot);
        }

        if (IsOpenReservation(in slot))
        {
            CloseReservation(ref slot);
        }
        else
        {
            slot = default;
        }
    }

    /// <summary>
    /// True when <paramref name="slot"/> is the reservation open now and this thread holds it. The lock is
    /// tested first: another thread's fields are only read under the lock.
    /// </summary>
    private bool IsOpenReservation(in SubmissionSlot slot)
        => (_lock is null || _lock.IsHeldByCurrentThread) && slot.Ticket == _openTicket;

    /// <summary>Ends the open reservation: the slot can no longer be published, and a multi-issuer ring's lock is released.</summary>
    private void CloseReservation(ref SubmissionSlot slot)
    {
        _openTicket = 0;
        slot = default;
        ExitLock();
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowReservationOpen()
        => throw new InvalidOperationException(
            "A request was prepared on this ring from inside the fill of another one on the same thread (a TryPrepare* or TryPrepare "
            + "call inside a TryPrepare filler): a filler fills only the SQE it is given. The outer request was abandoned, nothing "
            + "was queued for it; prepare the second request after the first call returned.");

    /// <summary>A slot of another ring: abandon it on its own ring (releasing that ring's lock), then refuse it.</summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void RejectForeignSlot(ref SubmissionSlot slot)
    {
        slot.Owner!.AbandonSqe(ref slot);
        throw new ArgumentException(
            "The submission slot was reserved on another ring: publish it on the ring whose TryReserveSqe returned it "
            + "(it was abandoned there, so nothing was queued on either ring).",
            nameof(slot));
    }

    /// <summary>
    /// Hands every prepared SQE to the kernel (<c>io_uring_enter</c>) without waiting. Returns how many it
    /// consumed: 0 when nothing was pending, or when the kernel asks to reap first (EAGAIN/EBUSY). On a
    /// <see cref="RingOptions.SubmissionPolling"/> ring the kernel thread takes published SQEs by itself: this enters
    /// only to wake it when it went idle, and returns how many were waiting for it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The ring is not started, or is used from a thread that does not own it.</exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    /// <exception cref="UringException">The kernel failed the call.</exception>
    [IssuerThreadOnly]
    public int Submit()
    {
        ThrowIfNotStarted();
        EnsureIssuer();
        EnterLock();
        try
        {
            uint pending = _sq.Pending;
            if (pending == 0)
            {
                return 0;
            }

            return _sqPolling ? SubmitPolled(pending) : EnterNonBlocking(pending, EnterFlags.None);
        }
        finally
        {
            ExitLock();
        }
    }

    /// <summary>
    /// A non-blocking <c>io_uring_enter</c>. EINTR retries; EAGAIN and EBUSY (the kernel wants the CQ
    /// drained first) and EBADR (it dropped completions; see the overflow report) are not failures here.
    /// </summary>
    private int EnterNonBlocking(uint toSubmit, EnterFlags flags)
    {
        while (true)
        {
            int rc = Syscalls.IoUringEnterNonBlocking(_enterFd, toSubmit, flags | _enterFlags);
            if (rc >= 0)
            {
                return rc;
            }

            switch ((Errno)(-rc))
            {
                case Errno.EINTR:
                    continue;
                case Errno.EAGAIN:
                case Errno.EBUSY:
                case Errno.EBADR:
                    return 0;
                default:
                    throw UringException.ForSyscall("io_uring_enter", (Errno)(-rc));
            }
        }
    }
}
