using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Races;

/// <summary>
/// Stop on a multi-issuer ring while other threads submit, reap and wait: every racing call either works
/// or throws <see cref="ObjectDisposedException"/> (never a NullReferenceException, never an access
/// violation that ends the process), and nobody hangs.
/// </summary>
public sealed class MultiIssuerTeardownTests
{
    private static readonly TimeSpan JoinLimit = TimeSpan.FromSeconds(10);

    [Fact]
    public void Submitters_and_a_reaper_racing_Stop_only_ever_see_ObjectDisposedException()
    {
        KernelRequirement.Require();
        const int Rounds = 300;
        const int Submitters = 3;
        ConcurrentQueue<Exception> unexpected = new();
        long operations = 0;
        long disposedSeen = 0;
        Random random = new(11);

        for (int round = 0; round < Rounds && unexpected.IsEmpty; round++)
        {
            Ring ring = TestRings.Started(new RingOptions { Entries = 32, MultiIssuers = true, NotifySucceed = true });
            using Barrier go = new(Submitters + 2);
            TestThread[] threads = new TestThread[Submitters + 1];
            for (int t = 0; t < Submitters; t++)
            {
                int variant = t;
                threads[t] = new TestThread(() => Run(go, () =>
                {
                    Span<CqeView> batch = stackalloc CqeView[8];
                    while (true)
                    {
                        // Every public member that touches the queues or the fd, in turn.
                        bool queued = variant switch
                        {
                            0 => ring.TryPrepareNop(SqeContext.FromValue(1)),
                            1 => ring.TryPrepareRawNop(SqeContext.FromValue(2)),
                            _ => ring.TryPrepareNop(SqeContext.ForFd(-1)),
                        };
                        _ = ring.SqAvailable + ring.SqPending + ring.CqPending;
                        if (queued)
                        {
                            ring.Submit();
                        }

                        ring.Reap(batch);
                        Interlocked.Increment(ref operations);
                    }
                }));
            }

            threads[Submitters] = new TestThread(() => Run(go, () =>
            {
                Span<CqeView> batch = stackalloc CqeView[16];
                while (true)
                {
                    ring.Wait(batch, 4, Timeout.InfiniteTimeSpan);
                    Interlocked.Increment(ref operations);
                }
            }));

            foreach (TestThread thread in threads)
            {
                thread.IsBackground = true;
                thread.Start();
            }

            go.SignalAndWait(TestContext.Current.CancellationToken);
            Thread.SpinWait(random.Next(0, 20_000));
            TestThread stopper = new(ring.Stop) { IsBackground = true };
            stopper.Start();
            Assert.True(stopper.Join(JoinLimit), $"round {round}: Stop did not return");

            foreach (TestThread thread in threads)
            {
                Assert.True(thread.Join(JoinLimit), $"round {round}: a thread did not finish after Stop");
            }

            Assert.Equal(0, ring.BlockedWaiterCount);
        }

        Assert.True(unexpected.IsEmpty, string.Join(Environment.NewLine + "---" + Environment.NewLine, unexpected));
        Assert.Equal(Rounds * (Submitters + 1), Interlocked.Read(ref disposedSeen));
        Assert.True(Interlocked.Read(ref operations) > Rounds, $"only {operations} operations ran before the Stops");

        void Run(Barrier go, Action body)
        {
            go.SignalAndWait();
            try
            {
                body();
            }
            catch (ObjectDisposedException disposed) when (disposed.ObjectName == nameof(Ring))
            {
                Interlocked.Increment(ref disposedSeen);
            }
            catch (Exception other)
            {
                unexpected.Enqueue(other);
            }
        }
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(8, false)]
    [InlineData(8, true)]
    public void Stop_wakes_a_thread_waiting_without_a_time_limit(int minComplete, bool hybridPolling)
    {
        KernelRequirement.Require();
        const int Rounds = 150;
        TimeSpan slowest = TimeSpan.Zero;
        for (int round = 0; round < Rounds; round++)
        {
            Ring ring = TestRings.Started(new RingOptions { Entries = 8, MultiIssuers = true, NotifySucceed = true, HybridPolling = hybridPolling });

            // No slicing: only the wake-up Stop posts can end this wait, so a missed wake-up hangs the join.
            ring.MultiIssuerWaitSlice = Timeout.InfiniteTimeSpan;
            Exception? outcome = null;
            TestThread waiter = new(() => outcome = Record.Exception(() =>
            {
                Span<CqeView> batch = stackalloc CqeView[8];
                ring.Wait(batch, minComplete, Timeout.InfiniteTimeSpan);
            }))
            { IsBackground = true };
            waiter.Start();

            // Mostly stop a waiter that is asleep in the kernel; now and then one that is on its way in.
            if (round % 4 != 0)
            {
                SpinWait.SpinUntil(() => ring.BlockedWaiterCount == 1, JoinLimit);
                Thread.Sleep(1);
            }

            // Stop on its own thread, so a Stop that never returns fails the test instead of hanging it.
            Stopwatch clock = Stopwatch.StartNew();
            TestThread stopper = new(ring.Stop) { IsBackground = true };
            stopper.Start();
            Assert.True(stopper.Join(JoinLimit), $"round {round}: Stop did not return");
            Assert.True(waiter.Join(JoinLimit), $"round {round}: the waiter was not woken by Stop");
            clock.Stop();
            slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;

            ObjectDisposedException disposed = Assert.IsType<ObjectDisposedException>(outcome);
            Assert.Equal(nameof(Ring), disposed.ObjectName);
            Assert.Equal(0, ring.BlockedWaiterCount);
        }

        Assert.True(slowest < JoinLimit, $"slowest Stop took {slowest}");
    }

