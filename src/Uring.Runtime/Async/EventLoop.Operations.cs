using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;

namespace Uring;

// How an awaitable operation travels: rented on any thread, handed to the loop, submitted (or parked until the SQ
// has room), completed by its CQE (or before submission), returned by its awaiter.
public sealed unsafe partial class EventLoop
{
    // Markers for the two kinds of work an operation queues (its State slot in LoopWork).
    private static readonly object s_submit = new();
    private static readonly object s_cancel = new();

    private readonly Queue<PendingRequest> _deferred = new();
    private readonly Queue<PendingRequest> _deferredCancels = new();
    private int _deferredCount;
    private int _operationsInFlight;
    private int _cancelsInFlight;
    private int _linkTimeoutsInFlight;
    private ulong _lastSubmittedUserData;

    /// <summary>Loop thread, tests only: every operation finds the SQ full and waits on the loop, as it would under load.</summary>
    internal bool HoldSubmissionsForTests { get; set; }

    /// <summary>A rented source, for an operation about to be described and started.</summary>
    private AsyncOperation Rent(AsyncOperationKind kind, ErrorDomain domain)
    {
        AsyncOperation op = _pool.Rent();
        op.Kind = kind;
        op.Domain = domain;
        return op;
    }

    /// <summary>Called by a source's <c>GetResult</c> once its awaiter has the result.</summary>
    internal void ReturnOperation(AsyncOperation op) => _pool.Return(op);

    /// <summary>
    /// Starts a described operation and returns the token of the <see cref="System.Threading.Tasks.ValueTask"/> over it.
    /// Nothing is thrown: a loop that is shutting down, a cancelled token or a closed handle complete the
    /// operation at once, and the await reports it.
    /// </summary>
    /// <param name="op">The rented, described source.</param>
    /// <param name="handle">A handle to keep referenced while the request is in flight (its fd is the op's), or null.</param>
    /// <param name="token">The caller's token.</param>
    /// <param name="pin">True to pin <see cref="AsyncOperation.Buffer"/> until the completion.</param>
    private short Start(AsyncOperation op, SafeHandle? handle, CancellationToken token, bool pin = false)
    {
        short version = op.Version;
        op.Token = token;
        if (_stopRequested)
        {
            op.Complete(AsyncOutcome.Disposed, -(int)Errno.ECANCELED);
            return version;
        }

        if (token.IsCancellationRequested)
        {
            op.Complete(AsyncOutcome.Canceled, -(int)Errno.ECANCELED);
            return version;
        }

        if (handle is not null)
        {
            try
            {
                op.ReferenceHandle(handle);
            }
            catch (ObjectDisposedException e)
            {
                op.Complete(AsyncOutcome.Faulted, -(int)Errno.EBADF, e);
                return version;
            }
        }

        if (pin)
        {
            op.PinBuffer();
        }

        if (IsOnLoopThread)
        {
            op.Register(token);
            SubmitOnLoop(op);
            return version;
        }

        // Queued before the token is registered, so a cancel request the loop sees first finds it Queued.
        op.State = AsyncOperationState.Queued;
        op.Register(token);
        if (!Enqueue(new LoopWork(op, s_submit, op.UserData), refuseWhenStopping: false))
        {
            op.Complete(AsyncOutcome.Disposed, -(int)Errno.ECANCELED);
        }

        return version;
    }

    /// <summary>A source's token was cancelled (any thread): ask the loop to cancel that generation.</summary>
    internal void RequestCancel(AsyncOperation op, ulong userData)
        => Enqueue(new LoopWork(op, s_cancel, userData), refuseWhenStopping: false);

    /// <summary>Submission or cancellation work of <paramref name="op"/>, run on the loop; ignored once the source moved on.</summary>
    internal void RunOperationWork(AsyncOperation op, object? kind, ulong tag)
    {
        if (op.UserData != tag)
        {
            return;
        }

        if (ReferenceEquals(kind, s_submit))
        {
            if (op.State == AsyncOperationState.Queued)
            {
                SubmitOnLoop(op);
            }
        }
        else if (ReferenceEquals(kind, s_cancel))
        {
            Cancel(op);
        }
    }

    /// <summary>On the loop: into the SQ now, or behind the operations already waiting for room.</summary>
    private void SubmitOnLoop(AsyncOperation op)
    {
        if (_shuttingDown)
        {
            op.Complete(AsyncOutcome.Disposed, -(int)Errno.ECANCELED);
            return;
        }

        if (op.CancelRequested)
        {
            op.Complete(AsyncOutcome.Canceled, -(int)Errno.ECANCELED);
            return;
        }

        if (_deferred.Count == 0 && TryPrepare(op))
        {
            return;
        }

        op.State = AsyncOperationState.Deferred;
        _deferred.Enqueue(new PendingRequest(op, op.UserData));
        _deferredCount = _deferred.Count;
    }

