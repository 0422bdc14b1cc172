using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using Uring.Tests.Support;

namespace Uring.Tests.Async;

/// <summary>The loop's thread model: continuations on the loop, SwitchTo, posting from many threads, the scheduler and context.</summary>
public sealed class EventLoopThreadingTests
{
    [Fact]
    public async Task Awaits_inside_loop_code_resume_on_the_loop_thread()
    {
        await using EventLoop loop = LoopFixtures.Start();
        List<int> threads = await loop.RunAsync(async () =>
        {
            List<int> seen = [Environment.CurrentManagedThreadId];
            await loop.NopAsync();
            seen.Add(Environment.CurrentManagedThreadId);
            await loop.DelayAsync(TimeSpan.FromMilliseconds(1));
            seen.Add(Environment.CurrentManagedThreadId);

            // Awaits of things that complete elsewhere (a thread-pool timer, a yield) come back through the context.
            await Task.Delay(1);
            seen.Add(Environment.CurrentManagedThreadId);
            await Task.Yield();
            seen.Add(Environment.CurrentManagedThreadId);
            await Task.Run(() => { });
            seen.Add(Environment.CurrentManagedThreadId);
            Assert.Same(loop, EventLoop.Current);
            Assert.Same(loop.SynchronizationContext, SynchronizationContext.Current);
            return seen;
        }).Bounded();

        Assert.Equal(6, threads.Count);
        Assert.All(threads, id => Assert.Equal(loop.ManagedThreadId, id));
        Assert.NotEqual(Environment.CurrentManagedThreadId, loop.ManagedThreadId);
    }

    [Fact]
    public async Task SwitchTo_moves_the_caller_onto_the_loop()
    {
        await using EventLoop loop = LoopFixtures.Start();
        async Task<(int Before, int After, bool OnLoop)> Hop()
        {
            int before = Environment.CurrentManagedThreadId;
            await loop.SwitchTo();
            return (before, Environment.CurrentManagedThreadId, loop.IsOnLoopThread);
        }

        (int before, int after, bool onLoop) = await Task.Run(Hop).Bounded();

        Assert.NotEqual(loop.ManagedThreadId, before);
        Assert.Equal(loop.ManagedThreadId, after);
        Assert.True(onLoop);
        Assert.False(loop.IsOnLoopThread);
    }

    [Fact]
    public async Task SwitchTo_a_loop_that_shut_down_throws_ObjectDisposedException()
    {
        EventLoop loop = LoopFixtures.Start();
        await loop.DisposeAsync();

        async Task Hop() => await loop.SwitchTo();

        ObjectDisposedException error = await Assert.ThrowsAsync<ObjectDisposedException>(() => Task.Run(Hop).Bounded());
        Assert.Equal(nameof(EventLoop), error.ObjectName);
    }

    [Fact]
    public async Task Posts_from_16_threads_at_once_all_run_in_order_per_thread()
    {
        const int Threads = 16;
        const int PerThread = 2_000;

        // A small queue, so posters also meet a full queue and wait for room.
        await using EventLoop loop = LoopFixtures.Start(new EventLoopOptions { Entries = 64, WorkQueueCapacity = 64 });
        int[] next = new int[Threads];
        int outOfOrder = 0;
        int wrongThread = 0;
        Barrier start = new(Threads);
        TestThread[] posters = new TestThread[Threads];
        for (int t = 0; t < Threads; t++)
        {
            int thread = t;
            posters[t] = new TestThread(() =>
            {
                start.SignalAndWait(TestContext.Current.CancellationToken);
                for (int i = 0; i < PerThread; i++)
                {
                    loop.Post((PostedItem item) =>
                    {
                        // Runs on the loop: the per-thread counters need no lock.
                        if (!loop.IsOnLoopThread)
                        {
                            wrongThread++;
                        }

                        if (next[item.Thread] != item.Sequence)
                        {
                            outOfOrder++;
                        }

                        next[item.Thread] = item.Sequence + 1;
                    }, new PostedItem(thread, i));
                }
            });
            posters[t].Start();
        }

        foreach (TestThread poster in posters)
        {
            Assert.True(poster.Join(LoopFixtures.Bound));
        }

        TaskCompletionSource drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
        loop.Post(static state => ((TaskCompletionSource)state!).SetResult(), drained);
        await drained.Task.Bounded();

        Assert.Equal(0, wrongThread);
        Assert.Equal(0, outOfOrder);
        Assert.All(next, count => Assert.Equal(PerThread, count));
    }

