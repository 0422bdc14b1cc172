using System;
using System.Threading;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Races;

/// <summary>Ops whose fill runs caller code between reserving the slot and publishing it.</summary>
public static partial class HookedOps
{
    /// <summary>A NOP whose <c>addr</c> is staged by <paramref name="hook"/>, which runs caller code inside the fill.</summary>
    [UringOp(IoUringOp.Nop, Fd = -1)]
    public static partial bool TryPrepareHookedNop(this Ring ring, SqeContext context, [Sqe(SqeField.Addr, Staged = true)] StageHook hook);
}

/// <summary>Runs an action while the slot is being filled, then stages 8 bytes.</summary>
public readonly ref struct StageHook : ISlotStageable
{
    private readonly Action _action;

    public StageHook(Action action) => _action = action;

    public ulong StageInto(ref SubmissionSlot slot)
    {
        _action();
        return slot.Stage(0L);
    }
}

/// <summary>
/// An exception thrown between reserve and publish (a fill that throws, a publish that refuses its input)
/// must give the slot back: on a multi-issuer ring the reservation holds the ring's lock, and a lock left
/// held blocks every other thread forever. Caller code inside a fill cannot stop the ring or reserve a
/// second slot either.
/// </summary>
public sealed class ThrowingFillTests
{
    private const int Throws = 3000;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Fact]
    public void A_fill_that_throws_releases_the_lock_for_the_other_threads()
    {
        using Ring ring = TestRings.Started(new RingOptions { Entries = 32, MultiIssuers = true, NotifySucceed = true });
        long otherRoundTrips = 0;
        Exception? otherFailure = null;
        using ManualResetEventSlim finish = new();
        TestThread other = new(() =>
        {
            try
            {
                Span<CqeView> batch = stackalloc CqeView[8];
                while (!finish.IsSet)
                {
                    if (ring.TryPrepareNop(SqeContext.FromValue(7)))
                    {
                        ring.Submit();
                    }

                    ring.Reap(batch);
                    Interlocked.Increment(ref otherRoundTrips);
                }
            }
            catch (Exception exception)
            {
                otherFailure = exception;
            }
        })
        { IsBackground = true };
        other.Start();

        for (int i = 0; i < Throws; i++)
        {
            InvalidTimeZoneException thrown = Assert.Throws<InvalidTimeZoneException>(
                () => ring.TryPrepareHookedNop(SqeContext.FromValue(1), new StageHook(static () => throw new InvalidTimeZoneException("fill failed"))));
            Assert.Equal("fill failed", thrown.Message);
        }

        // If one throw had left the lock held, the other thread would be stuck in its prepare by now.
        long seen = Interlocked.Read(ref otherRoundTrips);
        Assert.True(SpinWait.SpinUntil(() => Interlocked.Read(ref otherRoundTrips) > seen + 10, Limit), "the other thread made no progress");
        finish.Set();
        Assert.True(other.Join(Limit), "the other thread is blocked on the ring's lock");
        Assert.Null(otherFailure);

        // Nothing half-prepared was queued: a NOP round trip on the same ring still works.
        DrainAndRoundTrip(ring);
    }

    [Fact]
    public void A_publish_that_throws_releases_the_lock_for_the_other_threads()
    {
        using Ring ring = TestRings.Started(new RingOptions { Entries = 32, MultiIssuers = true, NotifySucceed = true });
        for (int i = 0; i < Throws; i++)
        {
            // A pointer-mode context that points nowhere: PublishSqe refuses it (the exact type is the
            // bad-input suite's business), after the slot was reserved.
            Assert.ThrowsAny<Exception>(() => ring.TryPrepareNop(SqeContext.FromRaw(1UL << 62)));

            // The hand-written copy path reserves, copies from the handle and publishes: a default handle throws in between.
            Assert.ThrowsAny<Exception>(() => ring.TryPrepareIndirect(default));
        }

        Assert.True(TryPrepareOnAnotherThread(ring), "another thread's prepare is blocked on the ring's lock");
        DrainAndRoundTrip(ring);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Stop_inside_a_fill_is_refused_and_the_ring_keeps_working(bool multiIssuers)
    {
        using Ring ring = TestRings.Started(new RingOptions { Entries = 8, MultiIssuers = multiIssuers, NotifySucceed = true });
        InvalidOperationException refused = Assert.Throws<InvalidOperationException>(
            () => ring.TryPrepareHookedNop(SqeContext.FromValue(1), new StageHook(ring.Stop)));
        Assert.Contains("from inside the fill", refused.Message);
        Assert.False(ring.IsStopped);
        Assert.Equal(0, ring.SqPending);
        DrainAndRoundTrip(ring);
        if (multiIssuers)
        {
            Assert.True(TryPrepareOnAnotherThread(ring));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_prep_inside_a_fill_is_refused_instead_of_aliasing_the_slot(bool multiIssuers)
    {
        using Ring ring = TestRings.Started(new RingOptions { Entries = 8, MultiIssuers = multiIssuers, NotifySucceed = true });
        InvalidOperationException refused = Assert.Throws<InvalidOperationException>(
            () => ring.TryPrepareHookedNop(SqeContext.FromValue(1), new StageHook(() => ring.TryPrepareNop(SqeContext.FromValue(2)))));
        Assert.Contains("from inside the fill of another one", refused.Message);
        Assert.Equal(0, ring.SqPending);
        DrainAndRoundTrip(ring);
    }

    [Fact]
    public void A_successful_hooked_prep_publishes_normally()
    {
        using Ring ring = TestRings.Started(new RingOptions { Entries = 8, MultiIssuers = true, NotifySucceed = true });
        int calls = 0;
        Assert.True(ring.TryPrepareHookedNop(SqeContext.FromValue(9), new StageHook(() => calls++)));
        Assert.Equal(1, calls);
        Assert.Equal(9UL, ring.WaitOne().Context.Value);
        Assert.True(TryPrepareOnAnotherThread(ring));
    }

    private static bool TryPrepareOnAnotherThread(Ring ring)
    {
        Exception? failure = null;
        TestThread other = new(() => failure = Record.Exception(() => Assert.True(ring.TryPrepareNop(SqeContext.FromValue(3))))) { IsBackground = true };
        other.Start();
        bool joined = other.Join(Limit);
        Assert.Null(failure);
        if (joined)
        {
            Assert.Equal(3UL, ring.WaitOne().Context.Value);
        }

        return joined;
    }

    private static void DrainAndRoundTrip(Ring ring)
    {
        Span<CqeView> batch = stackalloc CqeView[16];
        while (ring.Wait(batch, 1, TimeSpan.FromMilliseconds(20)) > 0)
        {
        }

        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(42)));
        Assert.Equal(42UL, ring.WaitOne().Context.Value);
    }
}
