using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Uring;

/// <summary>
/// What <see cref="EventLoop.SwitchTo"/> returns: <c>await loop.SwitchTo();</c> continues on the loop thread.
/// </summary>
[ResumesOnIssuerThread]
public readonly struct EventLoopSwitchAwaitable : ICriticalNotifyCompletion
{
    private readonly EventLoop _loop;

    internal EventLoopSwitchAwaitable(EventLoop loop) => _loop = loop;

    /// <summary>True when the caller already runs on the loop thread (the await continues synchronously).</summary>
    public bool IsCompleted => _loop.IsOnLoopThread;

    /// <summary>This awaitable is its own awaiter.</summary>
    /// <returns>This value.</returns>
    public EventLoopSwitchAwaitable GetAwaiter() => this;

    /// <summary>Checks that the switch happened.</summary>
    /// <exception cref="ObjectDisposedException">The loop shut down before it could run the continuation.</exception>
    public void GetResult()
    {
        if (!_loop.IsOnLoopThread)
        {
            throw AsyncErrors.LoopDisposed();
        }
    }

    /// <summary>Queues <paramref name="continuation"/> to the loop, flowing the caller's <see cref="ExecutionContext"/>.</summary>
    /// <param name="continuation">The rest of the awaiting method.</param>
    public void OnCompleted(Action continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        ExecutionContext? context = ExecutionContext.Capture();
        if (context is null)
        {
            UnsafeOnCompleted(continuation);
            return;
        }

        UnsafeOnCompleted(() => ExecutionContext.Run(context, static state => ((Action)state!)(), continuation));
    }

    /// <summary>Queues <paramref name="continuation"/> to the loop (async methods flow their context themselves).</summary>
    /// <param name="continuation">The rest of the awaiting method.</param>
    public void UnsafeOnCompleted(Action continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        if (!_loop.EnqueueContinuation(continuation, null))
        {
            // The loop is gone: resume on the thread pool, where GetResult reports it.
            ThreadPool.UnsafeQueueUserWorkItem(static state => ((Action)state!)(), continuation);
        }
    }
}
