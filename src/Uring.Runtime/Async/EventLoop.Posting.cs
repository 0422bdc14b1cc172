using System;
using System.Threading;
using System.Threading.Tasks;

namespace Uring;

// Handing work to the loop from any thread: Post/TryPost, RunAsync, SwitchTo.
public sealed partial class EventLoop
{
    /// <summary>
    /// Runs <paramref name="callback"/>(<paramref name="state"/>) on the loop thread, after the work queued before it.
    /// Work posted by one thread runs in the order it was posted. From another thread this waits while the loop's
    /// bounded queue is full (backpressure); on the loop thread it never waits. The callback runs without the
    /// caller's <see cref="ExecutionContext"/>, as <see cref="System.Threading.SynchronizationContext.Post"/> does; an
    /// exception it throws goes to <see cref="EventLoopOptions.UnhandledException"/>.
    /// </summary>
    /// <param name="callback">The work.</param>
    /// <param name="state">Its argument.</param>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The loop is shutting down or shut down.</exception>
    public void Post([RunsOnIssuerThread] Action<object?> callback, object? state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (!Enqueue(new LoopWork(callback, state), refuseWhenStopping: true))
        {
            throw AsyncErrors.LoopDisposed();
        }
    }

    /// <summary>Runs <paramref name="callback"/> on the loop thread; see <see cref="Post(Action{object?}, object?)"/>.</summary>
    /// <param name="callback">The work.</param>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The loop is shutting down or shut down.</exception>
    public void Post([RunsOnIssuerThread] Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (!Enqueue(new LoopWork(callback, null), refuseWhenStopping: true))
        {
            throw AsyncErrors.LoopDisposed();
        }
    }

    /// <summary>
    /// Runs <paramref name="callback"/>(<paramref name="state"/>) on the loop thread without boxing the state (the
    /// pair travels in a pooled item); see <see cref="Post(Action{object?}, object?)"/>. With an implicitly typed
    /// lambda the compiler cannot choose between this and the <c>object</c> overload: give the lambda's parameter
    /// its type (<c>(MyState s) =&gt; ...</c>).
    /// </summary>
    /// <typeparam name="TState">The state's type.</typeparam>
    /// <param name="callback">The work.</param>
    /// <param name="state">Its argument.</param>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The loop is shutting down or shut down.</exception>
    public void Post<TState>([RunsOnIssuerThread] Action<TState> callback, TState state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        StateWork<TState> item = StateWork<TState>.Rent(callback, state);
        if (!Enqueue(new LoopWork(item, null), refuseWhenStopping: true))
        {
            item.Discard();
            throw AsyncErrors.LoopDisposed();
        }
    }

    /// <summary>
    /// <see cref="Post(Action{object?}, object?)"/> without waiting: false when the bounded queue is full or the loop
    /// is shutting down.
    /// </summary>
    /// <param name="callback">The work.</param>
    /// <param name="state">Its argument.</param>
    /// <returns>True when the work was queued.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    public bool TryPost([RunsOnIssuerThread] Action<object?> callback, object? state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return TryEnqueueNoWait(new LoopWork(callback, state));
    }

    /// <summary><see cref="Post{TState}(Action{TState}, TState)"/> without waiting: false when the queue is full or the loop is shutting down.</summary>
    /// <typeparam name="TState">The state's type.</typeparam>
    /// <param name="callback">The work.</param>
    /// <param name="state">Its argument.</param>
    /// <returns>True when the work was queued.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    public bool TryPost<TState>([RunsOnIssuerThread] Action<TState> callback, TState state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        StateWork<TState> item = StateWork<TState>.Rent(callback, state);
        if (TryEnqueueNoWait(new LoopWork(item, null)))
        {
            return true;
        }

        item.Discard();
        return false;
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the loop thread and returns a task for its whole run: every await in it
    /// resumes on the loop. The returned task runs its own continuations on the thread pool, never inline on the
    /// loop thread. It faults with <see cref="ObjectDisposedException"/> when the loop is shutting down.
    /// </summary>
    /// <param name="work">The async work.</param>
    /// <returns>A task that completes when the task <paramref name="work"/> returned completes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="work"/> is null.</exception>
    public Task RunAsync([RunsOnIssuerThread] Func<Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (_stopRequested)
        {
            return Task.FromException(AsyncErrors.LoopDisposed());
        }

        TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.DenyChildAttach, Scheduler).Unwrap()
            .ContinueWith(static (task, state) => ((TaskCompletionSource)state!).SetFromTask(task), done, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return done.Task;
    }

    /// <summary>Runs <paramref name="work"/> on the loop thread; see <see cref="RunAsync(Func{Task})"/>.</summary>
    /// <typeparam name="TResult">The result's type.</typeparam>
    /// <param name="work">The async work.</param>
    /// <returns>A task with the result of the task <paramref name="work"/> returned.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="work"/> is null.</exception>
    public Task<TResult> RunAsync<TResult>([RunsOnIssuerThread] Func<Task<TResult>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (_stopRequested)
        {
            return Task.FromException<TResult>(AsyncErrors.LoopDisposed());
        }

        TaskCompletionSource<TResult> done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.DenyChildAttach, Scheduler).Unwrap()
            .ContinueWith(static (task, state) => ((TaskCompletionSource<TResult>)state!).SetFromTask(task), done, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return done.Task;
    }

    /// <summary>
    /// An awaitable that moves the awaiting method onto the loop thread (it continues at once when already there).
    /// Awaiting it on a loop that has shut down throws <see cref="ObjectDisposedException"/>, on a thread-pool thread.
    /// </summary>
    /// <returns>The awaitable.</returns>
    public EventLoopSwitchAwaitable SwitchTo() => new(this);

    /// <summary>Queues a continuation (the context, the scheduler, <see cref="SwitchTo"/>); false once the loop no longer runs work.</summary>
    internal bool EnqueueContinuation(object callback, object? state)
        => Enqueue(new LoopWork(callback, state), refuseWhenStopping: false);

    /// <summary>Work with a typed state, pooled per state type so posting allocates nothing in steady state.</summary>
    private sealed class StateWork<TState> : LoopWorkItem
    {
        private const int PoolLimit = 64;
        private static readonly Lock s_lock = new();
        private static readonly StateWork<TState>?[] s_pool = new StateWork<TState>?[PoolLimit];
        private static int s_pooled;

        private Action<TState>? _callback;
        private TState _state = default!;

        public static StateWork<TState> Rent(Action<TState> callback, TState state)
        {
            StateWork<TState>? item = null;
            lock (s_lock)
            {
                if (s_pooled > 0)
                {
                    item = s_pool[--s_pooled];
                    s_pool[s_pooled] = null;
                }
            }

            item ??= new StateWork<TState>();
            item._callback = callback;
            item._state = state;
            return item;
        }

        /// <summary>Back to the pool without running (the post was refused).</summary>
        public void Discard()
        {
            _callback = null;
            _state = default!;
            lock (s_lock)
            {
                if (s_pooled < PoolLimit)
                {
                    s_pool[s_pooled++] = this;
                }
            }
        }

        internal override void Run(EventLoop loop, object? state, ulong tag)
        {
            Action<TState> callback = _callback!;
            TState value = _state;
            Discard();
            callback(value);
        }
    }
}