    /// <summary>
    /// Writes the operation's SQE (and its linked timeout) into the SQ, submitting once to make room if needed.
    /// False when the SQ stays full. A prepare that throws (a bad path, say) completes the operation with that
    /// exception, for its awaiter.
    /// </summary>
    private bool TryPrepare(AsyncOperation op)
    {
        if (HoldSubmissionsForTests)
        {
            return false;
        }

        if (op.Handle is LoopConnection.LoopSocketHandle { CloseRequested: true })
        {
            // Its connection began closing while the operation waited to be submitted (or between the sends of a
            // send-all): the close's cancel has run already, so it must not reach the kernel. It ends as an operation
            // aborted by the close, as .NET's own sockets report one; its reference kept the descriptor open until now.
            op.Complete(AsyncOutcome.Failed, -(int)Errno.ECANCELED);
            return true;
        }

        bool linked = op.Deadline != TimeSpan.Zero;
        int needed = linked ? 2 : 1;
        if (_ring.SqAvailable < needed)
        {
            _ring.Submit();
            if (_ring.SqAvailable < needed)
            {
                return false;
            }
        }

        if (op.Kind == AsyncOperationKind.Statx && op.StatxBuffer == null)
        {
            op.StatxBuffer = (Statx*)NativeMemory.AlignedAlloc((nuint)sizeof(Statx), 64);
            _nativeBytes += sizeof(Statx);
        }

        ulong userData = op.UserData;
        bool prepared;
        try
        {
            prepared = TryPrepareRequest(op, AsyncUserData.Context(userData), linked ? OpOptions.Linked : default);
        }
        catch (Exception e)
        {
            op.Complete(AsyncOutcome.Faulted, -(int)Errno.EINVAL, e);
            return true;
        }

        if (!prepared)
        {
            return false;
        }

        if (linked)
        {
            // The SQ had room for both, so the timeout lands right behind its request and the link holds.
            ulong timeoutData = AsyncUserData.Encode(AsyncRequestKind.LinkTimeout, op.Index, op.Generation);
            _ring.TryPrepareLinkTimeout(AsyncUserData.Context(timeoutData), op.Deadline);
            _linkTimeoutsInFlight++;
        }

        op.State = AsyncOperationState.InFlight;
        _operationsInFlight++;
        _lastSubmittedUserData = AsyncUserData.Context(userData).Raw;
        return true;
    }

    /// <summary>The SQE of each kind of operation, from the arguments its source holds.</summary>
    private bool TryPrepareRequest(AsyncOperation op, SqeContext context, in OpOptions options)
    {
        switch (op.Kind)
        {
            case AsyncOperationKind.Nop:
                return _ring.TryPrepareNop(context, options: options);
            case AsyncOperationKind.Read:
                return _ring.TryPrepareRead(context, op.Fd, new Span<byte>(op.BufferPointer, op.Buffer.Length), op.Offset, options: options);
            case AsyncOperationKind.WriteAll:
            {
                long offset = op.Offset < 0 ? -1 : op.Offset + op.Transferred;
                ReadOnlySpan<byte> rest = new(op.BufferPointer + op.Transferred, op.Buffer.Length - op.Transferred);
                return _ring.TryPrepareWrite(context, op.Fd, rest, offset, options: options);
            }

            case AsyncOperationKind.Fsync:
                return _ring.TryPrepareFsync(context, op.Fd, dataSync: op.Flags != 0, options);
            case AsyncOperationKind.OpenAt:
                return _ring.TryPrepareOpenAt(context, op.Fd, op.Path, (OpenFlags)op.Flags, (UnixFileMode)op.Mode, options: options);
            case AsyncOperationKind.Close:
                return _ring.TryPrepareClose(context, op.Fd, options);
            case AsyncOperationKind.Statx:
                return _ring.TryPrepareStatx(context, op.Fd, op.Path, new Span<Statx>(op.StatxBuffer, 1), (StatxMask)op.Mode, (AtFlags)op.Flags, options);
            case AsyncOperationKind.Timeout:
                return _ring.TryPrepareTimeout(context, op.Duration, 0, TimeoutFlags.None, options);
            case AsyncOperationKind.Connect:
                return _ring.TryPrepareConnect(context, op.Fd, op.Address, options);
            case AsyncOperationKind.Accept:
                return _ring.TryPrepareAccept(context, op.Fd, (AcceptFlags)op.Flags, options: options);
            case AsyncOperationKind.Send:
            {
                ReadOnlySpan<byte> data = new(op.BufferPointer, op.Buffer.Length);
                return _ring.TryPrepareSend(context, op.Fd, data, (MessageFlags)op.Flags, options);
            }

            case AsyncOperationKind.SendAll:
            {
                ReadOnlySpan<byte> rest = new(op.BufferPointer + op.Transferred, op.Buffer.Length - op.Transferred);
                return _ring.TryPrepareSend(context, op.Fd, rest, (MessageFlags)op.Flags, options);
            }

            case AsyncOperationKind.Receive:
                return _ring.TryPrepareRecv(context, op.Fd, new Span<byte>(op.BufferPointer, op.Buffer.Length), (MessageFlags)op.Flags, options);
            case AsyncOperationKind.Shutdown:
                return _ring.TryPrepareShutdown(context, op.Fd, (ShutdownHow)op.Flags, options);
            case AsyncOperationKind.SendTo or AsyncOperationKind.ReceiveFrom or AsyncOperationKind.SendMessage or AsyncOperationKind.ReceiveMessage:
                return TryPrepareDatagram(op, context, options);
            case AsyncOperationKind.Poll:
                return _ring.TryPreparePollAdd(context, op.Fd, (PollEvents)op.Flags, options);
            default:
                throw new InvalidOperationException($"Unknown operation kind {op.Kind}.");
        }
    }

