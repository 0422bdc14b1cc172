using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Uring.Interop;

namespace Uring;

/// <summary>
/// One <see cref="Ring"/> driven by one dedicated thread, with awaitable operations on it: the event loop of
/// Uring's async layer.
/// </summary>
/// <remarks>
/// <para>The loop thread runs queued work, submits, waits for completions with a bounded blocking wait and
/// completes each operation inline, on the loop thread. It installs a <see cref="System.Threading.SynchronizationContext"/>
/// (<see cref="SynchronizationContext"/>) and offers a <see cref="TaskScheduler"/> (<see cref="Scheduler"/>), so an
/// <c>await</c> in code running on the loop resumes on the loop thread, and <see cref="SwitchTo"/> moves an async
/// method onto it. No other thread touches the ring: other threads hand work over through a bounded queue
/// (<see cref="Post(Action{object?}, object?)"/>), and the loop sleeps in the kernel with a read of an eventfd in
/// flight, so a post wakes it through the ring itself (the poster writes the eventfd only when the loop sleeps or
/// is about to; a poster running on another loop's thread sends an <c>IORING_OP_MSG_RING</c> message from its own ring
/// instead, see <see cref="EventLoopStatistics.WakeUpsByMessage"/>).</para>
/// <para><b>Buffers.</b> A <see cref="Memory{T}"/> given to an operation is pinned (<see cref="Memory{T}.Pin"/>) from
/// before the request is submitted until its completion arrives, and the operation's <see cref="ValueTask"/>
/// completes only after that completion, also when it was cancelled or the loop shut down. So the kernel never
/// writes into memory the GC moved or freed: keep the buffer's contents alone until the await returns, and the
/// rest is safe by construction.</para>
/// <para><b>Errors</b> surface when the operation is awaited: file operations throw <see cref="System.IO.IOException"/>
/// (the errno in <see cref="Exception.HResult"/> and the message; <see cref="System.IO.FileNotFoundException"/> and
/// <see cref="UnauthorizedAccessException"/> where .NET uses them), socket operations
/// <see cref="System.Net.Sockets.SocketException"/> with the matching <see cref="System.Net.Sockets.SocketError"/>.
/// A cancelled operation throws <see cref="OperationCanceledException"/>; one that missed its deadline throws
/// <see cref="TimeoutException"/> (sockets: <see cref="System.Net.Sockets.SocketError.TimedOut"/>); one cut short by
/// the loop's shutdown, or started after it, throws <see cref="ObjectDisposedException"/>.</para>
/// <para><b>Allocation.</b> An operation awaited on the loop allocates nothing in steady state: its source is pooled
/// and its continuation runs inline from the completion. An await elsewhere resumes on the thread pool.</para>
/// <para><b>Shutdown</b> (<see cref="DisposeAsync"/>, <see cref="Dispose"/>) refuses new work, runs what was queued,
/// cancels everything in flight (<c>ASYNC_CANCEL</c> of any request) and waits for every completion, then closes
/// what the loop owns and unmaps the ring; <see cref="GetStatistics"/> shows nothing left.</para>
/// <para><b>Never block the loop thread</b> (<c>.Result</c>, <c>Wait()</c>, a lock held across an await): it is the
/// thread that completes everything the loop runs.</para>
/// </remarks>
[ResumesOnIssuerThread]
public sealed partial class EventLoop : IAsyncDisposable, IDisposable
{
    [ThreadStatic]
    private static EventLoop? t_current;

    private static int s_loopCount;

    private readonly EventLoopOptions _options;
    private readonly Ring _ring;
    private readonly Thread _thread;
    private readonly BoundedWorkQueue _queue;
    private readonly Queue<LoopWork> _local = new();
    private readonly AsyncOperationPool _pool;
    private readonly EventFdHandle _wakeFd;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CqeView[] _batch;
    private ExceptionDispatchInfo? _startFailure;
    private ManualResetEventSlim? _startSignal;
    private int _threadId;

    // Set by any thread (Dispose); read by the loop and by operation starts.
    private volatile bool _stopRequested;