    [Fact]
    public async Task TryPost_reports_a_full_queue_and_Post_waits_for_room()
    {
        await using EventLoop loop = LoopFixtures.Start(new EventLoopOptions { Entries = 64, WorkQueueCapacity = 4 });
        using ManualResetEventSlim release = new();
        using ManualResetEventSlim blocked = new();
        loop.Post(() =>
        {
            blocked.Set();
            release.Wait(LoopFixtures.Bound);
        });
        Assert.True(blocked.Wait(LoopFixtures.Bound));

        int ran = 0;
        int queued = 0;
        while (loop.TryPost(_ => Interlocked.Increment(ref ran), null))
        {
            queued++;
        }

        Assert.Equal(4, queued);
        Task waitingPost = Task.Run(() => loop.Post(_ => Interlocked.Increment(ref ran), null));
        await Task.Delay(20, TestContext.Current.CancellationToken);
        Assert.False(waitingPost.IsCompleted);

        release.Set();
        await waitingPost.Bounded();
        LoopFixtures.Eventually(() => Volatile.Read(ref ran) == 5, "every post ran");
    }

    [Fact]
    public async Task Post_after_shutdown_throws_and_TryPost_returns_false()
    {
        EventLoop loop = LoopFixtures.Start();
        await loop.DisposeAsync().Bounded();

        ObjectDisposedException error = Assert.Throws<ObjectDisposedException>(() => loop.Post(_ => { }, null));
        Assert.Equal(nameof(EventLoop), error.ObjectName);
        Assert.Throws<ObjectDisposedException>(() => loop.Post(() => { }));
        Assert.False(loop.TryPost(_ => { }, null));
        Assert.False(loop.TryPost((int _) => { }, 1));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => loop.RunAsync(() => Task.CompletedTask).Bounded());
    }

    [Fact]
    public async Task Scheduler_and_context_run_work_on_the_loop()
    {
        await using EventLoop loop = LoopFixtures.Start();

        int onScheduler = await Task.Factory.StartNew(
            () => Environment.CurrentManagedThreadId,
            TestContext.Current.CancellationToken,
            TaskCreationOptions.None,
            loop.Scheduler).Bounded();
        Assert.Equal(loop.ManagedThreadId, onScheduler);

        int sent = 0;
        await Task.Run(() => loop.SynchronizationContext.Send(_ => sent = Environment.CurrentManagedThreadId, null)).Bounded();
        Assert.Equal(loop.ManagedThreadId, sent);

        InvalidOperationException thrown = await Assert.ThrowsAsync<InvalidOperationException>(
            () => Task.Run(() => loop.SynchronizationContext.Send(_ => throw new InvalidOperationException("from the loop"), null)).Bounded());
        Assert.Equal("from the loop", thrown.Message);
    }

    [Fact]
    public async Task An_exception_escaping_posted_work_reaches_the_handler_and_the_loop_goes_on()
    {
        TaskCompletionSource<Exception> reported = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await using EventLoop loop = LoopFixtures.Start(new EventLoopOptions { Entries = 64, UnhandledException = e => reported.TrySetResult(e) });

        loop.Post(() => throw new InvalidOperationException("boom"));
        Exception error = await reported.Task.Bounded();
        Assert.Equal("boom", error.Message);

        await loop.RunAsync(async () => await loop.NopAsync()).Bounded();
    }

    [Fact]
    public async Task A_continuation_that_throws_inline_reaches_the_handler_and_the_rest_of_its_batch_completes()
    {
        TaskCompletionSource<Exception> reported = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await using EventLoop loop = LoopFixtures.Start(new EventLoopOptions { Entries = 64, UnhandledException = e => reported.TrySetResult(e) });

        await loop.RunAsync(() =>
        {
            // Both NOPs complete in one reap; the first one's continuation (run inline by the dispatch) throws.
            ValueTask first = loop.NopAsync();
            first.GetAwaiter().UnsafeOnCompleted(() => throw new InvalidOperationException("from a continuation"));
            return loop.NopAsync().AsTask();
        }).Bounded();

        Assert.Equal("from a continuation", (await reported.Task.Bounded()).Message);
    }

    [Fact]
    public async Task A_group_hands_out_its_loops_round_robin_each_on_its_own_thread()
    {
        Support.KernelRequirement.Require();
        await using EventLoopGroup group = new(3, new EventLoopOptions { Entries = 32 });

        Assert.Equal(3, group.Count);
        EventLoop[] handedOut = [group.Next(), group.Next(), group.Next(), group.Next()];
        Assert.Same(group.Loops[0], handedOut[0]);
        Assert.Same(group.Loops[1], handedOut[1]);
        Assert.Same(group.Loops[2], handedOut[2]);
        Assert.Same(group.Loops[0], handedOut[3]);

        HashSet<int> threads = [];
        foreach (EventLoop loop in group.Loops)
        {
            threads.Add(await loop.RunAsync(async () =>
            {
                await loop.NopAsync();
                return Environment.CurrentManagedThreadId;
            }).Bounded());
        }

        Assert.Equal(3, threads.Count);
    }

    [Fact]
    public async Task Default_group_has_one_loop_per_processor()
    {
        Support.KernelRequirement.Require();
        EventLoopGroup group = new(options: new EventLoopOptions { Entries = 8 });
        Assert.Equal(Environment.ProcessorCount, group.Count);
        await group.DisposeAsync().Bounded();
        Assert.All(group.Loops, loop => Assert.False(loop.GetStatistics().IsRunning));
    }

    [Fact]
    public async Task Code_awaiting_RunAsync_elsewhere_does_not_continue_on_the_loop_thread()
    {
        await using EventLoop loop = LoopFixtures.Start();
        int after = await Task.Run(async () =>
        {
            await loop.RunAsync(async () => await loop.NopAsync()).ConfigureAwait(false);
            return Environment.CurrentManagedThreadId;
        }).Bounded();

        Assert.NotEqual(loop.ManagedThreadId, after);
    }

    [Fact]
    public void Options_out_of_range_name_the_option()
    {
        Assert.Equal("Entries", Assert.Throws<ArgumentOutOfRangeException>(() => new EventLoopOptions { Entries = 0 }.Validate()).ParamName);
        Assert.Equal("WorkQueueCapacity", Assert.Throws<ArgumentOutOfRangeException>(() => new EventLoopOptions { WorkQueueCapacity = 1 }.Validate()).ParamName);
        Assert.Equal("MaxIdleWait", Assert.Throws<ArgumentOutOfRangeException>(() => new EventLoopOptions { MaxIdleWait = TimeSpan.Zero }.Validate()).ParamName);
        Assert.Equal("CompletionBatchSize", Assert.Throws<ArgumentOutOfRangeException>(() => new EventLoopOptions { CompletionBatchSize = 0 }.Validate()).ParamName);
        Assert.Equal("MaxIdleSpin", Assert.Throws<ArgumentOutOfRangeException>(() => new EventLoopOptions { MaxIdleSpin = TimeSpan.FromTicks(-1) }.Validate()).ParamName);
        Assert.Equal("MaxIdleSpin", Assert.Throws<ArgumentOutOfRangeException>(() => new EventLoopOptions { MaxIdleSpin = TimeSpan.FromMilliseconds(11) }.Validate()).ParamName);
        Assert.Equal("loopCount", Assert.Throws<ArgumentOutOfRangeException>(() => new EventLoopGroup(-1)).ParamName);
    }

    private readonly record struct PostedItem(int Thread, int Sequence);
}
