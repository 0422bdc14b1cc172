using System;
using Uring.Interop;

namespace Uring;

/// <summary>
/// One multishot request and its <see cref="IMultishotHandler"/>: every completion of the request goes to
/// the handler, the request can be cancelled from the handler or from outside, and the pooled Extended
/// context that carries it goes back to the pool with the final completion, exactly once.
/// </summary>
/// <remarks>
/// <para>Create one with <see cref="TryStart{TState}"/> or a shortcut (<see cref="TryStartAccept"/>,
/// <see cref="TryStartRecv"/>, <see cref="TryStartPoll"/>, <see cref="TryStartTimer"/>). In the reap loop, hand
/// each completion to <see cref="TryHandle"/> first: it claims the completions of subscriptions (and of their
/// cancel requests) and leaves every other one to the caller. A <c>[UringContext]</c> <c>Dispatch</c> and <see cref="CompletionHandler.TryInvoke"/> route them
/// too, because the context carries a completion handler at offset 0.</para>
/// <para>Subscribing allocates this object; handling a completion allocates nothing. The subscription is
/// kept alive by the ring's context table while the request is in flight, so it may be dropped by the caller.
/// Single-issuer: use it on the ring's issuer thread.</para>
/// <para>A ring stopped while the request is in flight: an accept's completions that were posted but not
/// reaped each carry a new connection's fd, which nobody else knows about; the subscription closes them
/// while the ring stops (no handler is called). Completions of other ops carry no descriptor and are left
/// alone, and so is a direct accept's (its slots go with the ring's file table).</para>
/// </remarks>
public sealed unsafe partial class MultishotSubscription : IRingStopHook, ICancellableRequestOwner
{
    /// <summary>Marks a context written by a subscription (offset 8 of its user data), beside the handler at 0.</summary>
    private const ulong RequestTag = 0x4D55_4C54_4953_4801; // "MULTISH" + 1
    private const ulong CancelTag = 0x4D55_4C54_4953_4802;

    private readonly IMultishotHandler _handler;
    private ExtendedSqe _ext;
    private bool _unsubscribed;

    /// <summary>A stop was asked for: a cancel that could not be queued, or that missed, is queued again on the next completion.</summary>
    private bool _stopRequested;

    private MultishotSubscription(Ring ring, IMultishotHandler handler)
    {
        Ring = ring;
        _handler = handler;
    }

    /// <summary>The ring the request runs on.</summary>
    public Ring Ring { get; }

    /// <inheritdoc/>
    ExtendedSqe ICancellableRequestOwner.CurrentRequest => _ext;

    /// <summary>Where the subscription is in its life.</summary>
    public SubscriptionState State { get; private set; }

    /// <summary>True until a cancel is queued or the request ends.</summary>
    public bool IsActive => State == SubscriptionState.Active;

    /// <summary>How many completions the request has posted so far (the final one included).</summary>
    public long Completions { get; private set; }

    /// <summary>The request's <c>user_data</c> while it is in flight; <see cref="SqeContext"/> default once stopped.</summary>
    public SqeContext Context => _ext.IsValid ? _ext.Context : default;

    /// <summary>
    /// Queues a cancel of the request (<c>IORING_OP_ASYNC_CANCEL</c> by <c>user_data</c>, in a pooled context
    /// of its own that <see cref="TryHandle"/> returns). Idempotent: true when a cancel is already queued or
    /// the request has ended. The handler still sees the completions already posted, then the final one.
    /// </summary>
    /// <returns>False when the submission queue is full or every pooled context is in flight: nothing was queued, try again.</returns>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    [IssuerThreadOnly]
    public bool Cancel()
    {
        _stopRequested = true;

        // A timer between its tick's completion and its re-arm has nothing in the kernel to cancel: not re-arming ends it.
        return State != SubscriptionState.Active || (_repeating && !_armed) || TryQueueCancel();
    }

    /// <summary>
    /// Stops delivering completions to the handler (<see cref="IMultishotHandler.OnStopped"/> included) and
    /// queues a cancel. The pooled context still goes back with the final completion.
    /// </summary>
    /// <returns>As <see cref="Cancel"/>: false when the cancel could not be queued yet (call again).</returns>
    [IssuerThreadOnly]
    public bool Unsubscribe()
    {
        _unsubscribed = true;
        return Cancel();
    }

