using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Uring;

/// <summary>
/// Several <see cref="EventLoop"/>s, by default one per processor, handed out round-robin by <see cref="Next"/>.
/// Disposing the group shuts every loop down.
/// </summary>
public sealed class EventLoopGroup : IAsyncDisposable, IDisposable
{
    private readonly EventLoop[] _loops;
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
                _loops[i] = new EventLoop(options);
            }
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
