using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;
using Uring.Interop;

namespace Uring;

/// <summary><see cref="EventLoop.AcceptConnectionsAsync(System.Net.Sockets.Socket)"/>: each enumeration is its own multishot accept.</summary>
internal sealed class MultishotAcceptEnumerable : IAsyncEnumerable<LoopConnection>
{
    private readonly EventLoop _loop;
    private readonly SafeHandle? _listener;
    private readonly int _listenerFd;
    private readonly EventLoopGroup? _owners;

    public MultishotAcceptEnumerable(EventLoop loop, SafeHandle? listener, int listenerFd, EventLoopGroup? owners = null)
    {
        _loop = loop;
        _listener = listener;
        _listenerFd = listenerFd;
        _owners = owners;
    }

    public IAsyncEnumerator<LoopConnection> GetAsyncEnumerator(CancellationToken cancellationToken = default)
        => new MultishotAcceptor(_loop, _listener, _listenerFd, cancellationToken, _owners);
}

/// <summary>
/// One multishot accept and the enumerator over its connections. The loop thread arms it and delivers each completion
/// (<see cref="OnCompletion"/>): an fd is queued (counted as owned by the loop) until <see cref="MoveNextAsync"/> hands it
/// out as a <see cref="LoopConnection"/>. The consumer may run on any thread, so the queue and the waiting
/// <c>MoveNextAsync</c> are guarded by a lock.
/// </summary>
internal sealed class MultishotAcceptor : MultishotRequest, IAsyncEnumerator<LoopConnection>, IValueTaskSource<bool>
{
    private readonly EventLoop _loop;
    private readonly SafeHandle? _listener;
    private readonly EventLoopGroup? _owners;
    private readonly CancellationToken _token;
    private readonly Lock _gate = new();
    private readonly Queue<int> _ready = new();
    private readonly TaskCompletionSource _disarmed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ManualResetValueTaskSourceCore<bool> _waiter;
    private CancellationTokenRegistration _registration;
    private int _listenerFd;
    private bool _listenerReferenced;
    private bool _started;
    private bool _waiting;
    private bool _ended;
    private bool _disposed;
    private bool _cancelled;
    private Exception? _error;
    private LoopConnection? _current;

    public MultishotAcceptor(EventLoop loop, SafeHandle? listener, int listenerFd, CancellationToken token, EventLoopGroup? owners = null)
    {
        _loop = loop;
        _owners = owners;
        _listener = listener;
        _listenerFd = listenerFd;
        _token = token;
        _waiter.RunContinuationsAsynchronously = true;
    }

    public LoopConnection Current => _current ?? throw new InvalidOperationException("MoveNextAsync has not returned true.");

    public ValueTask<bool> MoveNextAsync()
    {
        bool start = false;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _current = null;
            if (_token.IsCancellationRequested)
            {
                _cancelled = true;
            }

            if (!_cancelled && _ready.TryDequeue(out int fd))
            {
                _current = Wrap(fd);
                return new ValueTask<bool>(true);
            }

            if (_cancelled)
            {
                RequestCancel();
                return ValueTask.FromException<bool>(new OperationCanceledException(_token));
            }

            if (_ended)
            {
                return _error is null ? new ValueTask<bool>(false) : ValueTask.FromException<bool>(_error);
            }

            _waiter.Reset();
            _waiting = true;
            if (!_started)
            {
                _started = true;
                start = true;
            }
        }

        if (start && !Begin())
        {
            lock (_gate)
            {
                EndLocked(AsyncErrors.LoopDisposed());
            }
        }

