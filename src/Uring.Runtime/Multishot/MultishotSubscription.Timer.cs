using System;

namespace Uring;

/// <summary>
/// A repeating timer subscription (<see cref="TryStartTimer"/>). It does not use the kernel's multishot
/// timeout: on a DEFER_TASKRUN ring a multishot timeout that has fired is out of the kernel's timeout list until the
/// ring runs its deferred work, which happens only after the submissions of the same enter were issued, so a timer
/// faster than the reap loop made every cancel miss (<c>-ENOENT</c>) for ever. Instead the subscription keeps one
/// single-shot <c>IORING_OP_TIMEOUT</c> in flight with its context and re-arms it from the tick's completion. A stop
/// then never has to catch the timer between shots: the pending shot is either cancelled (its <c>-ECANCELED</c> ends
/// the subscription) or fires (its tick is delivered and it is not re-armed). At most one tick per reap cycle reaches
/// the handler, so a tiny interval cannot flood the completion queue.
/// </summary>
public sealed unsafe partial class MultishotSubscription
{
    private const int ETimeResult = -(int)Errno.ETIME;

    /// <summary>The next shot's preparer: one single-shot timeout with the subscription's context.</summary>
    private static readonly RequestPreparer<TimeSpan> s_armShot =
        static (Ring ring, SqeContext context, in TimeSpan interval) => ring.TryPrepareTimeout(context, interval);

    /// <summary>True for a repeating timer, re-armed by <see cref="HandleTick"/>.</summary>
    private bool _repeating;

    /// <summary>A timer's shot is queued or in the kernel (false while its completion is being handled).</summary>
    private bool _armed;

    private TimeSpan _interval;

    /// <summary>How many ticks the timer fires in all; 0: until stopped.</summary>
    private uint _shots;

    /// <summary>Starts a repeating timer subscription with its first single-shot timeout (arguments checked by <see cref="TryStartTimer"/>).</summary>
    private static bool TryStartRepeating(
        Ring ring,
        TimeSpan interval,
        uint shots,
        IMultishotHandler handler,
        out MultishotSubscription? subscription)
    {
        MultishotSubscription started = new(ring, handler) { _repeating = true, _interval = interval, _shots = shots };
        return TryBegin(started, in interval, s_armShot, RequestShape.TimerTick, out subscription);
    }

    /// <summary>
    /// One shot of a repeating timer completed. A tick (<c>-ETIME</c>) that is not the last is shown to the handler
    /// with <see cref="CqeFlags.More"/>, as the kernel's multishot timeout would, then the timer is re-armed, or, if a
    /// stop was asked for, ended with a final <c>-ECANCELED</c> completion. The last tick, a cancelled shot and an
    /// error are the final completion themselves.
    /// </summary>
    private void HandleTick(in CqeView completion)
    {
        Completions++;
        _armed = false;
        bool last = completion.Result != ETimeResult || (_shots != 0 && Completions >= _shots);
        try
        {
            if (!_unsubscribed)
            {
                CqeView shown = last ? completion : new CqeView(completion.Context.Raw, completion.Result, (uint)(completion.Flags | CqeFlags.More));
                MultishotAction action = _handler.OnCompletion(this, in shown);
                _stopRequested |= !last && action == MultishotAction.Stop;
            }
        }
        finally
        {
            // Even after a throwing handler: a shot not re-armed must end the subscription, or its context would never return.
            if (last)
            {
                Stop(completion.Result);
            }
            else
            {
                Rearm();
            }
        }
    }

    /// <summary>
    /// Queues the next shot, or ends the subscription: with <c>-ECANCELED</c> when a stop was asked for, with
    /// <c>-EAGAIN</c> when the next shot could not be queued (submission queue full). Nothing is left in the kernel
    /// either way, so the end is delivered at once as a final completion built here (not posted by the kernel).
    /// </summary>
    private void Rearm()
    {
        ulong userData = _ext.Context.Raw;
        if (_stopRequested)
        {
            End(userData, -(int)Errno.ECANCELED, contextReturned: false);
            return;
        }

        bool rearmed = false;
        try
        {
            // The same context: its handler, tag and owner are unchanged, and TryPrepare checks the shape again.
            rearmed = OwnedContexts.TryPrepare(Ring, _ext, in _interval, s_armShot, RequestShape.TimerTick);
            _armed = rearmed;
        }
        finally
        {
            if (!rearmed)
            {
                // TryPrepare has already returned the context to the pool.
                End(userData, -(int)Errno.EAGAIN, contextReturned: true);
            }
        }
    }

    /// <summary>Delivers a final completion the kernel will not post (nothing is in flight) and stops.</summary>
    private void End(ulong userData, int result, bool contextReturned)
    {
        try
        {
            if (!_unsubscribed)
            {
                CqeView final = new(userData, result, 0);
                _handler.OnCompletion(this, in final);
            }
        }
        finally
        {
            Stop(result, returnContext: !contextReturned);
        }
    }
}
