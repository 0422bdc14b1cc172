using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Uring;

/// <summary>Runs tasks on an <see cref="EventLoop"/>'s thread, one at a time, in order; after shutdown, on the thread pool.</summary>
internal sealed class EventLoopTaskScheduler : TaskScheduler
{
    private readonly EventLoop _loop;

    public EventLoopTaskScheduler(EventLoop loop) => _loop = loop;

    /// <inheritdoc/>
    public override int MaximumConcurrencyLevel => 1;

    /// <summary>Runs a queued task (the loop calls this).</summary>
    internal void Execute(Task task) => TryExecuteTask(task);

    /// <inheritdoc/>
    protected override void QueueTask(Task task)
    {
        if (!_loop.EnqueueContinuation(task, null))
        {
            ThreadPool.UnsafeQueueUserWorkItem(static pair => pair.Scheduler.TryExecuteTask(pair.Task), (Scheduler: this, Task: task), preferLocal: false);
        }
    }

    /// <inheritdoc/>
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued)
        => _loop.IsOnLoopThread && TryExecuteTask(task);

    /// <inheritdoc/>
    protected override IEnumerable<Task> GetScheduledTasks() => Array.Empty<Task>();
}
