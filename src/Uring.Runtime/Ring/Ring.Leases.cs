using System;
using System.Buffers;
using System.ComponentModel;
using System.Runtime.ExceptionServices;
using Uring.Interop;

namespace Uring;

// Buffer leases: how the Memory<T> op overloads keep their pins until the final completion.
public sealed unsafe partial class Ring
{
    private BufferLeases? _leases;

    // A pin release that threw on the reap path (a custom MemoryManager's Unpin); thrown by the next reap.
    private Exception? _leaseFailure;

    // Completions the last reap swallowed (write-like successes the caller asked not to see).
    private int _lastReapSwallowed;

    /// <summary>Buffer leases rented and not yet released (tests and diagnostics).</summary>
    internal int OutstandingLeases => _leases?.Outstanding ?? 0;

    /// <summary>Leases the last <see cref="Stop"/> left pinned because the kernel might still use their memory.</summary>
    internal int LeakedLeases => _leases?.Leaked ?? 0;

    /// <summary>
    /// Begins a buffer lease for a request that will carry <paramref name="context"/>: the ring rents a pooled
    /// Extended context of its own, whose <paramref name="lease"/> the request is then prepared with. Add the
    /// request's pins with <see cref="HoldInLease"/>; if the request is not queued, give the lease back with
    /// <see cref="AbandonLease"/>. Once queued, the ring keeps the pins until the request's final completion
    /// (the one without <see cref="CqeFlags.More"/>; for a zero-copy send, the notification), releases them
    /// there, and hands that completion and every earlier one to the reaper with <paramref name="context"/> as
    /// its context, exactly as if the request had been prepared with it. The generated <c>Memory&lt;T&gt;</c>
    /// overloads of the ops call this; call it yourself only to write such an overload by hand.
    /// </summary>
    /// <remarks>
    /// A write-like request (write, send, ...) on a ring without <see cref="RingOptions.NotifySucceed"/> would
    /// post no completion on success, and the lease could never be released: a leased one asks the kernel for
    /// that completion and the reap swallows it, so the caller sees what it would have seen without a lease (a
    /// completion only on failure). A request that asks for <see cref="SqeFlags.CqeSkipSuccess"/> itself is
    /// refused when it is published (<see cref="ArgumentException"/>, <c>ParamName</c> "options").
    /// <para><see cref="TryPrepareCancel(SqeContext, ulong, bool, in OpOptions)"/> with the context's <c>user_data</c> finds
    /// a leased request: the ring aims the cancel at its lease.</para>
    /// </remarks>
    /// <returns>False when every pooled Extended context is in use (backpressure, like a full SQ).</returns>
    /// <exception cref="ArgumentException"><paramref name="context"/> is an Indirect/Extended context that is not rented now from this ring.</exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    /// <exception cref="InvalidOperationException">A single-issuer ring is used from a thread that does not own it.</exception>
    [EditorBrowsable(EditorBrowsableState.Advanced)]
    [IssuerThreadOnly]
    public bool TryBeginLease(SqeContext context, out SqeContext lease)
    {
        ThrowIfStopped();
        EnsureIssuer();
        using LockScope held = HoldLock();
        if (ContextTag.ClaimsPooledSlot(context.Raw) && !_pools.OwnsRented(context.Raw, out _))
        {
            throw new ArgumentException(_pools.DescribeRejected(context), nameof(context));
        }

        _leases ??= new BufferLeases(_pools);
        return _leases.TryBegin(context, out lease);
    }

    /// <summary>
    /// Adds <paramref name="pin"/> to a lease from <see cref="TryBeginLease"/> that is not queued yet: the ring
    /// disposes it after the request's final completion (or in <see cref="AbandonLease"/>). If this throws, the pin
    /// was disposed already.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="lease"/> is not a lease of this ring being prepared.</exception>
    /// <exception cref="InvalidOperationException">The lease holds two pins already.</exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    [EditorBrowsable(EditorBrowsableState.Advanced)]
    public void HoldInLease(SqeContext lease, MemoryHandle pin)
    {
        try
        {
            EnterLock();
        }
        catch
        {
            pin.Dispose();
            throw;
        }

        try
        {
            if (_leases is null)
            {
                pin.Dispose();
                throw new ArgumentException("No buffer lease was begun on this ring: call TryBeginLease first.", nameof(lease));
            }

            _leases.Hold(lease, pin);
        }
        finally
        {
            ExitLock();
        }
    }

    /// <summary>
    /// Gives back a lease whose request was not queued (the SQ was full, or preparing threw), releasing its pins.
    /// Does nothing for a lease that was queued (the ring releases it at the final completion), and after
    /// <see cref="Stop"/> (which released it). Never throws, so it can run in a <c>finally</c>.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Advanced)]
    public void AbandonLease(SqeContext lease)
    {
        if (_leases is not { } leases || IsStopped)
        {
            return;
        }

        try
        {
            EnterLock();
        }
        catch (ObjectDisposedException)
        {
            return; // Stop ran meanwhile and released it.
        }

        try
        {
            leases.Abandon(lease);
        }
        finally
        {
            ExitLock();
        }
    }

