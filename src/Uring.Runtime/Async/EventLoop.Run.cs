using System;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace Uring;

// The loop thread: start, the loop itself (run work, submit, wait, dispatch inline), the wake-up read.
public sealed unsafe partial class EventLoop
{
    /// <summary>
    /// Where every loop's eventfd reads land: one process-wide word, never freed. Nobody reads the value, so loops may
    /// share it, and since it is never freed, no read can land in freed memory, whatever completions arrive (a forged
    /// one could make the loop arm a second read it does not track).
    /// </summary>
    private static readonly ulong* s_wakeScratch = (ulong*)NativeMemory.AlignedAlloc(sizeof(ulong), sizeof(ulong));

    private uint _wakeGeneration;
    private bool _wakeArmed;
    private bool _wakeNeedsArm;
    private int _ownedFds;
    private long _nativeBytes;
    private long _staleDropped;
    private long _foreignDropped;
    private int _localCount;

    private void ThreadMain()
    {
        t_current = this;
        _threadId = Environment.CurrentManagedThreadId;
        System.Threading.SynchronizationContext.SetSynchronizationContext(SynchronizationContext);
        try
        {
            // The kernel binds the single-issuer ring to this thread: from here on only this thread drives it.
            _ring.Start();
            ArmWake();
        }
        catch (Exception e)
        {
            _startFailure = ExceptionDispatchInfo.Capture(e);
            Release();
            _startSignal!.Set();
            return;
        }

        Volatile.Write(ref _running, 1);
        _startSignal!.Set();
        RunUntilStopped();
        Release();
    }

    /// <summary>
    /// The loop: run queued work, submit what waited for room, then reap (waiting in the kernel when there is
    /// nothing else to do) and complete each operation inline. Ends when a requested shutdown has drained.
    /// </summary>
    private void RunUntilStopped()
    {
        CqeView[] batch = _batch;
        while (true)
        {
            RunQueuedWork();
            SubmitDeferred();
            if (_stopRequested && !_shuttingDown)
            {
                BeginShutdown();
            }

            if (_shuttingDown)
            {
                if (IsDrained())
                {
                    return;
                }

                ReissueCancelAllIfSlow();
            }

            int reaped = HasImmediateWork() ? _ring.Reap(batch) : IdleAndReap(batch);
            while (reaped > 0)
            {
                Dispatch(batch, reaped);
                if (reaped < batch.Length)
                {
                    break;
                }

                reaped = _ring.Reap(batch);
            }
        }
    }

    private bool HasImmediateWork() => _local.Count > 0 || !_queue.IsEmpty || _wakeNeedsArm;

    /// <summary>
    /// Announces the sleep, re-checks the queue after a full fence (a poster that queued before it sees the flag
    /// and writes the eventfd; one that queued after is seen here), then waits in the kernel for a completion,
    /// at most <see cref="EventLoopOptions.MaxIdleWait"/>.
    /// </summary>
    private int SleepAndReap(CqeView[] batch)
    {
        Interlocked.Exchange(ref _sleeping, 1);
        if (!_queue.IsEmpty || (_stopRequested && !_shuttingDown))
        {
            Volatile.Write(ref _sleeping, 0);
            return _ring.Reap(batch);
        }

        int reaped = _ring.Wait(batch, 1, _shuttingDown ? ShutdownCancelInterval : _options.MaxIdleWait);
        Volatile.Write(ref _sleeping, 0);
        return reaped;
    }

    /// <summary>
    /// Runs the loop's own work queued before this call (so work that keeps queueing more cannot starve the ring),
    /// then up to one queue's capacity of work from other threads.
    /// </summary>
    private void RunQueuedWork()
    {
        if (System.Threading.SynchronizationContext.Current != SynchronizationContext)
        {
            // Work may have replaced the thread's context; awaits on the loop must keep resuming here.
            System.Threading.SynchronizationContext.SetSynchronizationContext(SynchronizationContext);
        }

        for (int count = _local.Count; count > 0; count--)
        {
            LoopWork work = _local.Dequeue();
            _localCount = _local.Count;
            Execute(in work);
        }

        for (int budget = _queue.Capacity; budget > 0 && _queue.TryDequeue(out LoopWork work); budget--)
        {
            Execute(in work);
        }
    }

    private void Execute(in LoopWork work)
    {
        try
        {
            switch (work.Callback)
            {
                case LoopWorkItem item:
                    item.Run(this, work.State, work.Tag);
                    break;
                case Action<object?> action:
                    action(work.State);
                    break;
                case SendOrPostCallback callback:
                    callback(work.State);
                    break;
                case Action action:
                    action();
                    break;
                case Task task:
                    ((EventLoopTaskScheduler)Scheduler).Execute(task);
                    break;
            }
        }
        catch (Exception e) when (_options.UnhandledException is not null)
        {
            _options.UnhandledException(e);
        }
    }