        return new ValueTask<bool>(this, _waiter.Version);
    }

    public async ValueTask DisposeAsync()
    {
        bool armed;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            armed = _started && !_ended;
        }

        _registration.Dispose();
        if (armed)
        {
            RequestCancel();
            await _disarmed.Task.ConfigureAwait(false);
        }

        lock (_gate)
        {
            CloseQueuedLocked();
        }
    }

    /// <summary>On the loop (routed by slot and generation).</summary>
    internal override bool Prepare(Ring ring, SqeContext context)
        => ring.TryPrepareAcceptMultishot(context, _listenerFd, AcceptFlags.NonBlock | AcceptFlags.CloseOnExec);

    /// <summary>On the loop: a connection, or the end of this arm.</summary>
    internal override void OnCompletion(int result, CqeFlags flags)
    {
        bool more = (flags & CqeFlags.More) != 0;
        lock (_gate)
        {
            if (result >= 0)
            {
                _loop.AdjustOwnedDescriptors(1);
                if (_disposed || _ended)
                {
                    CloseDescriptor(result);
                }
                else if (_waiting && !_cancelled)
                {
                    _waiting = false;
                    try
                    {
                        _current = Wrap(result);
                        _waiter.SetResult(true);
                    }
                    catch (ObjectDisposedException e)
                    {
                        // The loop began its shutdown meanwhile (the connection closed the fd).
                        _waiter.SetException(e);
                    }
                }
                else
                {
                    _ready.Enqueue(result);
                }
            }

            if (more)
            {
                return;
            }

            // The kernel ended this arm. After a connection (a full CQ ends multishot requests) accept again, unless
            // the consumer is gone or asked to stop; after an error, end the enumeration with it.
            if (result >= 0 && !_disposed && !_cancelled && !CancelRequested && _loop.TryArmMultishot(this))
            {
                return;
            }

            Exception? error = result >= 0 || _disposed ? null : ErrorFor(result);
            if (result >= 0 && !_disposed && !_cancelled && !CancelRequested)
            {
                // TryArmMultishot refused: the loop is shutting down.
                error = AsyncErrors.LoopDisposed();
            }

            EndLocked(error);
        }
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _waiter.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _waiter.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _waiter.OnCompleted(continuation, state, token, flags);

    /// <summary>References the listener, registers the token and posts the arm to the loop; false when the loop no longer takes work.</summary>
    private bool Begin()
    {
        if (_listener is not null)
        {
            try
            {
                _listener.DangerousAddRef(ref _listenerReferenced);
                _listenerFd = (int)_listener.DangerousGetHandle();
            }
            catch (ObjectDisposedException e)
            {
                lock (_gate)
                {
                    EndLocked(AsyncErrors.ForSocket(Errno.EBADF, $"multishot accept: {e.Message}"));
                }

                return true;
            }
        }

        if (_token.CanBeCanceled)
        {
            _registration = _token.UnsafeRegister(static state => ((MultishotAcceptor)state!).OnTokenCancelled(), this);
        }

        return _loop.TryRunOnLoop(static state =>
        {
            MultishotAcceptor acceptor = (MultishotAcceptor)state!;
            lock (acceptor._gate)
            {
                // A cancel or dispose posted from another thread may run before this arm: then nothing is armed.
                if (acceptor._disposed || acceptor._cancelled)
                {
                    acceptor.EndLocked(null);
                }
                else if (!acceptor._loop.TryArmMultishot(acceptor))
                {
                    acceptor.EndLocked(AsyncErrors.LoopDisposed());
                }
            }
        }, this);
    }

    private void OnTokenCancelled()
    {
        lock (_gate)
        {
            _cancelled = true;
        }

        RequestCancel();
    }

    /// <summary>Asks the loop to cancel the armed request (any thread).</summary>
    private void RequestCancel()
    {
        if (!_loop.TryRunOnLoop(static state =>
        {
            MultishotAcceptor acceptor = (MultishotAcceptor)state!;
            acceptor._loop.CancelMultishot(acceptor);
        }, this))
        {
            // The loop's shutdown cancels every request it has.
        }
    }

    /// <summary>The enumeration is over: no arm follows. Wakes a waiting <c>MoveNextAsync</c>, releases the listener.</summary>
    private void EndLocked(Exception? error)
    {
        if (_ended)
        {
            return;
        }

        _ended = true;
        _error ??= _cancelled ? new OperationCanceledException(_token) : error;
        if (_listenerReferenced)
        {
            _listener!.DangerousRelease();
            _listenerReferenced = false;
        }

        if (_loop.IsOnLoopThread)
        {
            _loop.ReleaseMultishot(this);
        }

        if (_disposed || _loop.IsShutdownRequested)
        {
            CloseQueuedLocked();
        }

        if (_waiting)
        {
            _waiting = false;
            if (_error is null)
            {
                _waiter.SetResult(false);
            }
            else
            {
                _waiter.SetException(_error);
            }
        }

        _disarmed.TrySetResult();
    }

    private Exception ErrorFor(int result)
    {
        Errno errno = ErrnoExtensions.FromResult(result);
        if (errno == Errno.ECANCELED && _loop.IsShutdownRequested && !_cancelled)
        {
            return AsyncErrors.LoopDisposed();
        }

        return errno == Errno.ECANCELED && _cancelled ? new OperationCanceledException(_token) : AsyncErrors.ForSocket(errno, $"multishot accept (fd {_listenerFd})");
    }

    private LoopConnection Wrap(int fd)
    {
        // The connection counts the descriptor itself from here on, in the loop that owns it (this one, or the group's next).
        _loop.AdjustOwnedDescriptors(-1);
        return new LoopConnection(_owners?.Next() ?? _loop, fd, noDelay: true);
    }

    private void CloseQueuedLocked()
    {
        while (_ready.TryDequeue(out int fd))
        {
            CloseDescriptor(fd);
        }
    }

    private void CloseDescriptor(int fd)
    {
        _ = Syscalls.Close(fd);
        _loop.AdjustOwnedDescriptors(-1);
    }
}
