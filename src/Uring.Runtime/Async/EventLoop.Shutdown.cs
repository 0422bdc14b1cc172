using System;
using System.Diagnostics;

namespace Uring;

// Orderly shutdown, on the loop thread: refuse new work, run what was queued, cancel everything in flight and
// wait for every completion (buffers stay pinned until then), then release (EventLoop.Run.cs).
public sealed partial class EventLoop
{
    /// <summary>How often a shutdown that still waits for completions cancels everything again (and how long it sleeps).</summary>
    private static readonly TimeSpan ShutdownCancelInterval = TimeSpan.FromMilliseconds(100);

    private bool _shuttingDown;
    private bool _shutdownCancelIssued;
    private bool _cancelAllPending;
    private int _cancelAllsInFlight;
    private long _lastCancelAll;

    /// <summary>
    /// Closes the bounded queue (work claimed before still runs; posts after are refused), ends the operations
    /// that wait for room in the SQ, and cancels everything in flight.
    /// </summary>
    private void BeginShutdown()
    {
        _shuttingDown = true;
        _queue.Close();
        CloseAllConnections();
        SubmitDeferred();
        IssueCancelAll();
    }

    /// <summary>
    /// One <c>ASYNC_CANCEL</c> with <c>IORING_ASYNC_CANCEL_ANY | ALL</c>: every request in flight on the ring (the
    /// wake-up read included) completes with <c>-ECANCELED</c>, unless it finishes first.
    /// </summary>
    private void IssueCancelAll()
    {
        _shutdownCancelIssued = true;
        SqeContext context = AsyncUserData.Context(AsyncUserData.Encode(AsyncRequestKind.CancelAll, 0, 0));
        if (!_ring.TryPrepareCancelAll(context))
        {
            _ring.Submit();
            if (!_ring.TryPrepareCancelAll(context))
            {
                _cancelAllPending = true;
                return;
            }
        }

        _cancelAllPending = false;
        _cancelAllsInFlight++;
        _lastCancelAll = Stopwatch.GetTimestamp();
    }

    /// <summary>
    /// A request that was not cancellable when the first cancel ran (still being issued, or running in an io-wq
    /// worker) may become so later: cancel again while completions are still owed.
    /// </summary>
    private void ReissueCancelAllIfSlow()
    {
        if ((_operationsInFlight > 0 || _multishotsInFlight > 0 || _linkTimeoutsInFlight > 0 || _wakeArmed) && _cancelAllsInFlight == 0 && !_cancelAllPending
            && Stopwatch.GetElapsedTime(_lastCancelAll) >= ShutdownCancelInterval)
        {
            IssueCancelAll();
        }
    }

    /// <summary>Nothing queued, nothing waiting for the SQ, no completion owed.</summary>
    private bool IsDrained()
        => _local.Count == 0 && _queue.IsEmpty && _deferred.Count == 0 && _deferredCancels.Count == 0 && !_cancelAllPending
           && _deferredMultishots.Count == 0 && _operationsInFlight == 0 && _multishotsInFlight == 0 && _cancelsInFlight == 0 && _linkTimeoutsInFlight == 0 && _cancelAllsInFlight == 0 && !_wakeArmed
           && !HasHandOffWork;
}