    /// <summary>Routes each completion by its <c>user_data</c>; anything that is not the loop's own is counted and dropped.</summary>
    private void Dispatch(CqeView[] batch, int count)
    {
        for (int i = 0; i < count; i++)
        {
            SqeContext context = batch[i].Context;
            int result = batch[i].Result;
            if (!context.IsValue)
            {
                _foreignDropped++;
                continue;
            }

            ulong value = context.Value;
            switch (AsyncUserData.KindOf(value))
            {
                case AsyncRequestKind.Operation:
                    try
                    {
                        // Continuations run inline here: one that throws (a custom awaiter's) must not cost the rest
                        // of the batch their completions.
                        CompleteOperation(value, result);
                    }
                    catch (Exception e) when (_options.UnhandledException is not null)
                    {
                        _options.UnhandledException(e);
                    }

                    break;
                case AsyncRequestKind.Multishot:
                    try
                    {
                        CompleteMultishot(value, result, batch[i].Flags);
                    }
                    catch (Exception e) when (_options.UnhandledException is not null)
                    {
                        _options.UnhandledException(e);
                    }

                    break;
                case AsyncRequestKind.Wake:
                    OnWakeCompleted(value, result);
                    break;
                case AsyncRequestKind.Cancel:
                    CountDown(ref _cancelsInFlight);
                    break;
                case AsyncRequestKind.LinkTimeout:
                    CountDown(ref _linkTimeoutsInFlight);
                    break;
                case AsyncRequestKind.CancelAll:
                    CountDown(ref _cancelAllsInFlight);
                    break;
                default:
                    DispatchLoopMessage(value, result);
                    break;
            }
        }
    }

    /// <summary>An internal request completed: one fewer in flight (a forged one beyond the count is only counted as foreign).</summary>
    private void CountDown(ref int inFlight)
    {
        if (inFlight > 0)
        {
            inFlight--;
        }
        else
        {
            _foreignDropped++;
        }
    }

    /// <summary>Keeps one read of the eventfd in flight: its completion is the loop's wake-up.</summary>
    private void ArmWake()
    {
        uint generation = unchecked(_wakeGeneration + 1);
        SqeContext context = AsyncUserData.Context(AsyncUserData.Encode(AsyncRequestKind.Wake, 0, generation));
        Span<byte> buffer = new(s_wakeScratch, sizeof(ulong));
        int fd = (int)_wakeFd.DangerousGetHandle();
        if (!_ring.TryPrepareRead(context, fd, buffer))
        {
            _ring.Submit();
            if (!_ring.TryPrepareRead(context, fd, buffer))
            {
                // The SQ is still full: the loop re-arms after its next reap (completions free room).
                _wakeNeedsArm = true;
                return;
            }
        }

        _wakeGeneration = generation;
        _wakeArmed = true;
        _wakeNeedsArm = false;
    }

    private void OnWakeCompleted(ulong value, int result)
    {
        if (!_wakeArmed || AsyncUserData.GenerationOf(value) != _wakeGeneration)
        {
            _foreignDropped++;
            return;
        }

        _wakeArmed = false;
        if (result > 0)
        {
            _wakeUpsByEventFd++;
        }

        Errno error = ErrnoExtensions.FromResult(result);
        if (error is not (Errno.None or Errno.EINTR or Errno.EAGAIN or Errno.ECANCELED))
        {
            // The eventfd read cannot fail otherwise; re-arming a failing read would spin, so stop loudly.
            throw UringException.ForCompletion(error);
        }

        if (!_shuttingDown)
        {
            ArmWake();
        }
    }

    /// <summary>Frees what the loop owns, on the loop thread (the ring's owner), after the last completion.</summary>
    private void Release()
    {
        Interlocked.Add(ref _nativeBytes, -_pool.Close());

        StopProvidedBuffers();
        _ring.Dispose();
        ProvidedBuffersRingStopped();
        ReleaseWakeMessages();
        ReleaseHandOffs();

        // Waits for a poster's write in progress (it holds a reference), then closes the eventfd.
        _wakeFd.Dispose();
        Interlocked.Decrement(ref _ownedFds);
        _queue.Close();
        Volatile.Write(ref _running, 0);
        System.Threading.SynchronizationContext.SetSynchronizationContext(null);
        t_current = null;

        // Managed thread ids are reused once a thread ends: no later thread may pass for the loop's.
        Volatile.Write(ref _threadId, 0);
        _stopped.TrySetResult();
    }
}