    // 1 while the loop sleeps in the kernel, or is about to; a poster that swaps it to 0 writes the eventfd.
    private int _sleeping;

    // 1 while the loop thread runs its loop.
    private int _running;

    /// <summary>
    /// Starts a loop: sets up its ring (<see cref="RingOptions.NotifySucceed"/> on, so every request completes),
    /// creates its wake-up eventfd and starts its thread, which owns the ring. Returns once the loop runs.
    /// </summary>
    /// <param name="options">The options (defaults when null).</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="UringException">The kernel refused the ring or the eventfd; the message says why.</exception>
    public EventLoop(EventLoopOptions? options = null)
    {
        _options = options ?? new EventLoopOptions();
        _options.Validate();
        _queue = new BoundedWorkQueue(_options.WorkQueueCapacity);
        _batch = new CqeView[_options.CompletionBatchSize];
        _pool = new AsyncOperationPool(this);
        InitializeIdleSpin();
        SynchronizationContext = new EventLoopSynchronizationContext(this);
        Scheduler = new EventLoopTaskScheduler(this);
        int number = Interlocked.Increment(ref s_loopCount);

        _ring = new Ring(new RingOptions { Entries = _options.Entries, NotifySucceed = true });
        try
        {
            int fd = Syscalls.EventFd(0, Syscalls.EventFdCloseOnExec);
            if (fd < 0)
            {
                throw UringException.ForSyscall("eventfd", (Errno)(-fd));
            }

            _wakeFd = new EventFdHandle(fd);
            _ownedFds = 1;
        }
        catch
        {
            _ring.Dispose();
            throw;
        }

        using ManualResetEventSlim started = new();
        _startSignal = started;
        _thread = new Thread(static state => ((EventLoop)state!).ThreadMain())
        {
            IsBackground = true,
            Name = _options.ThreadName ?? $"Uring event loop {number}",
        };
        _thread.Start(this);
        started.Wait();
        _startSignal = null;
        _startFailure?.Throw();
    }

    /// <summary>The loop whose thread is running the caller, or null.</summary>
    public static EventLoop? Current => t_current;

    /// <summary>True when the caller runs on this loop's thread.</summary>
    public bool IsOnLoopThread => Environment.CurrentManagedThreadId == _threadId;

    /// <summary>The managed thread id of the loop thread (0 once the loop has shut down).</summary>
    public int ManagedThreadId => _threadId;

    /// <summary>
    /// The context the loop thread runs under: <c>Post</c> queues to the loop, <c>Send</c> runs on it and waits. Once
    /// the loop's shutdown has closed its queue, work posted from other threads goes to the thread pool instead, so late
    /// continuations still run (and find the loop's operations refused).
    /// </summary>
    public SynchronizationContext SynchronizationContext { get; }

    /// <summary>
    /// A scheduler that runs tasks on the loop thread (one at a time, in order), for
    /// <see cref="TaskFactory.StartNew(Action, CancellationToken, TaskCreationOptions, TaskScheduler)"/> and
    /// <see cref="Task.ContinueWith(Action{Task}, TaskScheduler)"/>. After shutdown it runs them on the thread pool.
    /// </summary>
    [RunsOnIssuerThread]
    public TaskScheduler Scheduler { get; }

    /// <summary>True once <see cref="Dispose"/> or <see cref="DisposeAsync"/> was called.</summary>
    public bool IsShutdownRequested => _stopRequested;

    /// <summary>A task that completes when the loop has shut down and released everything.</summary>
    public Task Completion => _stopped.Task;

    /// <summary>The ring's fd (for tests that post completions to it with <c>MSG_RING</c>).</summary>
    internal int RingFd => _ring.RingFd;

    /// <summary>The raw <c>user_data</c> (mode bits included) of the operation submitted last (for tests of late completions).</summary>
    internal ulong LastSubmittedUserData => Volatile.Read(ref _lastSubmittedUserData);

