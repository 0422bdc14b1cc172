using System;
using System.Threading;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Races;

/// <summary>
/// Teardown of a single-issuer ring from a thread that does not own it: refused while the owner runs (it
/// could be writing into the SQ that teardown unmaps), allowed once the owner thread exited.
/// </summary>
public sealed class SingleIssuerTeardownTests
{
    private const int Attempts = 3000;

    [Fact]
    public void Stop_and_Dispose_from_another_thread_are_refused_while_the_owner_submits()
    {
        KernelRequirement.Require();
        Ring? ring = null;
        Exception? ownerFailure = null;
        long roundTrips = 0;
        using ManualResetEventSlim started = new();
        using ManualResetEventSlim finish = new();
        TestThread owner = new(() =>
        {
            try
            {
                ring = TestRings.Started(new RingOptions { Entries = 16, NotifySucceed = true });
                started.Set();
                Span<CqeView> one = stackalloc CqeView[1];
                ulong next = 0;
                while (!finish.IsSet)
                {
                    // prepare + submit + reap, checking each completion is the one submitted
                    Assert.True(ring.TryPrepareNop(SqeContext.FromValue(++next)));
                    ring.Submit();
                    Assert.Equal(1, ring.Wait(one, 1, TimeSpan.FromSeconds(5)));
                    Assert.Equal(next, one[0].Context.Value);
                    Interlocked.Increment(ref roundTrips);
                }
            }
            catch (Exception exception)
            {
                ownerFailure = exception;
                started.Set();
            }
        })
        { Name = "ring owner", IsBackground = true };
        owner.Start();
        Assert.True(started.Wait(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Assert.Null(ownerFailure);

        for (int i = 0; i < Attempts; i++)
        {
            InvalidOperationException refused = Assert.Throws<InvalidOperationException>(i % 2 == 0 ? ring!.Stop : ring!.Dispose);
            Assert.Contains($"thread {owner.ManagedThreadId} ('ring owner')", refused.Message);
            Assert.Contains("call Stop on the owner thread, or create the ring with RingOptions.MultiIssuers", refused.Message);
            Assert.False(ring!.IsStopped);
        }

        long before = Interlocked.Read(ref roundTrips);
        Thread.Sleep(20);
        finish.Set();
        Assert.True(owner.Join(TimeSpan.FromSeconds(10)), "the owner thread hung");
        Assert.Null(ownerFailure);
        Assert.True(Interlocked.Read(ref roundTrips) > before, "the owner kept submitting after the refused teardowns");

        // The owner thread has exited: nothing can be running in the ring, so any thread may dispose it.
        Assert.False(owner.IsAlive);
        ring!.Dispose();
        Assert.True(ring.IsStopped);
        Assert.Throws<ObjectDisposedException>(() => ring.TryPrepareNop(SqeContext.FromValue(1)));
        ring.Dispose();
    }

    [Fact]
    public void The_owner_stops_its_own_ring_and_a_later_stop_from_anywhere_is_a_no_op()
    {
        Ring ring = TestRings.Started();
        ring.Stop();
        Exception? late = null;
        TestThread other = new(() => late = Record.Exception(ring.Dispose));
        other.Start();
        Assert.True(other.Join(TimeSpan.FromSeconds(10)));
        Assert.Null(late);
    }

    [Fact]
    public void A_ring_that_was_never_started_is_disposed_from_any_thread()
    {
        KernelRequirement.Require();
        for (int i = 0; i < 200; i++)
        {
            Ring? ring = null;
            TestThread creator = new(() => ring = new Ring(new RingOptions { Entries = 8 }));
            creator.Start();
            Assert.True(creator.Join(TimeSpan.FromSeconds(10)));
            TestThread disposer = new(() => ring!.Dispose());
            disposer.Start();
            Assert.True(disposer.Join(TimeSpan.FromSeconds(10)));
            Assert.True(ring!.IsStopped);
        }
    }

    [Fact]
    public void Queue_counters_are_owner_only_while_the_owner_runs_and_zero_once_stopped()
    {
        using Ring ring = TestRings.Started();
        Exception? counters = null;
        TestThread other = new(() => counters = Record.Exception(() => ring.SqAvailable + ring.SqPending + ring.CqPending));
        other.Start();
        Assert.True(other.Join(TimeSpan.FromSeconds(10)));
        Assert.IsType<InvalidOperationException>(counters);
        Assert.Contains($"thread {ring.OwnerThreadId}", counters!.Message);

        ring.Stop();
        int sum = -1;
        other = new TestThread(() => sum = ring.SqAvailable + ring.SqPending + ring.CqPending);
        other.Start();
        Assert.True(other.Join(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, sum);
    }
}
