using System;
using System.Buffers;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;

namespace Uring;

/// <summary>
/// The pooled source behind every awaitable operation of an <see cref="EventLoop"/>: the request's arguments,
/// the pinned buffer, the cancellation registration and the result, over a
/// <see cref="ManualResetValueTaskSourceCore{TResult}"/>. Rented per operation and returned when its awaiter
/// takes the result, so an awaited operation allocates nothing in steady state.
/// </summary>
/// <remarks>
/// <para>Its <c>user_data</c> is its index in the loop's table and a generation bumped on every rent
/// (<see cref="AsyncUserData"/>). The loop completes it only for a completion whose generation matches while it is
/// <see cref="AsyncOperationState.InFlight"/>, so a late completion for a recycled source is dropped.</para>
/// <para>Buffers are pinned (<see cref="Memory{T}.Pin"/>) before the request is submitted and unpinned only when its
/// completion arrives, in <see cref="Complete"/>, just before the awaiter is released: the kernel never writes into
/// memory the GC moved, also when the operation was cancelled.</para>
/// </remarks>
internal sealed unsafe partial class AsyncOperation : LoopWorkItem, IValueTaskSource<int>, IValueTaskSource, IValueTaskSource<Statx>
{
    private ManualResetValueTaskSourceCore<int> _core;
    private bool _handleReferenced;
    private CancellationTokenRegistration _registration;
    private Statx _statx;

    public AsyncOperation(EventLoop loop, int index)
    {
        Loop = loop;
        Index = index;
    }

    public EventLoop Loop { get; }

    /// <summary>Its slot in the loop's table (bits 0–23 of its <c>user_data</c>).</summary>
    public int Index { get; }

    /// <summary>Bumped on every rent; written by the renting thread before the operation is handed to the loop.</summary>
    public uint Generation;

    public AsyncOperationState State;
    public AsyncOperationKind Kind;
    public ErrorDomain Domain;

    // Arguments (what the request needs when it is prepared on the loop).
    public int Fd;
    public SafeHandle? Handle;
    public Memory<byte> Buffer;
    public long Offset;
    public uint Flags;
    public uint Mode;
    public string? Path;
    public TimeSpan Duration;
    public SockAddr Address;

    /// <summary>A per-op deadline (a linked timeout); zero for none.</summary>
    public TimeSpan Deadline;

    /// <summary>Bytes a write-all has written so far.</summary>
    public int Transferred;

    /// <summary>The caller's token; its cancellation becomes an <c>ASYNC_CANCEL</c>.</summary>
    public CancellationToken Token;

    /// <summary>The caller asked to cancel (set on the loop).</summary>
    public bool CancelRequested;

    /// <summary>An <c>ASYNC_CANCEL</c> for this generation is in flight or queued (set on the loop).</summary>
    public bool CancelSent;

    /// <summary>The loop's native <c>statx</c> buffer of this source (allocated on its first statx, freed at shutdown).</summary>
    public Statx* StatxBuffer;

    private AsyncOutcome _outcome;
    private int _result;
    private Exception? _exception;

    /// <summary>The <c>user_data</c> of this rent.</summary>
    public ulong UserData => AsyncUserData.Encode(AsyncRequestKind.Operation, Index, Generation);

    /// <summary>The token a <see cref="ValueTask"/> over this source carries.</summary>
    public short Version => _core.Version;

    /// <summary>
    /// Takes a reference on <paramref name="handle"/> for as long as the request is in flight, so a concurrent
    /// <see cref="SafeHandle.Dispose()"/> cannot close the descriptor (and let its number be reused) under the kernel.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The handle was closed already.</exception>
    public void ReferenceHandle(SafeHandle handle)
    {
        bool added = false;
        handle.DangerousAddRef(ref added);
        Handle = handle;
        _handleReferenced = added;
        Fd = (int)handle.DangerousGetHandle();
    }

    /// <summary>Registers the caller's token: its cancellation asks the loop to cancel this generation.</summary>
    public void Register(CancellationToken token)
    {
        Token = token;
        if (token.CanBeCanceled)
        {
            _registration = token.UnsafeRegister(static state => ((AsyncOperation)state!).OnTokenCancelled(), this);
        }
    }

    private void OnTokenCancelled() => Loop.RequestCancel(this, UserData);

    /// <summary>
    /// Ends the operation: unpins the buffer, releases the handle and the token registration, records the
    /// outcome and releases the awaiter (whose continuation may run inline, here). Called once per rent.
    /// </summary>
    public void Complete(AsyncOutcome outcome, int result, Exception? exception = null)
    {
        UnpinBuffer();
        ReleaseMessage(outcome);
        if (_handleReferenced)
        {
            Handle!.DangerousRelease();
            _handleReferenced = false;
        }

        // Unregister, not Dispose: a callback running right now only posts a cancel request tagged with this
        // generation, which the loop ignores once the source moved on.
        _registration.Unregister();
        _registration = default;
        if (outcome == AsyncOutcome.Succeeded && Kind == AsyncOperationKind.Statx && StatxBuffer != null)
        {
            _statx = *StatxBuffer;
        }

        _outcome = outcome;
        _result = result;
        _exception = exception;
        State = AsyncOperationState.Completed;
        _core.SetResult(result);
    }