    /// <summary>
    /// PublishSqe found that its Extended context is a lease being prepared: checks the caller's context and the
    /// final flags, stamps or copies what the caller's context would have received, and records the
    /// <c>user_data</c> the completions carry back. Returns the kind the common publish then applies (never
    /// write-like: a lease needs the success completion). Throws after closing the reservation.
    /// </summary>
    private UringOpKind PublishLease(ref SubmissionSlot slot, BufferLeases leases, SqeContext lease, byte* leaseSlot, UringOpKind kind)
    {
        ref IoUringSqe sqe = ref slot.Sqe;
        SqeContext user = leases.UserContextOf(leaseSlot);
        byte* userSlot = null;
        if (ContextTag.ClaimsPooledSlot(user.Raw) && !_pools.OwnsRented(user.Raw, out userSlot))
        {
            CloseReservation(ref slot);
            throw new ArgumentException(_pools.DescribeRejected(user), "context");
        }

        if (user.Mode == SqeContextMode.Direct)
        {
            sqe.Flags |= (byte)user.Flags;
        }

        if ((sqe.Flags & (byte)SqeFlags.CqeSkipSuccess) != 0)
        {
            CloseReservation(ref slot);
            throw new ArgumentException(
                "IOSQE_CQE_SKIP_SUCCESS cannot be combined with memory the ring holds until the completion: without the "
                + "success completion the ring would never know when to release it. Drop SqeFlags.CqeSkipSuccess (a write-like "
                + "request's success is still not shown to you when the ring has NotifySucceed off).",
                "options");
        }

        ulong userData = user.Mode == SqeContextMode.Direct ? SqeContext.DescribeDirect(sqe) : user.Raw;
        if (userSlot != null)
        {
            // The caller's own pooled context gets its SQE copy, as a publish with it would have written.
            IoUringSqe* copy = (IoUringSqe*)userSlot;
            *copy = sqe;
            copy->UserData = user.Raw;
        }

        leases.Publish(leaseSlot, lease.Raw, userData, kind == UringOpKind.WriteLike && _writeLikeFlags != 0, slot.Tail);
        return UringOpKind.Other;
    }

    /// <summary>
    /// The <c>user_data</c> the caller gave a queued request: through a buffer lease, the caller's own; otherwise the
    /// value as queued. For the helpers that check what a preparer queued.
    /// </summary>
    internal ulong CallerUserDataOf(ulong userData)
    {
        if (_leases is { } leases && (userData >> 62) == (ulong)SqeContextMode.Extended
            && _pools.OwnsRented(userData, out byte* slot) && leases.TryGetCallerUserData(slot, out ulong caller))
        {
            return caller;
        }

        return userData;
    }

    /// <summary>
    /// The SQEs from SQ position <paramref name="from"/> to the tail are about to be taken back before the kernel saw
    /// them: the leases they carry end now, or their pins would stay until Stop.
    /// </summary>
    private void ReleaseLeasesTakenBack(uint from)
    {
        if (_leases is not { Outstanding: > 0 } leases)
        {
            return;
        }

        Exception? failure = null;
        for (uint position = from; position != _sq.LocalTail; position++)
        {
            ulong userData = _sq.SqeAt(position & _sq.Mask)->UserData;
            if ((userData >> 62) == (ulong)SqeContextMode.Extended && _pools.OwnsRented(userData, out byte* slot))
            {
                failure ??= leases.ReleaseTakenBack(slot, userData & ContextTag.Mask);
            }
        }

        _leaseFailure ??= failure;
    }

    /// <summary>
    /// The <c>user_data</c> to cancel for <paramref name="target"/>: the buffer lease a request with that context is in
    /// flight under, or <paramref name="target"/> itself.
    /// </summary>
    private ulong LeaseUserDataFor(ulong target)
    {
        if (_leases is not { Outstanding: > 0 } leases)
        {
            return target;
        }

        using LockScope held = HoldLock();
        return leases.TryFindLeaseOf(target, out ulong lease) ? lease : target;
    }

    /// <summary>Throws what a lease's pin release threw on the previous reap (see <see cref="BufferLeases.TryComplete"/>).</summary>
    private void ThrowPendingLeaseFailure()
    {
        if (_leaseFailure is { } failure)
        {
            _leaseFailure = null;
            ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }

    /// <summary>
    /// Before teardown, with memory the ring holds for the kernel (leases, provided memory): cancel every request
    /// synchronously (<c>IORING_REGISTER_SYNC_CANCEL</c>, any, all; it returns once they completed) and run the
    /// completion work, so the final completions of leased requests are in the CQ where
    /// <see cref="ReleaseLeasesAtStop"/> finds them. Returns true when the kernel is known to run no request of this
    /// ring any more: the cancel succeeded, the ring never ran (no kernel, or never enabled), or its single issuer
    /// exited (the kernel cancelled that thread's requests and waited for them). Otherwise (a request that did not
    /// finish within the second) false.
    /// </summary>
    private bool QuiesceForStop()
    {
        if (_leases is not { Outstanding: > 0 } && _providedPins is not { Count: > 0 })
        {
            return true;
        }

        if (_fd < 0)
        {
            return true;
        }

        SyncCancelRegister cancel = new()
        {
            Flags = (uint)(AsyncCancelFlags.Any | AsyncCancelFlags.All),
            Timeout = new KernelTimespec { Seconds = 1 },
        };
        int rc = Syscalls.IoUringRegister(_fd, RegisterOp.RegisterSyncCancel, &cancel, 1);
        try
        {
            EnterNonBlocking(0, EnterFlags.GetEvents);
        }
        catch (UringException)
        {
            // Best effort: the completions are only looked at, and a ring that refuses has none to post.
        }

        return rc >= 0 || (Errno)(-rc) switch
        {
            Errno.ENOENT => true,
            Errno.EBADFD => true,
            Errno.EEXIST => _ownerThread is { IsAlive: false },
            _ => false,
        };
    }

    /// <summary>
    /// Releases the leases whose memory the kernel is done with (see <see cref="BufferLeases.ReleaseAtStop"/>);
    /// called before the queues are unmapped.
    /// </summary>
    private void ReleaseLeasesAtStop()
    {
        if (_leases is not { Outstanding: > 0 } leases)
        {
            return;
        }

        uint sqHead = _sq.Head == null ? 0 : *_sq.Head;
        leases.ReleaseAtStop(sqHead, CopyUnreaped());
    }
}