    [Fact]
    public void Stop_returns_only_after_every_waiter_left_the_kernel()
    {
        KernelRequirement.Require();
        for (int round = 0; round < 100; round++)
        {
            Ring ring = TestRings.Started(new RingOptions { Entries = 8, MultiIssuers = true, NotifySucceed = true });
            ring.MultiIssuerWaitSlice = Timeout.InfiniteTimeSpan;
            TestThread[] waiters = new TestThread[3];
            int disposed = 0;
            for (int i = 0; i < waiters.Length; i++)
            {
                waiters[i] = new TestThread(() =>
                {
                    Span<CqeView> batch = stackalloc CqeView[4];
                    try
                    {
                        ring.Wait(batch, 2, Timeout.InfiniteTimeSpan);
                    }
                    catch (ObjectDisposedException)
                    {
                        Interlocked.Increment(ref disposed);
                    }
                })
                { IsBackground = true };
                waiters[i].Start();
            }

            SpinWait.SpinUntil(() => ring.BlockedWaiterCount == waiters.Length, JoinLimit);
            TestThread stopper = new(ring.Stop) { IsBackground = true };
            stopper.Start();
            Assert.True(stopper.Join(JoinLimit), "Stop did not return");

            // Stop waited for them: none is inside the kernel any more, whatever the scheduler did.
            Assert.Equal(0, ring.BlockedWaiterCount);
            foreach (TestThread waiter in waiters)
            {
                Assert.True(waiter.Join(JoinLimit));
            }

            Assert.Equal(waiters.Length, disposed);
        }
    }

    [Fact]
    public void Stop_from_several_threads_at_once_tears_down_once()
    {
        KernelRequirement.Require();
        for (int round = 0; round < 200; round++)
        {
            Ring ring = TestRings.Started(new RingOptions { Entries = 8, MultiIssuers = true });
            int fd = ring.RingFd;
            using Barrier go = new(3);
            Exception?[] errors = new Exception?[3];
            TestThread[] stoppers = new TestThread[3];
            for (int i = 0; i < stoppers.Length; i++)
            {
                int index = i;
                stoppers[i] = new TestThread(() =>
                {
                    go.SignalAndWait();
                    errors[index] = Record.Exception(ring.Stop);
                });
                stoppers[i].Start();
            }

            foreach (TestThread stopper in stoppers)
            {
                Assert.True(stopper.Join(JoinLimit));
            }

            Assert.All(errors, Assert.Null);
            Assert.True(ring.IsStopped);
            Assert.Throws<ObjectDisposedException>(() => ring.RingFd);
            Assert.True(fd > 0);
        }
    }
}