    /// <summary>Called by the loop's work queue: submit or cancel this operation, if <paramref name="tag"/> still names it.</summary>
    internal override void Run(EventLoop loop, object? state, ulong tag) => loop.RunOperationWork(this, state, tag);

    /// <inheritdoc/>
    public ValueTaskSourceStatus GetStatus(short token)
    {
        ValueTaskSourceStatus status = _core.GetStatus(token);
        if (status != ValueTaskSourceStatus.Succeeded)
        {
            return status;
        }

        return _outcome switch
        {
            AsyncOutcome.Succeeded => ValueTaskSourceStatus.Succeeded,
            AsyncOutcome.Canceled => ValueTaskSourceStatus.Canceled,
            _ => ValueTaskSourceStatus.Faulted,
        };
    }

    /// <inheritdoc/>
    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
    {
        if (Loop.IsOnLoopThread)
        {
            // Completions are dispatched on this very thread, so an await that would resume on the loop's own
            // context runs inline from the dispatch: no post, no allocation.
            if (SynchronizationContext.Current == Loop.SynchronizationContext)
            {
                flags &= ~ValueTaskSourceOnCompletedFlags.UseSchedulingContext;
            }

            _core.RunContinuationsAsynchronously = false;
        }
        else
        {
            // An awaiter elsewhere never runs its code on the loop thread.
            _core.RunContinuationsAsynchronously = true;
        }

        _core.OnCompleted(continuation, state, token, flags);
    }

    /// <inheritdoc/>
    int IValueTaskSource<int>.GetResult(short token)
    {
        int value = _core.GetResult(token);
        Exception? error = TakeErrorAndRecycle();
        if (error is not null)
        {
            Throw(error);
        }

        return value;
    }

    /// <inheritdoc/>
    void IValueTaskSource.GetResult(short token)
    {
        _core.GetResult(token);
        Exception? error = TakeErrorAndRecycle();
        if (error is not null)
        {
            Throw(error);
        }
    }

    /// <inheritdoc/>
    Statx IValueTaskSource<Statx>.GetResult(short token)
    {
        _core.GetResult(token);
        Statx value = _statx;
        Exception? error = TakeErrorAndRecycle();
        if (error is not null)
        {
            Throw(error);
        }

        return value;
    }

    /// <summary>Puts the source back in a state for its next rent (by the pool, under its lock).</summary>
    public void Reset()
    {
        _core.Reset();
        State = AsyncOperationState.Free;
        Handle = null;
        Buffer = default;
        Path = null;
        Token = default;
        Address = default;
        Deadline = default;
        Duration = default;
        Fd = -1;
        Offset = 0;
        Flags = 0;
        Mode = 0;
        Transferred = 0;
        CancelRequested = false;
        CancelSent = false;
        _outcome = AsyncOutcome.Pending;
        _result = 0;
        _exception = null;
        _statx = default;
        ResetMessage();
    }

    /// <summary>Builds the exception of a failed outcome (before recycling clears what it names), then recycles.</summary>
    private Exception? TakeErrorAndRecycle()
    {
        Exception? error = _outcome switch
        {
            AsyncOutcome.Succeeded => null,
            AsyncOutcome.Canceled => new OperationCanceledException(Token),
            AsyncOutcome.Disposed => AsyncErrors.LoopDisposed(),
            AsyncOutcome.TimedOut => Domain switch
            {
                ErrorDomain.Socket => new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.TimedOut, $"{Describe()} did not complete within its deadline of {Deadline}."),
                ErrorDomain.Stream => AsyncErrors.ForStream(Errno.ETIMEDOUT, Describe(), reading: Kind == AsyncOperationKind.Receive),
                _ => new TimeoutException($"{Describe()} did not complete within its deadline of {Deadline}."),
            },
            AsyncOutcome.Faulted => _exception,
            _ => Domain switch
            {
                ErrorDomain.Socket => AsyncErrors.ForSocket(ErrnoExtensions.FromResult(_result), Describe()),
                ErrorDomain.Stream => AsyncErrors.ForStream(ErrnoExtensions.FromResult(_result), Describe(), reading: Kind == AsyncOperationKind.Receive),
                _ => AsyncErrors.ForFile(ErrnoExtensions.FromResult(_result), Describe(), Path),
            },
        };

        Loop.ReturnOperation(this);
        return error;
    }

    /// <summary>"read (fd 7)", "openat", ...: what the operation was, for its exception's message.</summary>
    private string Describe() => Kind switch
    {
        AsyncOperationKind.OpenAt => "open",
        AsyncOperationKind.Statx when Path is not null => "statx",
        AsyncOperationKind.Timeout => "delay",
        AsyncOperationKind.Nop => "nop",
        AsyncOperationKind.WriteAll => $"write (fd {Fd})",
        AsyncOperationKind.SendAll => $"send (fd {Fd})",
        _ => $"{Kind.ToString().ToLowerInvariant()} (fd {Fd})",
    };

    private static void Throw(Exception error)
    {
        if (error.StackTrace is not null)
        {
            // An exception that was thrown already (a failed prepare): keep its original stack.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        }

        throw error;
    }
}
