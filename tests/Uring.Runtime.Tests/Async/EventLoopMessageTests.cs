using System;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Uring.Tests.Async;

/// <summary>
/// Loop-to-loop wake-ups: work posted from another loop's thread wakes the target with an <c>IORING_OP_MSG_RING</c>
/// message from the poster's ring; work posted from any other thread wakes it through its eventfd.
/// </summary>
public sealed class EventLoopMessageTests
{
    /// <summary>
    /// A loop that spins while idle picks up posted work without being woken at all, which is what the spin is for;
    /// these tests count wake-ups, so their loops block as soon as they are idle.
    /// </summary>
    private static EventLoop StartNonSpinning() => LoopFixtures.Start(new EventLoopOptions { Entries = 64, MaxIdleSpin = TimeSpan.Zero });

    [Fact]
    public async Task Post_from_another_loop_wakes_the_target_with_a_ring_message()
    {
        await using EventLoop a = StartNonSpinning();
        await using EventLoop b = StartNonSpinning();
        for (int round = 0; round < 3; round++)
        {
            LoopFixtures.Eventually(() => b.IsSleeping, "loop B sleeps");
            EventLoopStatistics before = b.GetStatistics();
            TaskCompletionSource<int> ran = new(TaskCreationOptions.RunContinuationsAsynchronously);
            await a.RunAsync(() =>
            {
                b.Post(() => ran.SetResult(Environment.CurrentManagedThreadId));
                return Task.CompletedTask;
            }).Bounded();

            Assert.Equal(b.ManagedThreadId, await ran.Task.Bounded());
            EventLoopStatistics after = b.GetStatistics();
            Assert.Equal(before.WakeUpsByMessage + 1, after.WakeUpsByMessage);
            Assert.Equal(before.WakeUpsByEventFd, after.WakeUpsByEventFd);
        }

        // A's own completion of each message came back and released B's ring: nothing of it stays in flight.
        LoopFixtures.Eventually(() => a.GetStatistics().InternalRequestsInFlight == 1, "A has only its eventfd read in flight");
    }

    [Fact]
    public async Task Post_from_a_thread_that_is_no_loop_wakes_the_target_through_its_eventfd()
    {
        await using EventLoop b = StartNonSpinning();
        LoopFixtures.Eventually(() => b.IsSleeping, "the loop sleeps");
        EventLoopStatistics before = b.GetStatistics();
        TaskCompletionSource ran = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await Task.Run(() => b.Post(() => ran.SetResult())).Bounded();
        await ran.Task.Bounded();

        EventLoopStatistics after = b.GetStatistics();
        Assert.Equal(before.WakeUpsByEventFd + 1, after.WakeUpsByEventFd);
        Assert.Equal(before.WakeUpsByMessage, after.WakeUpsByMessage);
    }

    [Fact]
    public async Task TryPost_and_the_scheduler_from_another_loop_also_wake_by_message()
    {
        await using EventLoop a = StartNonSpinning();
        await using EventLoop b = StartNonSpinning();

        LoopFixtures.Eventually(() => b.IsSleeping, "loop B sleeps");
        long messages = b.GetStatistics().WakeUpsByMessage;
        TaskCompletionSource tried = new(TaskCreationOptions.RunContinuationsAsynchronously);
        bool queued = await a.RunAsync(() => Task.FromResult(b.TryPost(static (TaskCompletionSource done) => done.SetResult(), tried))).Bounded();
        Assert.True(queued);
        await tried.Task.Bounded();
        Assert.Equal(messages + 1, b.GetStatistics().WakeUpsByMessage);

        // A task scheduled on B's scheduler from A's thread.
        LoopFixtures.Eventually(() => b.IsSleeping, "loop B sleeps again");
        messages = b.GetStatistics().WakeUpsByMessage;
        int thread = await a.RunAsync(() => Task.Factory.StartNew(() => Environment.CurrentManagedThreadId, CancellationToken.None, TaskCreationOptions.None, b.Scheduler)).Bounded();
        Assert.Equal(b.ManagedThreadId, thread);
        Assert.True(b.GetStatistics().WakeUpsByMessage > messages);
    }

