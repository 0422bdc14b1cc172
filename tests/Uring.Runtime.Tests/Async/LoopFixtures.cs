using System;
using System.Threading;
using System.Threading.Tasks;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Async;

/// <summary>Loops for tests, and a bound on every await so a bug fails the test instead of hanging the run.</summary>
internal static class LoopFixtures
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    /// <summary>A running loop with a small ring (kernel tests: skip or fail as <see cref="KernelRequirement"/> says).</summary>
    public static EventLoop Start(EventLoopOptions? options = null)
    {
        KernelRequirement.Require();
        return new EventLoop(options ?? new EventLoopOptions { Entries = 64 });
    }

    /// <summary>The task, failing with <see cref="TimeoutException"/> after <see cref="Bound"/>.</summary>
    public static Task Bounded(this Task task) => task.WaitAsync(Bound, TestContext.Current.CancellationToken);

    /// <inheritdoc cref="Bounded(Task)"/>
    public static Task<T> Bounded<T>(this Task<T> task) => task.WaitAsync(Bound, TestContext.Current.CancellationToken);

    /// <inheritdoc cref="Bounded(Task)"/>
    public static Task Bounded(this ValueTask task) => task.AsTask().Bounded();

    /// <inheritdoc cref="Bounded(Task)"/>
    public static Task<T> Bounded<T>(this ValueTask<T> task) => task.AsTask().Bounded();

    /// <summary>Polls <paramref name="condition"/> until it holds or <see cref="Bound"/> passes.</summary>
    public static void Eventually(Func<bool> condition, string what)
    {
        SpinWait spinner = default;
        long deadline = Environment.TickCount64 + (long)Bound.TotalMilliseconds;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                Assert.Fail($"Not within {Bound}: {what}");
            }

            spinner.SpinOnce(sleep1Threshold: 10);
        }
    }

    /// <summary>Every counter that must be zero once a loop shut down and every operation was awaited.</summary>
    public static void AssertNothingLeft(EventLoopStatistics statistics)
    {
        Assert.Equal(0, statistics.OperationsInFlight);
        Assert.Equal(0, statistics.InternalRequestsInFlight);
        Assert.Equal(0, statistics.OperationsWaitingForSubmission);
        Assert.Equal(0, statistics.SourcesOutstanding);
        Assert.Equal(0, statistics.OwnedFileDescriptors);
        Assert.Equal(0, statistics.NativeBytes);
        Assert.Equal(0, statistics.ProvidedBuffersLent);
        Assert.Equal(0, statistics.QueuedWorkItems);
        Assert.False(statistics.IsRunning);
    }
}
