using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace Uring;

/// <summary>
/// The context of an <see cref="EventLoop"/>'s thread: <see cref="Post"/> queues to the loop, <see cref="Send"/> runs
/// on it and waits. After the loop shut down, work goes to the thread pool, so late continuations still run.
/// </summary>
internal sealed class EventLoopSynchronizationContext : SynchronizationContext
{
    private readonly EventLoop _loop;

    public EventLoopSynchronizationContext(EventLoop loop) => _loop = loop;

    /// <inheritdoc/>
    public override void Post(SendOrPostCallback d, object? state)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (!_loop.EnqueueContinuation(d, state))
        {
            ThreadPool.UnsafeQueueUserWorkItem(static pair => pair.Callback(pair.State), (Callback: d, State: state), preferLocal: false);
        }
    }

    /// <inheritdoc/>
    public override void Send(SendOrPostCallback d, object? state)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (_loop.IsOnLoopThread)
        {
            d(state);
            return;
        }

        using ManualResetEventSlim done = new();
        ExceptionDispatchInfo? failure = null;
        Action run = () =>
        {
            try
            {
                d(state);
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                done.Set();
            }
        };

        if (!_loop.EnqueueContinuation(run, null))
        {
            throw AsyncErrors.LoopDisposed();
        }

        done.Wait();
        failure?.Throw();
    }

    /// <inheritdoc/>
    public override SynchronizationContext CreateCopy() => this;
}
