using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Uring;

/// <summary>
/// Several <see cref="EventLoop"/>s, by default one per processor, handed out round-robin by <see cref="Next"/>.
/// Disposing the group shuts every loop down.
/// </summary>
/// <remarks>
/// Work posted from one loop's thread to another loop wakes that loop with an <c>IORING_OP_MSG_RING</c> message from the
/// poster's ring (<see cref="EventLoopStatistics.WakeUpsByMessage"/>); a descriptor (an accepted connection) moves from
/// one loop to another through the rings alone with <see cref="TryHandOff"/>.
/// </remarks>
public sealed class EventLoopGroup : IAsyncDisposable, IDisposable
{
    private readonly EventLoop[] _loops;
    private volatile Action<EventLoop, int>? _handOffReceived;
    private int _next = -1;

    /// <summary>Starts <paramref name="loopCount"/> loops (0: one per processor, <see cref="Environment.ProcessorCount"/>).</summary>
    /// <param name="loopCount">How many loops; 0 for one per processor.</param>
    /// <param name="options">The options of every loop (defaults when null).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="loopCount"/> is negative, or an option is out of range.</exception>
    /// <exception cref="UringException">The kernel refused a ring; the loops started before it are shut down.</exception>
    public EventLoopGroup(int loopCount = 0, EventLoopOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(loopCount);
        int count = loopCount == 0 ? Environment.ProcessorCount : loopCount;
        _loops = new EventLoop[count];
        try
        {
            for (int i = 0; i < count; i++)
            {
                _loops[i] = new EventLoop(options) { Group = this };
            }

            // Each loop registers the file table hand-offs travel through, on its own thread, before anyone can hand off.
            Task[] enabled = new Task[count];
            for (int i = 0; i < count; i++)
            {
                enabled[i] = _loops[i].EnableHandOffsAsync();
            }

            Task.WaitAll(enabled);
        }
        catch
        {
            foreach (EventLoop? loop in _loops)
            {
                loop?.Dispose();
            }

            throw;
        }
    }

    /// <summary>The loops, in the order <see cref="Next"/> hands them out.</summary>
    public IReadOnlyList<EventLoop> Loops => _loops;

    /// <summary>How many loops the group has.</summary>
    public int Count => _loops.Length;

    /// <summary>
    /// What runs on a loop for each descriptor another loop of the group handed to it with <see cref="TryHandOff"/>:
    /// called on that loop's thread with the loop and the descriptor, which the handler owns from then on (adopt it
    /// with <see cref="EventLoop.AdoptConnection(int)"/>, wrap it in a <see cref="System.Net.Sockets.Socket"/>, or close
    /// it). Set it before the first hand-off; while it is null, descriptors that arrive are closed. An exception it
    /// throws goes to <see cref="EventLoopOptions.UnhandledException"/>.
    /// </summary>
    public Action<EventLoop, int>? HandOffReceived
    {
        get => _handOffReceived;
        set => _handOffReceived = value;
    }

    /// <summary>
    /// Moves <paramref name="fd"/> (an accepted connection, say) from the calling loop to <paramref name="target"/>
    /// without a post: the calling loop puts it into its ring's file table and sends it with <c>IORING_OP_MSG_RING</c>
    /// (<c>IORING_MSG_SEND_FD</c>) into a free slot of the target ring's table; the target installs it as a normal
    /// descriptor (<c>IORING_OP_FIXED_FD_INSTALL</c>), frees the slot and calls <see cref="HandOffReceived"/>. The
    /// requests go out with the calling loop's next submission, and the calling loop closes its own descriptor once the
    /// send completed. Nothing here allocates.
    /// </summary>
    /// <remarks>
    /// On true the group owns <paramref name="fd"/>: it reaches the handler on <paramref name="target"/>, or, when the send
    /// fails (the target's table full), it is posted there instead; when the target shuts down before it arrives, it is
    /// closed (the peer sees the connection end). <see cref="EventLoopStatistics.HandOffsSent"/>,
    /// <see cref="EventLoopStatistics.HandOffsReceived"/> and <see cref="EventLoopStatistics.HandOffsClosed"/> count the
    /// outcomes, and <see cref="EventLoopStatistics.OwnedFileDescriptors"/> the descriptors on their way.
    /// </remarks>
    /// <param name="fd">A descriptor the caller owns (on true, no longer).</param>
    /// <param name="target">Another loop of this group.</param>
    /// <returns>
    /// True when the hand-off started. False when it cannot start now, and the caller still owns <paramref name="fd"/>
    /// (post it, or close it): the calling loop has all its hand-offs in flight or its SQ full, either loop is shutting
    /// down, or the kernel refused the file tables hand-offs need.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fd"/> is negative.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="target"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="target"/> is not a loop of this group, or is the calling loop.</exception>
    /// <exception cref="InvalidOperationException">The caller does not run on the thread of one of the group's loops.</exception>
    public bool TryHandOff(int fd, EventLoop target)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fd);
        ArgumentNullException.ThrowIfNull(target);
        if (target.Group != this)
        {
            throw new ArgumentException("The target is not a loop of this group.", nameof(target));
        }

        EventLoop? source = EventLoop.Current;
        if (source is null || source.Group != this)
        {
            throw new InvalidOperationException(
                "TryHandOff runs on the thread of one of the group's loops (the one that owns the descriptor, say the accepting loop): "
                + "it submits on that loop's ring. Call it from code running on the loop, or post the descriptor instead.");
        }

        if (source == target)
        {
            throw new ArgumentException("The target is the calling loop: the descriptor is already there.", nameof(target));
        }

        return source.TryBeginHandOff(fd, target);
    }

    /// <summary>The loop after the one handed out last (round-robin); any thread.</summary>
    /// <returns>A loop of the group.</returns>
    public EventLoop Next()
    {
        uint turn = (uint)Interlocked.Increment(ref _next);
        return _loops[turn % (uint)_loops.Length];
    }

    /// <summary>Shuts every loop down and waits until all have (see <see cref="EventLoop.Dispose"/>).</summary>
    public void Dispose()
    {
        foreach (EventLoop loop in _loops)
        {
            _ = loop.DisposeAsync();
        }

        foreach (EventLoop loop in _loops)
        {
            loop.Dispose();
        }
    }

    /// <summary>Shuts every loop down; the task completes when all have.</summary>
    /// <returns>A task for the shutdown of every loop.</returns>
    public ValueTask DisposeAsync()
    {
        Task[] all = new Task[_loops.Length];
        for (int i = 0; i < _loops.Length; i++)
        {
            all[i] = _loops[i].DisposeAsync().AsTask();
        }

        return new ValueTask(Task.WhenAll(all));
    }
}