    /// <summary>Retries, in order, what waited for room in the SQ: the wake-up read, cancellations, operations.</summary>
    private void SubmitDeferred()
    {
        if (_wakeNeedsArm && !_shuttingDown)
        {
            ArmWake();
        }

        if (_cancelAllPending)
        {
            IssueCancelAll();
        }

        while (_deferredCancels.Count > 0)
        {
            PendingRequest next = _deferredCancels.Peek();
            if (next.Operation.UserData == next.Tag && next.Operation.State == AsyncOperationState.InFlight && !TryPrepareCancel(next.Tag))
            {
                break;
            }

            _deferredCancels.Dequeue();
        }

        SubmitDeferredMultishots();
        while (_deferred.Count > 0)
        {
            PendingRequest next = _deferred.Peek();
            AsyncOperation op = next.Operation;
            if (op.UserData == next.Tag && op.State == AsyncOperationState.Deferred)
            {
                if (_shuttingDown)
                {
                    op.Complete(AsyncOutcome.Disposed, -(int)Errno.ECANCELED);
                }
                else if (!TryPrepare(op))
                {
                    break;
                }
            }

            _deferred.Dequeue();
        }

        _deferredCount = _deferred.Count;
    }

    /// <summary>The caller's token was cancelled: end the operation where it is.</summary>
    private void Cancel(AsyncOperation op)
    {
        op.CancelRequested = true;
        switch (op.State)
        {
            case AsyncOperationState.Deferred:
                // Never submitted: nothing to wait for. Its entry in the deferred queue is skipped.
                op.Complete(AsyncOutcome.Canceled, -(int)Errno.ECANCELED);
                break;
            case AsyncOperationState.InFlight when !op.CancelSent:
                // The kernel has it: the operation completes when its own CQE arrives (-ECANCELED, or its result
                // if it won the race), and its buffer stays pinned until then.
                op.CancelSent = true;
                if (!TryPrepareCancel(op.UserData))
                {
                    _deferredCancels.Enqueue(new PendingRequest(op, op.UserData));
                }

                break;
        }
    }

    /// <summary>An <c>ASYNC_CANCEL</c> of the request whose Value-mode context carries <paramref name="target"/>.</summary>
    private bool TryPrepareCancel(ulong target)
    {
        // The kernel matches the whole user_data, mode bits included.
        target = AsyncUserData.Context(target).Raw;
        SqeContext context = AsyncUserData.Context(AsyncUserData.Encode(AsyncRequestKind.Cancel, 0, 0));
        if (!_ring.TryPrepareCancel(context, target))
        {
            _ring.Submit();
            if (!_ring.TryPrepareCancel(context, target))
            {
                return false;
            }
        }

        _cancelsInFlight++;
        return true;
    }

