using Xunit;

namespace Uring.Tests.Async;

/// <summary>
/// The rules of the idle loop's spin window (<see cref="IdleSpinPolicy"/>), with plain tick counts: it grows on short
/// idle periods, shrinks on long ones and on timed-out waits, survives a lone ambiguous one in between (which holds
/// wake-ups), shuts for a hold after a preemption (longer when preemptions recur), and a shut window is probed with the
/// whole ceiling every <see cref="IdleSpinPolicy.ProbeInterval"/> sleeps.
/// </summary>
public sealed class IdleSpinPolicyTests
{
    private const long Max = 1000;

    [Fact]
    public void Short_idle_periods_open_the_window_and_grow_it_to_the_ceiling()
    {
        IdleSpinPolicy policy = new(Max);
        Assert.Equal(0, policy.Window);

        policy.Slept(Max / 2, timedOut: false);
        Assert.Equal(Max / 4, policy.Window);
        policy.Slept(Max / 2, timedOut: false);
        Assert.Equal(Max / 2, policy.Window);
        policy.Slept(Max / 2, timedOut: false);
        Assert.Equal(Max, policy.Window);
        policy.Slept(Max / 2, timedOut: false);
        Assert.Equal(Max, policy.Window);
    }

    [Fact]
    public void Long_idle_periods_and_timed_out_waits_halve_the_window_down_to_none()
    {
        IdleSpinPolicy policy = Opened();

        policy.Slept((Max * IdleSpinPolicy.LongIdleFactor) + 1, timedOut: false);
        Assert.Equal(Max / 2, policy.Window);
        policy.Slept(Max / 2, timedOut: true);
        Assert.Equal(Max / 4, policy.Window);
        policy.Slept(Max * 1000, timedOut: false);
        Assert.Equal(0, policy.Window);
    }

    [Fact]
    public void One_idle_period_between_the_ceiling_and_the_long_threshold_leaves_the_window_and_a_run_of_them_halves_it()
    {
        // A sleeping loop's idle period holds its own wake-up and its peer's: one such period between spins that found
        // work says nothing about whether a spin would have caught it, so the window stays.
        IdleSpinPolicy policy = Opened();
        for (int i = 0; i < IdleSpinPolicy.ProbeInterval * 4; i++)
        {
            policy.Slept(Max * 3, timedOut: false);
            Assert.Equal(Max, policy.Window);
            policy.Begin(out bool probing);
            policy.Found(probing);
        }

        // Requests that really come further apart than the ceiling: a run of such periods halves the window.
        for (int i = 1; i < IdleSpinPolicy.AmbiguousMissesToShrink; i++)
        {
            policy.Slept(Max * 3, timedOut: false);
            Assert.Equal(Max, policy.Window);
        }

        policy.Slept(Max * 3, timedOut: false);
        Assert.Equal(Max / 2, policy.Window);
    }

    [Fact]
    public void A_preempted_spin_shuts_the_window_for_a_hold_without_growth_or_probes()
    {
        IdleSpinPolicy policy = Opened();
        policy.Preempted();
        Assert.Equal(0, policy.Window);
        Assert.Equal(IdleSpinPolicy.MinHoldAfterPreemption, policy.HoldLength);

        for (int i = 0; i < IdleSpinPolicy.MinHoldAfterPreemption; i++)
        {
            Assert.Equal(0, policy.Begin(out bool probing));
            Assert.False(probing);
            policy.Slept(1, timedOut: false);
            Assert.Equal(0, policy.Window);
        }

        // The hold is over: a short idle period opens the window again.
        policy.Begin(out _);
        policy.Slept(1, timedOut: false);
        Assert.Equal(Max / 4, policy.Window);
    }

    [Fact]
    public void Preemptions_in_quick_succession_double_the_hold_and_a_quiet_stretch_resets_it()
    {
        IdleSpinPolicy policy = Opened();
        int expected = IdleSpinPolicy.MinHoldAfterPreemption;
        policy.Preempted();
        Assert.Equal(expected, policy.HoldLength);

        // Each preemption right after the hold ends (the cores are wanted elsewhere) doubles it, up to the ceiling.
        while (expected < IdleSpinPolicy.MaxHoldAfterPreemption)
        {
            for (int i = 0; i <= policy.HoldLength; i++)
            {
                policy.Begin(out _);
                policy.Slept(1, timedOut: false);
            }

            policy.Preempted();
            expected *= 2;
            Assert.Equal(expected, policy.HoldLength);
        }

        policy.Preempted();
        Assert.Equal(IdleSpinPolicy.MaxHoldAfterPreemption, policy.HoldLength);

        // A long stretch of idle periods without one: the next preemption holds for the shortest time again.
        for (int i = 0; i <= IdleSpinPolicy.MaxHoldAfterPreemption * 4; i++)
        {
            policy.Begin(out _);
            policy.Slept(1, timedOut: false);
        }

        policy.Preempted();
        Assert.Equal(IdleSpinPolicy.MinHoldAfterPreemption, policy.HoldLength);
    }

    [Fact]
    public void A_shut_window_is_probed_with_the_whole_ceiling_and_a_probe_that_finds_work_reopens_it()
    {
        IdleSpinPolicy policy = new(Max);
        for (int i = 1; i < IdleSpinPolicy.ProbeInterval; i++)
        {
            Assert.Equal(0, policy.Begin(out bool probing));
            Assert.False(probing);
        }

        Assert.Equal(Max, policy.Begin(out bool probe));
        Assert.True(probe);
        Assert.Equal(0, policy.Window);

        policy.Found(probe);
        Assert.Equal(Max, policy.Window);
        Assert.Equal(Max, policy.Begin(out bool again));
        Assert.False(again);
    }

    [Fact]
    public void A_probe_that_finds_nothing_leaves_the_window_shut_until_the_next_probe()
    {
        IdleSpinPolicy policy = new(Max);
        for (int round = 0; round < 3; round++)
        {
            int probes = 0;
            for (int i = 0; i < IdleSpinPolicy.ProbeInterval; i++)
            {
                long window = policy.Begin(out bool probing);
                probes += probing ? 1 : 0;
                Assert.Equal(probing ? Max : 0, window);

                // The loop then slept for long: the window stays shut.
                policy.Slept(Max * IdleSpinPolicy.LongIdleFactor * 2, timedOut: false);
                Assert.Equal(0, policy.Window);
            }

            Assert.Equal(1, probes);
        }
    }

    [Fact]
    public void A_zero_ceiling_never_spins_or_probes()
    {
        IdleSpinPolicy policy = new(0);
        Assert.False(policy.Enabled);
        for (int i = 0; i < IdleSpinPolicy.ProbeInterval * 2; i++)
        {
            Assert.Equal(0, policy.Begin(out bool probing));
            Assert.False(probing);
            policy.Slept(0, timedOut: false);
            Assert.Equal(0, policy.Window);
        }
    }

    private static IdleSpinPolicy Opened()
    {
        IdleSpinPolicy policy = new(Max);
        for (int i = 0; i < 3; i++)
        {
            policy.Slept(1, timedOut: false);
        }

        Assert.Equal(Max, policy.Window);
        return policy;
    }
}
