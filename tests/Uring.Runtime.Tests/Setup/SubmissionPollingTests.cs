using System;
using System.Collections.Generic;
using System.Threading;
using Uring.Interop;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Setup;

/// <summary>
/// SQPOLL rings on the real kernel: the kernel thread takes published SQEs by itself, sleeps after its idle time, and
/// is woken by every path that hands it work (Submit, Reap, Wait, WaitForSqSpace). One class, so its tests (which count
/// the process's SQPOLL threads) never run beside each other.
/// </summary>
public sealed class SubmissionPollingTests
{
    private static RingOptions Polling(TimeSpan idle, int entries = 8) => new()
    {
        Entries = entries,
        NotifySucceed = true,
        SubmissionPolling = true,
        SubmissionPollingIdle = idle,
    };

    [Fact]
    public void The_ring_is_set_up_with_sqpoll_and_without_deferred_task_running()
    {
        using Ring ring = TestRings.Started(Polling(TimeSpan.FromMilliseconds(20)));
        SetupFlags flags = ring.Features.SetupFlags;
        Assert.True(flags.HasFlag(SetupFlags.SqPoll | SetupFlags.SingleIssuer));
        Assert.False(flags.HasFlag(SetupFlags.DeferTaskrun));
        Assert.False(flags.HasFlag(SetupFlags.SqAff));
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(5), NopFlags.InjectResult, result: 42));
        CqeView cqe = ring.WaitOne();
        Assert.Equal(42, cqe.Result);
        Assert.Equal(5ul, cqe.Context.Value);
    }

    [Fact]
    public void A_busy_kernel_thread_takes_published_entries_without_any_enter()
    {
        // A long idle time keeps the thread polling: publishing alone must be enough.
        using Ring ring = TestRings.Started(Polling(TimeSpan.FromSeconds(5)));
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(1)));
        ring.Submit();
        ring.WaitOne();

        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(2), NopFlags.InjectResult, result: 7));
        Assert.True(KernelThreads.Eventually(() => ring.CqPending == 1), "The polling thread did not take the published SQE.");
        CqeView cqe = ring.WaitOne();
        Assert.Equal(7, cqe.Result);
    }

    [Fact]
    public unsafe void Submit_wakes_the_thread_after_its_idle_time()
    {
        using Ring ring = TestRings.Started(Polling(TimeSpan.FromMilliseconds(10)));
        AwaitSleepingThread(ring);

        // Asleep, the thread does not see what is published...
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(9), NopFlags.InjectResult, result: 99));
        Thread.Sleep(100);
        Assert.Equal(0, ring.CqPending);
        Assert.Equal(1, ring.SqPending);

        // ...until Submit answers IORING_SQ_NEED_WAKEUP with IORING_ENTER_SQ_WAKEUP.
        Assert.Equal(1, ring.Submit());
        Assert.True(KernelThreads.Eventually(() => ring.CqPending == 1), "Submit did not wake the SQPOLL thread.");
        Assert.Equal(99, ring.WaitOne().Result);
    }

    [Fact]
    public void Wait_wakes_the_thread_after_its_idle_time()
    {
        using Ring ring = TestRings.Started(Polling(TimeSpan.FromMilliseconds(10)));
        AwaitSleepingThread(ring);
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(3), NopFlags.InjectResult, result: 33));
        Span<CqeView> one = stackalloc CqeView[1];
        Assert.Equal(1, ring.Wait(one, 1, TimeSpan.FromSeconds(10)));
        Assert.Equal(33, one[0].Result);
    }

    [Fact]
    public void Reap_wakes_the_thread_after_its_idle_time()
    {
        using Ring ring = TestRings.Started(Polling(TimeSpan.FromMilliseconds(10)));
        AwaitSleepingThread(ring);
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(4), NopFlags.InjectResult, result: 44));
        CqeView[] one = new CqeView[1];
        Assert.True(KernelThreads.Eventually(() => ring.Reap(one) == 1), "Reap did not wake the SQPOLL thread.");
        Assert.Equal(44, one[0].Result);
    }

    [Fact]
    public void WaitForSqSpace_wakes_the_thread_and_waits_for_it_to_drain_a_full_queue()
    {
        using Ring ring = TestRings.Started(Polling(TimeSpan.FromMilliseconds(10)));
        AwaitSleepingThread(ring);
        int prepared = 0;
        while (ring.TryPrepareNop(SqeContext.FromValue((ulong)prepared)))
        {
            prepared++;
        }

        Assert.Equal(ring.Features.SqEntries, prepared);
        Assert.Equal(0, ring.SqAvailable);
        int available = ring.WaitForSqSpace();
        Assert.True(available > 0);
        Assert.True(ring.SqAvailable >= available);
        CqeView[] all = ring.WaitMany(prepared);
        Array.Sort(all, (a, b) => a.Context.Value.CompareTo(b.Context.Value));
        for (int i = 0; i < prepared; i++)
        {
            Assert.Equal((ulong)i, all[i].Context.Value);
        }
    }

    [Fact]
    public void WaitForSqSpace_on_a_ring_without_sqpoll_submits_to_free_the_queue()
    {
        using Ring ring = TestRings.Started(new RingOptions { Entries = 8, NotifySucceed = true });
        Assert.Equal(8, ring.WaitForSqSpace());
        while (ring.TryPrepareNop(SqeContext.FromValue(1)))
        {
        }

        Assert.Equal(8, ring.WaitForSqSpace());
        Assert.Equal(8, ring.WaitMany(8).Length);
    }

    [Fact]
    public void The_thread_is_pinned_to_the_chosen_cpu()
    {
        KernelRequirement.Require();
        int cpu = Environment.ProcessorCount - 1;
        HashSet<int> before = KernelThreads.Named("iou-sqp-");
        using Ring ring = Served(Polling(TimeSpan.FromMilliseconds(10)) with { SubmissionPollingCpu = cpu });
        Assert.True(ring.Features.SetupFlags.HasFlag(SetupFlags.SqPoll | SetupFlags.SqAff));
        HashSet<int> created = KernelThreads.NewSqPollThreads(before);
        int thread = Assert.Single(created);
        Assert.Equal(cpu.ToString(System.Globalization.CultureInfo.InvariantCulture), KernelThreads.AllowedCpus(thread));
    }

    [Fact]
    public void A_cpu_that_is_not_online_is_reported_against_the_option()
    {
        KernelRequirement.Require();
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(
            () => new Ring(Polling(TimeSpan.FromMilliseconds(10)) with { SubmissionPollingCpu = 4095 }));
        Assert.Equal(nameof(RingOptions.SubmissionPollingCpu), error.ParamName);
    }

    [Fact]
    public void Attached_sqpoll_rings_share_one_kernel_thread()
    {
        KernelRequirement.Require();
        HashSet<int> before = KernelThreads.Named("iou-sqp-");
        using Ring first = Served(Polling(TimeSpan.FromMilliseconds(10)));
        HashSet<int> afterFirst = KernelThreads.Named("iou-sqp-");
        Assert.Single(KernelThreads.NewSqPollThreads(before));

        using Ring attached = Served(Polling(TimeSpan.FromMilliseconds(10)) with { AttachWorkQueue = first });
        Assert.True(attached.Features.SetupFlags.HasFlag(SetupFlags.AttachWq));
        Assert.Empty(KernelThreads.NewSqPollThreads(afterFirst));

        using Ring separate = Served(Polling(TimeSpan.FromMilliseconds(10)));
        Assert.Single(KernelThreads.NewSqPollThreads(afterFirst));
    }

    /// <summary>
    /// A started SQPOLL ring whose thread has served one request: the thread names itself <c>iou-sqp-PID</c> when it
    /// first runs, so only then can /proc tell it apart.
    /// </summary>
    private static Ring Served(RingOptions options)
    {
        Ring ring = TestRings.Started(options);
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(8), NopFlags.InjectResult, result: 80));
        ring.Submit();
        Assert.Equal(80, ring.WaitOne().Result);
        return ring;
    }

    [Fact]
    public void A_multi_issuer_sqpoll_ring_serves_several_threads()
    {
        using Ring ring = TestRings.Started(Polling(TimeSpan.FromMilliseconds(10), entries: 32) with { MultiIssuers = true });
        Assert.False(ring.Features.SetupFlags.HasFlag(SetupFlags.SingleIssuer));
        int reaped = 0;
        Exception?[] failures = new Exception?[2];
        TestThread[] threads = new TestThread[2];
        for (int t = 0; t < threads.Length; t++)
        {
            int index = t;
            threads[t] = new TestThread(() => failures[index] = Record.Exception(() =>
            {
                CqeView[] batch = new CqeView[8];
                for (int i = 0; i < 50; i++)
                {
                    while (!ring.TryPrepareNop(SqeContext.FromValue(1)))
                    {
                        ring.WaitForSqSpace();
                    }

                    ring.Submit();
                    Interlocked.Add(ref reaped, ring.Reap(batch));
                }
            }));
            threads[t].Start();
        }

        foreach (TestThread thread in threads)
        {
            thread.Join();
        }

        Assert.All(failures, Assert.Null);

        CqeView[] rest = new CqeView[32];
        Assert.True(KernelThreads.Eventually(() => (reaped += ring.Reap(rest)) == 100), $"{reaped} of 100 completions arrived.");
    }

    /// <summary>Waits until the SQPOLL thread went idle and set <c>IORING_SQ_NEED_WAKEUP</c>.</summary>
    private static unsafe void AwaitSleepingThread(Ring ring)
    {
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(0)));
        ring.Submit();
        ring.WaitOne();
        Assert.True(
            KernelThreads.Eventually(() => (Volatile.Read(ref *ring.SubmissionQueue.Flags) & (uint)SqRingFlags.NeedWakeup) != 0),
            "The SQPOLL thread never went idle.");
    }
}