    /// <summary>
    /// Hands <paramref name="completion"/> to the subscription it belongs to: true when it was a completion of a
    /// subscription's request or of its cancel (handled, nothing left to do), false for any other completion,
    /// foreign ones (<see cref="CqeView.IsForeign"/>) included, whose context is never read.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="ring"/> is null.</exception>
    /// <exception cref="InvalidOperationException">A single-issuer <paramref name="ring"/> is used from a thread that does not own it.</exception>
    [IssuerThreadOnly]
    public static bool TryHandle(Ring ring, in CqeView completion)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ring.EnsureIssuerThread();
        switch (OwnedContexts.Classify(ring, in completion, RequestTag, CancelTag, out ExtendedSqe ext, out MultishotSubscription? subscription))
        {
            case OwnedCompletion.Request:
                subscription!.Handle(in completion);
                return true;
            case OwnedCompletion.Cancel:
                ring.ReturnExtendedSqe(ext);
                subscription!.CancelCompleted(completion.Error);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Rents <paramref name="started"/>'s context and lets <paramref name="prepare"/> queue its first request.</summary>
    private static bool TryBegin<TState>(
        MultishotSubscription started,
        in TState state,
        RequestPreparer<TState> prepare,
        in RequestShape shape,
        out MultishotSubscription? subscription)
    {
        subscription = null;
        Ring ring = started.Ring;
        if (!OwnedContexts.TryRent(ring, RequestTag, started, &OnCompletion, out started._ext))
        {
            return false;
        }

        // Hooked before the request can complete: on a multi-issuer ring another thread may reap (and stop) it
        // as soon as it is queued.
        ring.AddStopHook(started);
        bool prepared = false;
        try
        {
            prepared = OwnedContexts.TryPrepare(ring, started._ext, in state, prepare, shape);
        }
        finally
        {
            // A context still rented after a failure is with a request the preparer submitted itself (refused
            // with an exception, but in the kernel): that request still completes here, so the hook stays.
            if (!prepared && !started._ext.TryResolve(out _, out _))
            {
                ring.RemoveStopHook(started);
            }
        }

        if (!prepared)
        {
            return false;
        }

        started._armed = true;
        subscription = started;
        return true;
    }

    /// <summary>
    /// The ring is stopping with the request in flight: close the descriptors its unreaped completions hand over
    /// (an accept's new connections, which only this subscription would have delivered), and nothing else.
    /// Runs before the pools are freed, so the request's SQE copy still says which op it is.
    /// </summary>
    void IRingStopHook.OnRingStopping(ReadOnlySpan<IoUringCqe> unreaped)
    {
        ExtendedSqe ext = _ext;
        if (State == SubscriptionState.Stopped || !ext.TryResolve(out _, out ExtendedSqeLayout* layout) || !HandsOverDescriptors(in layout->Sqe))
        {
            return;
        }

        ulong userData = ext.Context.Raw;
        foreach (IoUringCqe cqe in unreaped)
        {
            if (cqe.UserData == userData && cqe.Res >= 0)
            {
                Syscalls.Close(cqe.Res);
            }
        }
    }

    /// <summary>
    /// True when each successful completion of <paramref name="request"/> is a new file descriptor: an accept into
    /// the fd table (a direct accept's result is a registered-file slot, released with the ring).
    /// </summary>
    private static bool HandsOverDescriptors(in IoUringSqe request)
        => request.Opcode == (byte)IoUringOp.Accept && request.FileIndex == 0;

    /// <summary>
    /// The cancel request finished. If the request has not posted its final completion yet, a miss is queued
    /// again: <c>-EALREADY</c> means the cancel met the request while it ran (a timer firing at that moment), and
    /// <c>-ENOENT</c> can mean the request was between two shots (a multishot timer re-arming is briefly in no
    /// list). A miss because the request had really ended is harmless: its final completion, reaped after this
    /// one, stops the subscription, and the extra cancel is submitted before the context can be rented again.
    /// </summary>
    private void CancelCompleted(Errno error)
    {
        // A repeating timer's miss needs no retry: its single shot is not in the kernel's list only once it fired, and
        // that shot's completion, not re-armed after a stop request, ends the subscription.
        if (!_repeating && error is Errno.EALREADY or Errno.ENOENT && State == SubscriptionState.Cancelling)
        {
            State = SubscriptionState.Active;
            TryQueueCancel();
        }
    }

    /// <summary>Queues the cancel in a pooled context of its own; false (still Active) when there is no room yet.</summary>
    private bool TryQueueCancel()
    {
        bool prepared = OwnedContexts.TryQueueCancel(Ring, CancelTag, this, &OnCompletion, _ext);
        if (prepared)
        {
            State = SubscriptionState.Cancelling;
        }

        return prepared;
    }

    private void Handle(in CqeView completion)
    {
        if (_repeating)
        {
            HandleTick(in completion);
            return;
        }

        Completions++;
        bool final = !completion.HasMore;
        try
        {
            MultishotAction action = _unsubscribed ? MultishotAction.Continue : _handler.OnCompletion(this, in completion);
            _stopRequested |= action == MultishotAction.Stop;
            if (!final && _stopRequested && State == SubscriptionState.Active)
            {
                TryQueueCancel();
            }
        }
        finally
        {
            if (final)
            {
                Stop(completion.Result);
            }
        }
    }

    /// <summary>Ends the subscription; <paramref name="returnContext"/> false when the context is already back in the pool.</summary>
    private void Stop(int result, bool returnContext = true)
    {
        State = SubscriptionState.Stopped;
        _armed = false;
        Ring.RemoveStopHook(this);
        ExtendedSqe ext = _ext;
        _ext = default;
        if (returnContext)
        {
            Ring.ReturnExtendedSqe(ext);
        }

        if (!_unsubscribed)
        {
            Errno error = ErrnoExtensions.FromResult(result);
            _handler.OnStopped(this, error, error == Errno.ECANCELED);
        }
    }

    /// <summary>The handler at offset 0, so generated dispatchers and <see cref="CompletionHandler.TryInvoke"/> route here.</summary>
    private static void OnCompletion(Ring ring, in CqeView completion) => TryHandle(ring, in completion);
}
