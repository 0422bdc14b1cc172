using System;
using System.Diagnostics;
using System.Threading;

namespace Uring;

// What an idle loop does before it blocks in the kernel: an adaptive, bounded spin (EventLoopOptions.MaxIdleSpin).
//
// A loop that blocks in io_uring_enter is woken by whoever completes its request, and on a virtual machine that wake-up
// (an IPI to a halted vCPU, a context switch) costs the waker and the sleeper tens of microseconds of CPU and the request
// its latency: a ping-pong over one connection ran at a third of System.Net.Sockets' rate, whose thread-pool workers spin
// before they sleep. A loop that keeps polling for a short while is not asleep, so the kernel only queues the
// completion's task work and raises IORING_SQ_TASKRUN, which the poll sees without a system call.
//
// Spinning pays only when the next completion or post arrives within the spin, so the window adapts the way the
// kernel's haltpoll governor does for idle vCPUs: a sleep that a longer window would have avoided doubles it (up to the
// ceiling), a sleep longer than the ceiling halves it (down to none). An idle loop therefore stops spinning after a few
// long sleeps and burns no CPU. A spin that loses its core to another thread (the scheduler preempted it: the core is
// wanted, often by the very peer the loop waits for) ends at once, and the loop does not spin again for a while.
public sealed partial class EventLoop
{
    /// <summary>Pause iterations between two polls (<see cref="Thread.SpinWait"/>, a fraction of a microsecond).</summary>
    private const int PauseBetweenPolls = 8;

    /// <summary>
    /// A gap between two polls longer than this means the scheduler gave the core to another thread meanwhile (a poll
    /// takes well under a microsecond).
    /// </summary>
    private static readonly TimeSpan PreemptionGap = TimeSpan.FromMicroseconds(20);

    /// <summary>Sleeps during which the window stays shut after a spin was preempted.</summary>
    private const int SleepsAfterPreemption = 32;

    // The window's ceiling, first value after growing from none, and current value, in Stopwatch ticks (loop thread).
    private long _maxSpinTicks;
    private long _spinStartTicks;
    private long _spinTicks;
    private long _preemptionTicks;
    private int _growthHold;

    /// <summary>The current spin window (tests: it adapts).</summary>
    internal TimeSpan CurrentIdleSpin => Stopwatch.GetElapsedTime(0, Volatile.Read(ref _spinTicks));

    private void InitializeIdleSpin()
    {
        _maxSpinTicks = (long)(_options.MaxIdleSpin.TotalSeconds * Stopwatch.Frequency);
        _spinStartTicks = _maxSpinTicks / 4;
        _spinTicks = 0;
        _preemptionTicks = (long)(PreemptionGap.TotalSeconds * Stopwatch.Frequency);
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
        bool preempted = false;
        if (_spinTicks > 0)
        {
            // Submits what is prepared (the one system call of a spin) and takes what completed meanwhile.
            int reaped = _ring.Reap(batch);
            if (reaped > 0)
            {
                return reaped;
            }

            bool found = SpinUntilWork(batch, start, start + _spinTicks, out reaped, out preempted);
            if (preempted)
            {
                Volatile.Write(ref _spinTicks, 0);
                _growthHold = SleepsAfterPreemption;
            }

            if (found)
            {
                return reaped;
            }
        }

        int slept = SleepAndReap(batch);
        if (!preempted)
        {
            AdaptSpin(Stopwatch.GetTimestamp() - start);
        }

        return slept;
    }

    /// <summary>
    /// Polls the CQ (and the SQ's task-run flag: <see cref="Ring.Reap(Span{CqeView})"/> enters the kernel only when it
    /// is set) and the work queue until one has something or <paramref name="deadline"/> passes. Gives up at once when
    /// the core was taken from the spin (<paramref name="preempted"/>: a poll came long after the one before).
    /// </summary>
    /// <returns>True when work turned up (<paramref name="reaped"/> completions, or queued work when 0).</returns>
    private bool SpinUntilWork(CqeView[] batch, long start, long deadline, out int reaped, out bool preempted)
    {
        preempted = false;
        long last = start;
        while (true)
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

            long now = Stopwatch.GetTimestamp();
            if (now - last > _preemptionTicks)
            {
                preempted = true;
                return false;
            }

            if (now >= deadline)
            {
                return false;
            }

            last = now;
            Thread.SpinWait(PauseBetweenPolls);
        }
    }

    /// <summary>After a sleep: grow the window when a longer spin would have avoided it, shrink it when no spin would have.</summary>
    private void AdaptSpin(long idleTicks)
    {
        long window = _spinTicks;
        if (idleTicks > _maxSpinTicks)
        {
            window /= 2;
            if (window < _spinStartTicks)
            {
                window = 0;
            }
        }
        else if (_growthHold > 0)
        {
            _growthHold--;
        }
        else
        {
            window = window == 0 ? _spinStartTicks : Math.Min(window * 2, _maxSpinTicks);
        }

        Volatile.Write(ref _spinTicks, window);
    }
}
