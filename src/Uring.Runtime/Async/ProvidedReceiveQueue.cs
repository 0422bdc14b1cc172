using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;

namespace Uring;

/// <summary>
/// <see cref="LoopConnection.ReceiveProvidedAsync"/>: the buffers a connection's <see cref="ProvidedReceiver"/> lent,
/// handed out one per receive, and the one receive that may wait for them. The receiver delivers on the loop thread; the
/// application receives (and cancels) from any thread, so the queue and the waiting receive are guarded by a lock.
/// </summary>
/// <remarks>
/// Receiving runs ahead of the application by at most <see cref="MaxQueuedBytes"/> (then it pauses until the application
/// has taken half of them), so a connection nobody reads cannot drain the loop's group.
/// </remarks>
internal sealed class ProvidedReceiveQueue : IProvidedReceiveSink, IValueTaskSource<LentBuffer>
{
    /// <summary>Bytes received ahead of the application at which receiving pauses.</summary>
    public const int MaxQueuedBytes = 64 * 1024;

    private static readonly Action<object?> s_cancelOnLoop = static state => ((ProvidedReceiveQueue)state!).CancelWaiting();

    private readonly Lock _lock = new();
    private readonly Queue<(LentSlot Slot, int Token)> _ready = new();
    private readonly EventLoop _loop;
    private ManualResetValueTaskSourceCore<LentBuffer> _core;
    private CancellationTokenRegistration _registration;
    private CancellationToken _token;
    private long _queuedBytes;
    private bool _full;
    private bool _waiting;
    private bool _ended;
    private bool _closing;
    private Exception? _error;

    public ProvidedReceiveQueue(LoopConnection connection)
    {
        _loop = connection.Loop;
        Receiver = new ProvidedReceiver(connection, this);
    }

    public ProvidedReceiver Receiver { get; }

    public bool IsWaiting
    {
        get
        {
            lock (_lock)
            {
                return _waiting;
            }
        }
    }

    public bool IsFull => Volatile.Read(ref _full);

    /// <summary>The next lent buffer: at once if one is queued, else when one arrives. Any thread; one at a time.</summary>
    public ValueTask<LentBuffer> ReceiveAsync(CancellationToken cancellationToken)
    {
        bool resume = false;
        LentBuffer ready;
        lock (_lock)
        {
            if (_waiting)
            {
                throw new InvalidOperationException("A ReceiveProvidedAsync of this connection is already waiting: receive one buffer at a time.");
            }

            if (_ready.TryDequeue(out (LentSlot Slot, int Token) next))
            {
                _queuedBytes -= next.Slot.Length;
                if (_full && _queuedBytes <= MaxQueuedBytes / 2)
                {
                    Volatile.Write(ref _full, false);
                    resume = true;
                }

                ready = next.Slot.ToLentBuffer(next.Token);
            }
            else if (_ended)
            {
                return _error is null ? default : ValueTask.FromException<LentBuffer>(_error);
            }
            else if (cancellationToken.IsCancellationRequested)
            {
                return ValueTask.FromCanceled<LentBuffer>(cancellationToken);
            }
            else
            {
                _core.Reset();
                _waiting = true;
                _token = cancellationToken;
                ready = default;
                if (cancellationToken.CanBeCanceled)
                {
                    // Under the lock, so a completion cannot unregister before it is set. A callback that runs at once
                    // only posts the cancel to the loop.
                    _registration = cancellationToken.UnsafeRegister(static state => ((ProvidedReceiveQueue)state!).OnTokenCancelled(), this);
                }
            }
        }

        if (resume)
        {
            Receiver.Poke();
        }

        if (!ready.IsEmpty)
        {
            return new ValueTask<LentBuffer>(ready);
        }

        short version = _core.Version;
        Receiver.PokeIfIdle();
        return new ValueTask<LentBuffer>(this, version);
    }

    /// <inheritdoc/>
    public void OnReceived(LentSlot slot, int token)
    {
        bool deliver = false;
        lock (_lock)
        {
            if (_closing)
            {
                // The connection is closing: nobody will take it.
            }
            else if (_waiting)
            {
                _waiting = false;
                deliver = true;
            }
            else
            {
                _ready.Enqueue((slot, token));
                _queuedBytes += slot.Length;
                if (_queuedBytes >= MaxQueuedBytes)
                {
                    Volatile.Write(ref _full, true);
                }

                return;
            }
        }

        if (!deliver)
        {
            slot.Pool.Return(slot, token);
            return;
        }

        _registration.Unregister();
        _registration = default;
        _core.SetResult(slot.ToLentBuffer(token));
    }

    /// <inheritdoc/>
    public void OnEnded(Exception? error)
    {
        lock (_lock)
        {
            _ended = true;
            _error = error;
            if (!_waiting)
            {
                return;
            }

            _waiting = false;
        }

        _registration.Unregister();
        _registration = default;
        if (error is null)
        {
            _core.SetResult(default);
        }
        else
        {
            _core.SetException(error);
        }
    }

    /// <inheritdoc/>
    public void OnConnectionClosing()
    {
        // The connection refuses receives from now on, so what is queued would never be taken: give it back.
        lock (_lock)
        {
            _closing = true;
            while (_ready.TryDequeue(out (LentSlot Slot, int Token) next))
            {
                next.Slot.Pool.Return(next.Slot, next.Token);
            }

            _queuedBytes = 0;
        }
    }

    LentBuffer IValueTaskSource<LentBuffer>.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<LentBuffer>.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<LentBuffer>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
    {
        // As the loop's own operations do: completions happen on the loop thread, so an awaiter there resumes inline
        // (no post, no allocation), and one elsewhere never runs its code on the loop.
        if (_loop.IsOnLoopThread)
        {
            if (SynchronizationContext.Current == _loop.SynchronizationContext)
            {
                flags &= ~ValueTaskSourceOnCompletedFlags.UseSchedulingContext;
            }

            _core.RunContinuationsAsynchronously = false;
        }
        else
        {
            _core.RunContinuationsAsynchronously = true;
        }

        _core.OnCompleted(continuation, state, token, flags);
    }

    private void OnTokenCancelled()
    {
        // Completed on the loop, like every other completion of this source (an awaiter there resumes inline).
        if (!_loop.TryRunOnLoop(s_cancelOnLoop, this))
        {
            CancelWaiting();
        }
    }

    private void CancelWaiting()
    {
        CancellationToken token;
        lock (_lock)
        {
            if (!_waiting || !_token.IsCancellationRequested)
            {
                return; // completed meanwhile, or a later receive waits now
            }

            _waiting = false;
            token = _token;
        }

        _registration = default;
        _core.SetException(new OperationCanceledException(token));
    }
}
