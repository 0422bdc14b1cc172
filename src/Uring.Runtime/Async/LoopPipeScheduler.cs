using System;
using System.IO.Pipelines;
using System.Threading;

namespace Uring;

/// <summary>
/// A <see cref="PipeScheduler"/> that runs pipe continuations on an <see cref="EventLoop"/>'s thread: through the loop's
/// own queue (a struct per item, nothing allocated), and on the thread pool once the loop's shutdown closed that queue, so
/// a late continuation still runs.
/// </summary>
public sealed class LoopPipeScheduler : PipeScheduler
{
    /// <summary>A scheduler for <paramref name="loop"/>.</summary>
    /// <param name="loop">The loop whose thread runs the continuations.</param>
    /// <exception cref="ArgumentNullException"><paramref name="loop"/> is null.</exception>
    public LoopPipeScheduler(EventLoop loop)
    {
        ArgumentNullException.ThrowIfNull(loop);
        Loop = loop;
    }

    /// <summary>The loop.</summary>
    public EventLoop Loop { get; }

    /// <summary>Queues <paramref name="action"/>(<paramref name="state"/>) to the loop (the thread pool after its shutdown).</summary>
    /// <param name="action">The continuation.</param>
    /// <param name="state">Its argument.</param>
    public override void Schedule(Action<object?> action, object? state)
    {
        if (!Loop.TryRunOnLoop(action, state))
        {
            System.Threading.ThreadPool.UnsafeQueueUserWorkItem(action, state, preferLocal: false);
        }
    }
}
