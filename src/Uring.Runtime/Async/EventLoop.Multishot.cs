using System;
using System.Collections.Generic;

namespace Uring;

/// <summary>
/// A request that stays armed across many completions (a multishot accept), owned by one loop. The loop routes each
/// of its completions by slot and generation, like an operation's, and keeps it counted in flight until the completion
/// without <see cref="CqeFlags.More"/>. Every member is used on the loop thread only.
/// </summary>
internal abstract class MultishotRequest
{
    /// <summary>The slot in the loop's multishot table; -1 before the first arm.</summary>
    internal int Slot = -1;

    /// <summary>The generation of the current arm (the slot's; bumped on every arm).</summary>
    internal uint Generation;

    /// <summary>Armed: its final completion is still owed.</summary>
    internal bool Armed;

    /// <summary>Its SQE reached the SQ (false while it waits for room).</summary>
    internal bool Submitted;

    /// <summary>How many times it was armed (tests: a request the kernel ended is armed again).</summary>
    internal int Arms;

    /// <summary>An <c>ASYNC_CANCEL</c> was asked for this arm.</summary>
    internal bool CancelRequested;

    /// <summary>Writes the request's SQE. False when the SQ is full.</summary>
    internal abstract bool Prepare(Ring ring, SqeContext context);

    /// <summary>
    /// One completion. <see cref="Armed"/> is already false when it is the last one (no <see cref="CqeFlags.More"/>);
    /// the request may arm again from here.
    /// </summary>
    internal abstract void OnCompletion(int result, CqeFlags flags);
}

// Multishot requests: one SQE, many completions, each routed to its request; cancelled by user_data, drained at shutdown.
public sealed partial class EventLoop
{
    private readonly List<MultishotRequest?> _multishots = new();
    private readonly List<uint> _multishotGenerations = new();
    private readonly Stack<int> _freeMultishotSlots = new();
    private readonly Queue<MultishotRequest> _deferredMultishots = new();
    private readonly Queue<MultishotRequest> _deferredMultishotCancels = new();
    private int _multishotsInFlight;

    /// <summary>
    /// Arms <paramref name="request"/> (loop thread): into the SQ now, or as soon as it has room. False when the loop is
    /// shutting down (nothing was armed).
    /// </summary>
    internal bool TryArmMultishot(MultishotRequest request)
    {
        if (_shuttingDown)
        {
            return false;
        }

        if (request.Slot < 0)
        {
            if (_freeMultishotSlots.Count > 0)
            {
                request.Slot = _freeMultishotSlots.Pop();
                _multishots[request.Slot] = request;
            }
            else
            {
                if (_multishots.Count > AsyncUserData.MaxIndex)
                {
                    throw new InvalidOperationException("The event loop has as many multishot requests as its user_data can name.");
                }

                request.Slot = _multishots.Count;
                _multishots.Add(request);
                _multishotGenerations.Add(0);
            }
        }

        // The slot's generation, not the request's: a slot handed to another request never matches an old arm.
        uint generation = unchecked(_multishotGenerations[request.Slot] + 1);
        _multishotGenerations[request.Slot] = generation;
        request.Generation = generation;
        request.Armed = true;
        request.Arms++;
        request.Submitted = false;
        request.CancelRequested = false;
        _multishotsInFlight++;
        if (_deferredMultishots.Count > 0 || !TryPrepareMultishot(request))
        {
            _deferredMultishots.Enqueue(request);
        }

        return true;
    }

    /// <summary>Asks the kernel to end <paramref name="request"/>'s current arm (loop thread); its last completion follows.</summary>
    internal void CancelMultishot(MultishotRequest request)
    {
        if (!request.Armed || request.CancelRequested)
        {
            return;
        }

        request.CancelRequested = true;
        if (!request.Submitted)
        {
            // Still waiting for room: SubmitDeferredMultishots ends it without submitting it.
            return;
        }

        if (!TryPrepareCancel(AsyncUserData.Encode(AsyncRequestKind.Multishot, request.Slot, request.Generation)))
        {
            _deferredMultishotCancels.Enqueue(request);
        }
    }

    /// <summary>Gives the slot of a request that is no longer armed back (loop thread).</summary>
    internal void ReleaseMultishot(MultishotRequest request)
    {
        if (request.Slot < 0 || request.Armed)
        {
            return;
        }

        _multishots[request.Slot] = null;
        _freeMultishotSlots.Push(request.Slot);
        request.Slot = -1;
    }

    private bool TryPrepareMultishot(MultishotRequest request)
    {
        if (HoldSubmissionsForTests)
        {
            return false;
        }

        if (_ring.SqAvailable < 1)
        {
            _ring.Submit();
            if (_ring.SqAvailable < 1)
            {
                return false;
            }
        }

        SqeContext context = AsyncUserData.Context(AsyncUserData.Encode(AsyncRequestKind.Multishot, request.Slot, request.Generation));
        if (!request.Prepare(_ring, context))
        {
            return false;
        }

        request.Submitted = true;
        return true;
    }

    /// <summary>Arms what waited for room, in order, and sends the cancels that did; at shutdown ends what never went out.</summary>
    private void SubmitDeferredMultishots()
    {
        while (_deferredMultishotCancels.Count > 0)
        {
            MultishotRequest next = _deferredMultishotCancels.Peek();
            if (next.Armed && !TryPrepareCancel(AsyncUserData.Encode(AsyncRequestKind.Multishot, next.Slot, next.Generation)))
            {
                break;
            }

            _deferredMultishotCancels.Dequeue();
        }

        while (_deferredMultishots.Count > 0)
        {
            MultishotRequest next = _deferredMultishots.Peek();
            if (next.Armed && !next.Submitted)
            {
                if (next.CancelRequested || _shuttingDown)
                {
                    // Never submitted: it ends here, as a cancelled request would.
                    _deferredMultishots.Dequeue();
                    next.Armed = false;
                    _multishotsInFlight--;
                    next.OnCompletion(-(int)Errno.ECANCELED, CqeFlags.None);
                    continue;
                }

                if (!TryPrepareMultishot(next))
                {
                    break;
                }
            }

            _deferredMultishots.Dequeue();
        }
    }

    /// <summary>A multishot completion: delivered if slot and generation name an armed request, dropped otherwise.</summary>
    private void CompleteMultishot(ulong value, int result, CqeFlags flags)
    {
        int slot = AsyncUserData.IndexOf(value);
        MultishotRequest? request = slot < _multishots.Count ? _multishots[slot] : null;
        if (request is null || !request.Armed || !request.Submitted || request.Generation != AsyncUserData.GenerationOf(value))
        {
            _staleDropped++;
            return;
        }

        if ((flags & CqeFlags.More) == 0)
        {
            request.Armed = false;
            _multishotsInFlight--;
        }

        request.OnCompletion(result, flags);
    }
}