    /// <summary>A snapshot of the loop's counters; any thread.</summary>
    public EventLoopStatistics GetStatistics() => new()
    {
        OperationsInFlight = Volatile.Read(ref _operationsInFlight) + Volatile.Read(ref _multishotsInFlight),
        InternalRequestsInFlight = Volatile.Read(ref _cancelsInFlight) + Volatile.Read(ref _linkTimeoutsInFlight)
            + Volatile.Read(ref _cancelAllsInFlight) + (Volatile.Read(ref _wakeArmed) ? 1 : 0)
            + Volatile.Read(ref _wakeMessagesInFlight) + Volatile.Read(ref _handOffSendsInFlight) + Volatile.Read(ref _handOffInstallsInFlight),
        OperationsWaitingForSubmission = Volatile.Read(ref _deferredCount),
        SourcesCreated = _pool.Created,
        SourcesPooled = _pool.Free,
        OwnedFileDescriptors = Volatile.Read(ref _ownedFds),
        NativeBytes = Volatile.Read(ref _nativeBytes),
        ProvidedBuffersLent = ProvidedBuffersLent,
        QueuedWorkItems = _queue.Count + Volatile.Read(ref _localCount),
        StaleCompletionsDropped = Volatile.Read(ref _staleDropped),
        ForeignCompletionsDropped = Volatile.Read(ref _foreignDropped),
        WakeUpsByMessage = Volatile.Read(ref _wakeUpsByMessage),
        WakeUpsByEventFd = Volatile.Read(ref _wakeUpsByEventFd),
        HandOffsSent = Volatile.Read(ref _handOffsSent),
        HandOffsReceived = Volatile.Read(ref _handOffsReceived),
        HandOffsClosed = Volatile.Read(ref _handOffsClosed),
        IdleSpinHits = Volatile.Read(ref _idleSpinHits),
        IdleSleeps = Volatile.Read(ref _idleSleeps),
        IdleSpinsPreempted = Volatile.Read(ref _idleSpinsPreempted),
        IsRunning = Volatile.Read(ref _running) != 0,
    };

    /// <summary>
    /// Shuts the loop down (see the class remarks) and returns when it has: every operation completed, every
    /// fd it owns closed, the ring unmapped, the thread ended. Called on the loop thread itself, it only asks for
    /// the shutdown (a thread cannot wait for its own end); await <see cref="Completion"/> elsewhere.
    /// </summary>
    public void Dispose()
    {
        RequestStop();
        if (_thread.ManagedThreadId != Environment.CurrentManagedThreadId)
        {
            _thread.Join();
        }
    }

    /// <summary>Shuts the loop down (see the class remarks); the task completes when it has.</summary>
    public ValueTask DisposeAsync()
    {
        RequestStop();
        return new ValueTask(_stopped.Task);
    }

    /// <summary>Refuses new operations and posts from now on, and wakes the loop to shut down.</summary>
    private void RequestStop()
    {
        _stopRequested = true;
        Interlocked.MemoryBarrier();
        Wake();
    }

    /// <summary>
    /// Wakes the loop if it sleeps (or is about to), by whoever swaps the flag: a message from the poster's ring when the
    /// poster is another loop (EventLoop.Messages.cs), an eventfd write otherwise.
    /// </summary>
    private void Wake()
    {
        if (Volatile.Read(ref _sleeping) != 0 && Interlocked.Exchange(ref _sleeping, 0) != 0 && !TryWakeFromLoop())
        {
            _wakeFd.Signal();
        }
    }

    /// <summary>The eventfd as a SafeHandle, so a poster's write can never hit a closed (and reused) number.</summary>
    private sealed class EventFdHandle : SafeHandle
    {
        public EventFdHandle(int fd)
            : base(-1, ownsHandle: true) => SetHandle(fd);

        public override bool IsInvalid => handle == -1;

        /// <summary>Adds 1 to the counter; does nothing once the handle was closed.</summary>
        public void Signal()
        {
            bool added = false;
            try
            {
                DangerousAddRef(ref added);
                Syscalls.EventFdWrite((int)handle, 1);
            }
            catch (ObjectDisposedException)
            {
                // The loop has shut down: nobody is left to wake.
            }
            finally
            {
                if (added)
                {
                    DangerousRelease();
                }
            }
        }

        protected override bool ReleaseHandle() => Syscalls.Close((int)handle) == 0;
    }
}