    /// <summary>
    /// The completion of an operation: completes its source if the index and generation name a source in flight
    /// now, and drops it otherwise (a late completion for a recycled source, or a forged one).
    /// </summary>
    private void CompleteOperation(ulong value, int result)
    {
        AsyncOperation? op = _pool.Find(AsyncUserData.IndexOf(value));
        if (op is null || op.State != AsyncOperationState.InFlight || op.Generation != AsyncUserData.GenerationOf(value))
        {
            _staleDropped++;
            return;
        }

        _operationsInFlight--;
        if (op.Kind is AsyncOperationKind.WriteAll or AsyncOperationKind.SendAll && result > 0)
        {
            op.Transferred += result;
            if (op.Transferred == op.Buffer.Length)
            {
                op.Complete(AsyncOutcome.Succeeded, op.Transferred);
                return;
            }

            if (!op.CancelRequested && !_shuttingDown)
            {
                // A short write: the rest goes out from the same pinned buffer, as the same operation.
                op.State = AsyncOperationState.Deferred;
                if (_deferred.Count > 0 || !TryPrepare(op))
                {
                    _deferred.Enqueue(new PendingRequest(op, op.UserData));
                    _deferredCount = _deferred.Count;
                }

                return;
            }

            result = -(int)Errno.ECANCELED;
        }

        op.Complete(OutcomeOf(op, ref result), result);
    }

    /// <summary>What a completion result means for its operation, after cancellation, deadline and shutdown.</summary>
    private AsyncOutcome OutcomeOf(AsyncOperation op, ref int result)
    {
        if (result >= 0)
        {
            if (op.Kind is AsyncOperationKind.WriteAll or AsyncOperationKind.SendAll && result == 0 && op.Transferred < op.Buffer.Length)
            {
                // write(2) made no progress and reported no error: nothing better will come of retrying.
                result = -(int)Errno.EIO;
                return AsyncOutcome.Failed;
            }

            return AsyncOutcome.Succeeded;
        }

        Errno error = (Errno)(-result);
        if (op.Kind == AsyncOperationKind.Timeout && error == Errno.ETIME)
        {
            result = 0;
            return AsyncOutcome.Succeeded;
        }

        // Cancelled requests end with ECANCELED; a blocking one interrupted in an io-wq worker with EINTR.
        if (error is Errno.ECANCELED or Errno.EINTR)
        {
            if (op.CancelRequested)
            {
                return AsyncOutcome.Canceled;
            }

            if (_shutdownCancelIssued)
            {
                return AsyncOutcome.Disposed;
            }

            if (op.Deadline != TimeSpan.Zero)
            {
                // A poll that saw nothing before its deadline reports no events, as poll(2) does.
                if (op.Kind == AsyncOperationKind.Poll)
                {
                    result = 0;
                    return AsyncOutcome.Succeeded;
                }

                return AsyncOutcome.TimedOut;
            }
        }

        return AsyncOutcome.Failed;
    }

    /// <summary>Queues work: on the loop thread into its own queue, from elsewhere into the bounded queue (waiting while it is full).</summary>
    /// <returns>False when the loop no longer takes work.</returns>
    private bool Enqueue(in LoopWork work, bool refuseWhenStopping)
    {
        if (refuseWhenStopping && _stopRequested)
        {
            return false;
        }

        if (IsOnLoopThread)
        {
            if (_queue.IsClosed && Volatile.Read(ref _running) == 0)
            {
                return false;
            }

            _local.Enqueue(work);
            _localCount = _local.Count;
            return true;
        }

        SpinWait spinner = default;
        while (true)
        {
            switch (_queue.TryEnqueue(in work))
            {
                case EnqueueResult.Queued:
                    Wake();
                    return true;
                case EnqueueResult.Closed:
                    return false;
                default:
                    // Full: the loop is behind. Make sure it is awake, and wait for room (backpressure).
                    Wake();
                    spinner.SpinOnce();
                    break;
            }
        }
    }

    /// <summary>Like <see cref="Enqueue"/>, but false instead of waiting when the bounded queue is full.</summary>
    private bool TryEnqueueNoWait(in LoopWork work)
    {
        if (_stopRequested)
        {
            return false;
        }

        if (IsOnLoopThread)
        {
            _local.Enqueue(work);
            _localCount = _local.Count;
            return true;
        }

        if (_queue.TryEnqueue(in work) != EnqueueResult.Queued)
        {
            return false;
        }

        Wake();
        return true;
    }

    /// <summary>An operation (or a cancel request) waiting on the loop, and the <c>user_data</c> it was queued for.</summary>
    private readonly record struct PendingRequest(AsyncOperation Operation, ulong Tag);
}
