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
// Spinning pays only when the next completion or post arrives within the spin, so the window adapts, as the kernel's
// haltpoll governor does for idle vCPUs, to how long the loop stayed idle:
// - An idle period within the ceiling (a longer window would have avoided the sleep) doubles the window, up to the
//   ceiling.
// - An idle period longer than IdleSpinPolicy.LongIdleFactor ceilings, or a wait that ran to MaxIdleWait, halves it,
//   down to none. An idle loop therefore stops spinning after a few sleeps and burns no CPU.
// - An idle period in between leaves the window as it is, unless IdleSpinPolicy.AmbiguousMissesToShrink of them come in
//   a row. A sleeping loop's idle period also holds its own wake-up, and the peer's (which the loop's sleep then makes
//   slow too: on this 2-core VM both are woken from halted vCPUs), so with the plain "longer than the ceiling halves it"
//   rule a one-connection ping-pong whose spin missed once kept measuring periods of 100-300 µs against a 100 µs
//   ceiling, shut the window and stayed trapped: 3,500-7,000 requests/s against 16,000-28,000 while spinning, in runs of
//   the same build.
// - A spin that loses its core (the scheduler preempted it: a poll came long after the one before) ends at once and
//   shuts the window for a hold of sleeps: 4 (IdleSpinPolicy.MinHoldAfterPreemption) when the last preemption was long
//   ago, twice the last hold, up to 64, when it was recent. The scheduler puts a woken peer on the waker's core, so a
//   ping-pong's loop is preempted by its own peer now and then (150-800 times a second here), which is no reason to stop
//   spinning for long; the 32-sleep hold this replaced shut the spin for a quarter of the idle periods at 1 connection.
//   Preemptions that keep coming mean the cores are wanted elsewhere, and the hold grows.
// - A shut window is probed: every IdleSpinPolicy.ProbeInterval sleeps the loop spins once for the whole ceiling, and
//   reopens the window when that spin catches work. An idle loop pays one ceiling's spin per ProbeInterval sleeps
//   (100 µs per 32 s with the defaults).
//
// Between two polls the spin yields its core (sched_yield), where it used to pause for a fraction of a microsecond. A
// thread waiting for that core (the loop's own peer on a machine they share, a load client, the application's
// thread-pool workers) then runs at once, not after the spin or a preemption; with nothing else runnable the yield
// returns at once and the spin goes on. If the yield did hand the core over for long, the next poll comes late and counts
// as a preemption, as it should: the core is wanted. Against the C load client on the 2-core VM, interleaved, 5 rounds
// (bench/results/2026-12-04/async-echo-spin-yield.txt): 16 connections 150k requests/s at 4.3-5.4 µs of server CPU each
// against 118k at 6.3-11 µs with the pause, 1 connection the same (45k against 42k).
public sealed partial class EventLoop
{
    /// <summary>
    /// A gap between two polls longer than this means the scheduler gave the core to another thread meanwhile (a poll
    /// takes well under a microsecond).
    /// </summary>
    private static readonly TimeSpan PreemptionGap = TimeSpan.FromMicroseconds(20);

    private IdleSpinPolicy _spin;
    private long _spinWindowSnapshot;
    private long _preemptionTicks;

    // Counters (loop thread writes, any thread reads): spins that found work, blocking waits, spins cut by preemption.
    private long _idleSpinHits;
    private long _idleSleeps;
    private long _idleSpinsPreempted;

    /// <summary>The current spin window (tests: it adapts).</summary>
    internal TimeSpan CurrentIdleSpin => Stopwatch.GetElapsedTime(0, Volatile.Read(ref _spinWindowSnapshot));

    private void InitializeIdleSpin()
    {
        _spin = new IdleSpinPolicy((long)(_options.MaxIdleSpin.TotalSeconds * Stopwatch.Frequency));
        _preemptionTicks = (long)(PreemptionGap.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>
    /// Nothing to run: reap what has completed; if nothing has, spin within the current window (or probe a shut one),
    /// then wait in the kernel. Adapts the window to how long the loop stayed idle.
    /// </summary>
    private int IdleAndReap(CqeView[] batch)
    {
        if (!_spin.Enabled || _shuttingDown)
        {
            return CountedSleep(batch);
        }

        long start = Stopwatch.GetTimestamp();
        long window = _spin.Begin(out bool probing);
        bool preempted = false;
        if (window > 0)
        {
            // Submits what is prepared (the one system call of a spin) and takes what completed meanwhile.
            int reaped = _ring.Reap(batch);
            if (reaped > 0)
            {
                return reaped;
            }

            bool found = SpinUntilWork(batch, start, start + window, out reaped, out preempted);
            if (preempted)
            {
                _spin.Preempted();
                Volatile.Write(ref _idleSpinsPreempted, _idleSpinsPreempted + 1);
            }

            if (found)
            {
                _spin.Found(probing);
                Volatile.Write(ref _spinWindowSnapshot, _spin.Window);
                Volatile.Write(ref _idleSpinHits, _idleSpinHits + 1);
                return reaped;
            }
        }

        int slept = CountedSleep(batch);
        if (!preempted)
        {
            // A wait that ended with nothing reaped and nothing posted ran to MaxIdleWait (a post's eventfd wake-up is a
            // completion; a post seen before the wait leaves work queued): the loop is idle, however short MaxIdleWait is.
            bool timedOut = slept == 0 && _queue.IsEmpty && !_stopRequested;
            _spin.Slept(Stopwatch.GetTimestamp() - start, timedOut);
        }

        Volatile.Write(ref _spinWindowSnapshot, _spin.Window);
        return slept;
    }

    private int CountedSleep(CqeView[] batch)
    {
        Volatile.Write(ref _idleSleeps, _idleSleeps + 1);
        return SleepAndReap(batch);
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
            Thread.Yield();
        }
    }
}
