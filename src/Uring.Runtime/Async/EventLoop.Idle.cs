using System;
using System.Diagnostics;
using System.Threading;

namespace Uring;

// What an idle loop does before it blocks in the kernel: an adaptive, bounded spin (EventLoopOptions.MaxIdleSpin).
//
// A loop that blocks in io_uring_enter is woken by whoever completes its request, and on a virtual machine that wake-up
// (an IPI to a halted vCPU, a context switch) costs the waker tens of microseconds and the request its latency: a
// ping-pong over one connection ran at a third of System.Net.Sockets' rate, whose thread-pool workers spin before they
// sleep. A loop that keeps polling for a short while is not asleep, so the kernel only queues the completion's task
// work and raises IORING_SQ_TASKRUN, which the poll sees without a system call. Spinning pays only when the next
// completion or post arrives within the spin, so the window adapts the way the kernel's haltpoll governor does for
// idle vCPUs: a sleep that a longer window would have avoided doubles it (up to the maximum), a sleep longer than the
// maximum halves it (down to none). An idle loop therefore stops spinning after a few long sleeps and burns no CPU.
// While it spins, the loop yields its core now and then, so a thread that waits for the core (often the very peer whose
// request the loop waits for, on a machine with few cores) runs instead of being starved by the spin.
public sealed partial class EventLoop
{
    /// <summary>Polls between two yields of the core while spinning.</summary>
    private const int PollsPerYield = 4;

    /// <summary>Pause iterations between two polls (<see cref="Thread.SpinWait"/>, a fraction of a microsecond).</summary>
    private const int PauseBetweenPolls = 8;

    // The window's ceiling, first value after growing from none, and current value, in Stopwatch ticks (loop thread).
    private long _maxSpinTicks;
    private long _spinStartTicks;
    private long _spinTicks;

    /// <summary>The current spin window (tests: it adapts).</summary>
    internal TimeSpan CurrentIdleSpin => Stopwatch.GetElapsedTime(0, Volatile.Read(ref _spinTicks));

    private void InitializeIdleSpin()
    {
        _maxSpinTicks = (long)(_options.MaxIdleSpin.TotalSeconds * Stopwatch.Frequency);
        _spinStartTicks = _maxSpinTicks / 4;
        _spinTicks = 0;
    }

    /// <summary>
    /// Nothing to run: reap what has completed; if nothing has, spin within the current window, then wait in the kernel.
    /// Adapts the window to how long the loop stayed idle.
    /// </summary>
    private int IdleAndReap(CqeView[] batch)
    {
        if (_maxSpinTicks == 0 || _shuttingDown)
        {
            return SleepAndReap(batch);
        }

        long start = Stopwatch.GetTimestamp();
        if (_spinTicks > 0)
        {
            // Submits what is prepared (the one system call of a spin) and takes what completed meanwhile.
            int reaped = _ring.Reap(batch);
            if (reaped > 0 || SpinUntilWork(batch, start + _spinTicks, out reaped))
            {
                return reaped;
            }
        }

        int slept = SleepAndReap(batch);
        AdaptSpin(Stopwatch.GetTimestamp() - start);
        return slept;
    }

    /// <summary>
    /// Polls the CQ (and the SQ's task-run flag: <see cref="Ring.Reap(Span{CqeView})"/> enters the kernel only when it
    /// is set) and the work queue until one has something or <paramref name="deadline"/> passes.
    /// </summary>
    /// <returns>True when work turned up (<paramref name="reaped"/> completions, or queued work when 0).</returns>
    private bool SpinUntilWork(CqeView[] batch, long deadline, out int reaped)
    {
        for (int polls = 1; ; polls++)
        {
            if (!_queue.IsEmpty || _stopRequested)
            {
                reaped = 0;
                return true;
            }

            reaped = _ring.Reap(batch);
            if (reaped > 0)
            {
                return true;
            }

            if (Stopwatch.GetTimestamp() >= deadline)
            {
                return false;
            }

            if (polls % PollsPerYield == 0)
            {
                Thread.Yield();
            }
            else
            {
                Thread.SpinWait(PauseBetweenPolls);
            }
        }
    }

    /// <summary>After a sleep: grow the window when a longer spin would have avoided it, shrink it when no spin would have.</summary>
    private void AdaptSpin(long idleTicks)
    {
        long window = _spinTicks;
        if (idleTicks <= _maxSpinTicks)
        {
            window = window == 0 ? _spinStartTicks : Math.Min(window * 2, _maxSpinTicks);
        }
        else if (window > 0)
        {
            window /= 2;
            if (window < _spinStartTicks)
            {
                window = 0;
            }
        }

        Volatile.Write(ref _spinTicks, window);
    }
}
