using System;
using System.Threading.Tasks;
using Xunit;

namespace Uring.Tests.Async;

/// <summary>
/// The adaptive spin before the loop's blocking wait (<see cref="EventLoopOptions.MaxIdleSpin"/>): it opens while the
/// loop's idle periods are short, closes again when they are long, and never opens when the option is zero.
/// </summary>
public sealed class EventLoopIdleSpinTests
{
    [Fact]
    public async Task The_spin_opens_while_idle_periods_are_short_and_closes_when_the_loop_stays_idle()
    {
        // A wide ceiling, so a short delay counts as short on a busy machine too; idle sleeps of 20 ms each.
        await using EventLoop loop = LoopFixtures.Start(new EventLoopOptions
        {
            Entries = 64,
            MaxIdleSpin = TimeSpan.FromMilliseconds(5),
            MaxIdleWait = TimeSpan.FromMilliseconds(20),
        });
        Assert.Equal(TimeSpan.Zero, loop.CurrentIdleSpin);

        TimeSpan widest = await loop.RunAsync(async () =>
        {
            TimeSpan seen = TimeSpan.Zero;
            for (int i = 0; i < 50; i++)
            {
                await loop.DelayAsync(TimeSpan.FromMicroseconds(100));
                seen = loop.CurrentIdleSpin > seen ? loop.CurrentIdleSpin : seen;
            }

            return seen;
        }).Bounded();
        Assert.InRange(widest, TimeSpan.FromTicks(1), TimeSpan.FromMilliseconds(5));

        // Idle: every 20 ms sleep is longer than the ceiling and halves the window, down to none within a few sleeps.
        LoopFixtures.Eventually(() => loop.CurrentIdleSpin == TimeSpan.Zero, "the idle loop stops spinning");
    }

    [Fact]
    public async Task A_zero_ceiling_never_spins()
    {
        await using EventLoop loop = LoopFixtures.Start(new EventLoopOptions { Entries = 64, MaxIdleSpin = TimeSpan.Zero });
        await loop.RunAsync(async () =>
        {
            for (int i = 0; i < 50; i++)
            {
                await loop.DelayAsync(TimeSpan.FromMicroseconds(100));
                Assert.Equal(TimeSpan.Zero, loop.CurrentIdleSpin);
            }
        }).Bounded();

        // Every idle period was a sleep: the counters say so.
        EventLoopStatistics stats = loop.GetStatistics();
        Assert.Equal(0, stats.IdleSpinHits);
        Assert.Equal(0, stats.IdleSpinsPreempted);
        Assert.True(stats.IdleSleeps >= 50, $"{stats.IdleSleeps} sleeps for 50 delays");
    }

    [Fact]
    public async Task Posts_from_another_thread_reach_a_spinning_loop()
    {
        await using EventLoop loop = LoopFixtures.Start(new EventLoopOptions { Entries = 64, MaxIdleSpin = TimeSpan.FromMilliseconds(5) });

        // Keep the loop's idle periods short so it spins, and post to it meanwhile: a post seen by the spin (the loop is
        // not asleep, so nobody writes its eventfd) must still run.
        TimeSpan widest = TimeSpan.Zero;
        for (int i = 0; i < 500; i++)
        {
            TaskCompletionSource ran = new(TaskCreationOptions.RunContinuationsAsynchronously);
            loop.Post(static state => ((TaskCompletionSource)state!).SetResult(), ran);
            await ran.Task.Bounded();
            widest = loop.CurrentIdleSpin > widest ? loop.CurrentIdleSpin : widest;
        }

        Assert.True(widest > TimeSpan.Zero, "the loop never spun, so no post was seen by a spin");
    }
}
