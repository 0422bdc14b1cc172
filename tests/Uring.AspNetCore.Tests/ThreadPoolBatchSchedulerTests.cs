using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Uring.AspNetCore.Tests.Support;
using Xunit;
using Uring.Tests.Support;

namespace Uring.AspNetCore.Tests;

/// <summary>The default application scheduler: a loop's continuations reach the thread pool in batches.</summary>
public sealed class ThreadPoolBatchSchedulerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Continuations_a_loop_schedules_all_run_on_thread_pool_threads()
    {
        KernelRequirement.Require();
        await using EventLoop loop = new(new EventLoopOptions { Entries = 64 });
        const int Count = 1000;
        ConcurrentBag<(int Value, bool OnPool, bool OnLoop)> ran = [];
        CountdownEvent done = new(Count);
        loop.Post(() =>
        {
            for (int i = 0; i < Count; i++)
            {
                ThreadPoolBatchScheduler.Instance.Schedule(state =>
                {
                    ran.Add(((int)state!, Thread.CurrentThread.IsThreadPoolThread, EventLoop.Current is not null));
                    done.Signal();
                }, i);
            }
        });

        Assert.True(done.Wait(Timeout, TestContext.Current.CancellationToken));
        Assert.Equal(Count, ran.Count);
        Assert.All(ran, item => Assert.True(item.OnPool && !item.OnLoop));
        Assert.Equal(Count * (Count - 1) / 2, ran.Sum(item => item.Value));
    }

    [Fact]
    public async Task A_continuation_that_blocks_does_not_hold_up_the_ones_queued_behind_it()
    {
        KernelRequirement.Require();
        await using EventLoop loop = new(new EventLoopOptions { Entries = 64 });
        using ManualResetEventSlim release = new();
        using ManualResetEventSlim blocking = new();
        using ManualResetEventSlim behind = new();

        // Both in one loop iteration: one batch, the blocking one first.
        loop.Post(() =>
        {
            ThreadPoolBatchScheduler.Instance.Schedule(_ =>
            {
                blocking.Set();
                release.Wait(Timeout);
            }, null);
            ThreadPoolBatchScheduler.Instance.Schedule(_ => behind.Set(), null);
        });

        try
        {
            Assert.True(blocking.Wait(Timeout, TestContext.Current.CancellationToken));
            Assert.True(behind.Wait(Timeout, TestContext.Current.CancellationToken), "the continuation queued behind a blocked one never ran");
        }
        finally
        {
            release.Set();
        }
    }

    [Fact]
    public async Task A_continuation_does_not_see_an_async_local_the_one_before_it_left_set()
    {
        KernelRequirement.Require();
        await using EventLoop loop = new(new EventLoopOptions { Entries = 64 });
        AsyncLocal<string?> local = new();
        TaskCompletionSource<string?> seen = new(TaskCreationOptions.RunContinuationsAsynchronously);
        loop.Post(() =>
        {
            ThreadPoolBatchScheduler.Instance.Schedule(_ => local.Value = "left behind", null);
            ThreadPoolBatchScheduler.Instance.Schedule(_ => seen.TrySetResult(local.Value), null);
        });

        Assert.Null(await seen.Task.WaitAsync(Timeout, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_continuation_scheduled_from_a_thread_that_is_no_loop_runs_on_the_thread_pool()
    {
        TaskCompletionSource<bool> onPool = new(TaskCreationOptions.RunContinuationsAsynchronously);
        TestThread thread = new(() => ThreadPoolBatchScheduler.Instance.Schedule(_ => onPool.TrySetResult(Thread.CurrentThread.IsThreadPoolThread), null));
        thread.Start();
        thread.Join();

        Assert.True(await onPool.Task.WaitAsync(Timeout, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Scheduling_from_the_loop_allocates_nothing_in_steady_state()
    {
        KernelRequirement.Require();
        await using EventLoop loop = new(new EventLoopOptions { Entries = 64 });
        const int PerRound = 8;
        long allocated = long.MaxValue;

        // Rounds of 8 continuations, each round drained before the next; the first rounds warm up (the loop's batch,
        // its queue's segment, the JIT). The quietest measured round counts: a test host thread may allocate meanwhile.
        for (int round = 0; round < 20; round++)
        {
            using CountdownEvent done = new(PerRound);
            TaskCompletionSource<long> measured = new(TaskCreationOptions.RunContinuationsAsynchronously);
            loop.Post(() =>
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < PerRound; i++)
                {
                    ThreadPoolBatchScheduler.Instance.Schedule(static state => ((CountdownEvent)state!).Signal(), done);
                }

                measured.TrySetResult(GC.GetAllocatedBytesForCurrentThread() - before);
            });

            long bytes = await measured.Task.WaitAsync(Timeout, TestContext.Current.CancellationToken);
            Assert.True(done.Wait(Timeout, TestContext.Current.CancellationToken));
            if (round >= 10)
            {
                allocated = Math.Min(allocated, bytes);
            }
        }

        Assert.Equal(0, allocated);
    }
}
