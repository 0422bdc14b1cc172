using System;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Threading;

namespace Uring.AspNetCore;

/// <summary>
/// Where the application's continuations run by default (not <see cref="UringTransportOptions.UnsafePreferInlineScheduling"/>):
/// the thread pool, reached in batches. A loop that completes many connections' reads in one iteration queues them to a
/// queue of its own and hands the thread pool one work item that runs them in turn, instead of one work item (and a
/// worker woken) per connection. Continuations scheduled from any other thread go to the thread pool one by one, as
/// <see cref="PipeScheduler.ThreadPool"/> does.
/// </summary>
/// <remarks>
/// A continuation may block (the application's code runs in it), and the ones queued behind it must not wait for it. So
/// each work item, once it has taken its first continuation and sees more waiting, queues one more work item before it
/// runs anything (the policy of the runtime's own socket engine for its event batches): the work fans out to a second
/// worker, which does the same, while one that runs quick continuations drains the queue alone.
/// </remarks>
internal sealed class ThreadPoolBatchScheduler : PipeScheduler
{
    /// <summary>The batch of the loop running on this thread (one per loop thread, made on its first use).</summary>
    [ThreadStatic]
    private static LoopBatch? t_batch;

    /// <summary>The one instance: the batches belong to the loop threads, not to a transport.</summary>
    public static ThreadPoolBatchScheduler Instance { get; } = new();

    private ThreadPoolBatchScheduler()
    {
    }

    /// <inheritdoc/>
    public override void Schedule(Action<object?> action, object? state)
    {
        if (EventLoop.Current is null)
        {
            System.Threading.ThreadPool.UnsafeQueueUserWorkItem(action, state, preferLocal: false);
            return;
        }

        (t_batch ??= new LoopBatch()).Add(action, state);
    }

    /// <summary>One loop's continuations waiting for the thread pool, and the work item that runs them.</summary>
    private sealed class LoopBatch : IThreadPoolWorkItem
    {
        private readonly ConcurrentQueue<(Action<object?> Action, object? State)> _work = new();

        /// <summary>1 while a work item is queued to the thread pool and has not started taking work.</summary>
        private int _queued;

        public void Add(Action<object?> action, object? state)
        {
            _work.Enqueue((action, state));
            QueueWorkItem();
        }

        void IThreadPoolWorkItem.Execute()
        {
            // From here on, work added is not this item's to find: the next Add queues another (full fence: an Add that
            // saw 1 enqueued before this exchange, so the dequeues below see its work).
            Interlocked.Exchange(ref _queued, 0);
            if (!_work.TryDequeue(out (Action<object?> Action, object? State) next))
            {
                return;
            }

            if (!_work.IsEmpty)
            {
                // More is waiting: a second worker takes it if this one's continuation blocks.
                QueueWorkItem();
            }

            // The thread pool gives each work item the thread's default context; each continuation here gets it too, so
            // one that leaves an AsyncLocal set does not pass it on to the next connection's.
            ExecutionContext? start = ExecutionContext.Capture();
            do
            {
                next.Action(next.State);
                if (start is not null && ExecutionContext.Capture() != start)
                {
                    ExecutionContext.Restore(start);
                }
            }
            while (_work.TryDequeue(out next));
        }

        private void QueueWorkItem()
        {
            if (Interlocked.Exchange(ref _queued, 1) == 0)
            {
                System.Threading.ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
            }
        }
    }
}