    [Fact]
    public async Task Cross_posts_from_three_loops_at_once_lose_no_work_and_keep_each_posters_order()
    {
        const int PerPair = 20_000;
        EventLoop[] loops = [StartNonSpinning(), StartNonSpinning(), StartNonSpinning()];
        try
        {
            // received[target][source]: how many items from source ran on target; a sequence out of order fails the count.
            Counters counters = new(loops.Length);
            Task[] posters = new Task[loops.Length];
            for (int s = 0; s < loops.Length; s++)
            {
                int source = s;
                posters[s] = loops[s].RunAsync(async () =>
                {
                    for (int i = 0; i < PerPair; i++)
                    {
                        for (int t = 0; t < loops.Length; t++)
                        {
                            if (t == source)
                            {
                                continue;
                            }

                            Item item = new(counters, t, source, i);
                            while (!loops[t].TryPost(static (Item x) => x.Run(), item))
                            {
                                // The target's queue is full: let this loop turn (the target drains meanwhile).
                                await Task.Yield();
                            }
                        }

                        if (i % 512 == 0)
                        {
                            await Task.Yield();
                        }
                    }
                });
            }

            await Task.WhenAll(posters).Bounded();
            LoopFixtures.Eventually(() => counters.Total == (long)PerPair * loops.Length * (loops.Length - 1), "every item ran");
            Assert.Equal(0, counters.OutOfOrder);
            Assert.Equal(0, counters.WrongThread);
            for (int t = 0; t < loops.Length; t++)
            {
                for (int s = 0; s < loops.Length; s++)
                {
                    Assert.Equal(t == s ? 0 : PerPair, counters.Received(t, s));
                }
            }

            long byMessage = 0;
            foreach (EventLoop loop in loops)
            {
                byMessage += loop.GetStatistics().WakeUpsByMessage;
            }

            Assert.True(byMessage > 0, "the loops woke each other by message");
        }
        finally
        {
            foreach (EventLoop loop in loops)
            {
                await loop.DisposeAsync().Bounded();
            }
        }

        foreach (EventLoop loop in loops)
        {
            LoopFixtures.AssertNothingLeft(loop.GetStatistics());
        }
    }

    [Fact]
    public async Task A_cross_loop_post_that_wakes_by_message_allocates_nothing_in_steady_state()
    {
        const int Warmup = 2_000;
        const int Measured = 10_000;
        await using EventLoop a = StartNonSpinning();
        await using EventLoop b = StartNonSpinning();
        PingPong game = new(a, b, Warmup + Measured, Warmup);
        long messagesBefore = a.GetStatistics().WakeUpsByMessage + b.GetStatistics().WakeUpsByMessage;

        a.Post(PingPong.OnA, game);
        await game.Done.Task.Bounded();

        Assert.Equal(0, game.AllocatedOnA);
        Assert.Equal(0, game.AllocatedOnB);
        long messages = a.GetStatistics().WakeUpsByMessage + b.GetStatistics().WakeUpsByMessage - messagesBefore;
        Assert.True(messages > Measured / 10, $"only {messages} of {2 * (Warmup + Measured)} hops woke their loop by message");
    }

    /// <summary>A ball posted back and forth between two loops; each side measures its own thread's allocations.</summary>
    private sealed class PingPong(EventLoop a, EventLoop b, int rounds, int measureFrom)
    {
        public static readonly Action<object?> OnA = static state => ((PingPong)state!).HitA();
        public static readonly Action<object?> OnB = static state => ((PingPong)state!).HitB();

        private int _round;
        private long _startA;
        private long _startB;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long AllocatedOnA { get; private set; } = -1;

        public long AllocatedOnB { get; private set; } = -1;

        private void HitA()
        {
            if (_round == measureFrom)
            {
                _startA = GC.GetAllocatedBytesForCurrentThread();
            }

            if (_round == rounds)
            {
                AllocatedOnA = GC.GetAllocatedBytesForCurrentThread() - _startA;
                Done.SetResult();
                return;
            }

            b.Post(OnB, this);
        }

        private void HitB()
        {
            if (_round == measureFrom)
            {
                _startB = GC.GetAllocatedBytesForCurrentThread();
            }

            _round++;
            if (_round == rounds)
            {
                AllocatedOnB = GC.GetAllocatedBytesForCurrentThread() - _startB;
            }

            a.Post(OnA, this);
        }
    }

    private sealed class Counters(int loops)
    {
        private readonly long[,] _received = new long[loops, loops];
        private long _total;
        private long _outOfOrder;
        private long _wrongThread;

        public long Total => Interlocked.Read(ref _total);

        public long OutOfOrder => Interlocked.Read(ref _outOfOrder);

        public long WrongThread => Interlocked.Read(ref _wrongThread);

        public long Received(int target, int source) => Volatile.Read(ref _received[target, source]);

        /// <summary>On the target's thread: item <paramref name="sequence"/> from <paramref name="source"/> ran.</summary>
        public void Ran(int target, int source, int sequence)
        {
            if (_received[target, source] != sequence)
            {
                Interlocked.Increment(ref _outOfOrder);
            }

            if (EventLoop.Current is null)
            {
                Interlocked.Increment(ref _wrongThread);
            }

            Volatile.Write(ref _received[target, source], sequence + 1);
            Interlocked.Increment(ref _total);
        }
    }

    private readonly record struct Item(Counters Counters, int Target, int Source, int Sequence)
    {
        public void Run() => Counters.Ran(Target, Source, Sequence);
    }
}
