using System;

namespace Uring;

/// <summary>
/// How long an idle <see cref="EventLoop"/> spins before it blocks in the kernel: the window, in Stopwatch ticks, and
/// the rules that adapt it to how long the loop stays idle (the notes at the top of EventLoop.Idle.cs say why each rule
/// is as it is). Only the loop thread uses it; it reads no clock, so each rule is testable with plain numbers.
/// </summary>
internal struct IdleSpinPolicy
{
    /// <summary>Idle periods longer than this many ceilings shrink the window (shorter ones leave it, or grow it).</summary>
    internal const int LongIdleFactor = 8;

    /// <summary>Sleeps with a shut window between two probes (one spin of the whole ceiling).</summary>
    internal const int ProbeInterval = 32;

    /// <summary>
    /// Sleeps after a preempted spin during which the window stays shut (no growth, no probe): the first time, and again
    /// whenever the spin went unpreempted for a while since.
    /// </summary>
    internal const int MinHoldAfterPreemption = 4;

    /// <summary>The longest hold: each preemption soon after the last one doubles the hold, up to this.</summary>
    internal const int MaxHoldAfterPreemption = 64;

    /// <summary>Consecutive idle periods between the ceiling and the long threshold after which the window halves.</summary>
    internal const int AmbiguousMissesToShrink = 2;

    private readonly long _max;
    private readonly long _start;
    private long _window;
    private int _sleepsSinceProbe;
    private int _hold;
    private int _holdLength;
    private int _periodsSincePreemption;
    private int _ambiguousMisses;

    /// <param name="maxTicks">The ceiling (<see cref="EventLoopOptions.MaxIdleSpin"/>); 0 never spins.</param>
    public IdleSpinPolicy(long maxTicks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxTicks);
        _max = maxTicks;
        _start = maxTicks / 4;
        _holdLength = MinHoldAfterPreemption;
        _periodsSincePreemption = int.MaxValue;
    }

    /// <summary>False for a ceiling of 0: the loop never spins.</summary>
    public readonly bool Enabled => _max > 0;

    /// <summary>The current window (0: shut).</summary>
    public readonly long Window => _window;

    /// <summary>
    /// The spin for the idle period that begins: the window, or the whole ceiling on every
    /// <see cref="ProbeInterval"/>th idle period with a shut window (<paramref name="probing"/>); 0 for none.
    /// </summary>
    public long Begin(out bool probing)
    {
        probing = false;
        if (_periodsSincePreemption < int.MaxValue)
        {
            _periodsSincePreemption++;
        }

        if (_max == 0 || _window > 0 || _hold > 0)
        {
            return _window;
        }

        if (++_sleepsSinceProbe < ProbeInterval)
        {
            return 0;
        }

        _sleepsSinceProbe = 0;
        probing = true;
        return _max;
    }

    /// <summary>The spin found work. A probe that did reopens the window to the ceiling.</summary>
    public void Found(bool probing)
    {
        _ambiguousMisses = 0;
        if (probing)
        {
            _window = _max;
        }
    }

    /// <summary>
    /// The scheduler took the core from the spin: shut the window for a hold of sleeps, twice as long as the last one
    /// when that was recent (the cores are wanted: a spin only takes them from others), the shortest otherwise (the peer
    /// the loop waits for was put on its core, which is no reason to stop spinning for long).
    /// </summary>
    public void Preempted()
    {
        _holdLength = _periodsSincePreemption <= _holdLength * 4
            ? Math.Min(_holdLength * 2, MaxHoldAfterPreemption)
            : MinHoldAfterPreemption;
        _periodsSincePreemption = 0;
        _window = 0;
        _hold = _holdLength;
        _ambiguousMisses = 0;
    }

    /// <summary>The sleeps the window stays shut for after the last preemption (tests).</summary>
    internal readonly int HoldLength => _holdLength;

    /// <summary>
    /// The loop slept after its spin (if any) and was idle for <paramref name="idleTicks"/> in all;
    /// <paramref name="timedOut"/> when the wait ran to its end with nothing to do. Not called after a preempted spin.
    /// </summary>
    public void Slept(long idleTicks, bool timedOut)
    {
        bool held = _hold > 0;
        if (held)
        {
            _hold--;
        }

        if (timedOut || idleTicks > _max * LongIdleFactor)
        {
            _ambiguousMisses = 0;
            _window = Halved(_window);
        }
        else if (idleTicks <= _max)
        {
            _ambiguousMisses = 0;
            if (!held)
            {
                _window = _window == 0 ? _start : Math.Min(_window * 2, _max);
            }
        }
        else if (++_ambiguousMisses >= AmbiguousMissesToShrink)
        {
            // In between, the period may be mostly wake-ups: one such miss between hits leaves the window, a run of them
            // (requests that really come further apart than the ceiling) shrinks it.
            _ambiguousMisses = 0;
            _window = Halved(_window);
        }
    }

    /// <summary>Half the window, or none below the first size it grows to.</summary>
    private readonly long Halved(long window) => window / 2 < _start ? 0 : window / 2;
}
