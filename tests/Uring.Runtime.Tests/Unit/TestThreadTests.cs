using System;
using System.Threading;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>The test-thread helper: what its body throws fails the joining test instead of ending the process.</summary>
public sealed class TestThreadTests
{
    [Fact]
    public void Join_rethrows_what_the_body_threw_on_the_joining_thread()
    {
        TestThread thread = new(() => throw new InvalidOperationException("from the test thread")) { IsBackground = true };
        thread.Start();
        InvalidOperationException thrown = Assert.Throws<InvalidOperationException>(() => thread.Join(TimeSpan.FromSeconds(10)));
        Assert.Equal("from the test thread", thrown.Message);
        Assert.False(thread.IsAlive);
    }

    [Fact]
    public void Join_returns_false_while_the_body_runs_and_true_once_it_ended_cleanly()
    {
        using ManualResetEventSlim release = new();
        int ranOn = 0;
        TestThread thread = new(() =>
        {
            release.Wait(TimeSpan.FromSeconds(10));
            ranOn = Environment.CurrentManagedThreadId;
        }) { IsBackground = true };
        thread.Start();
        Assert.False(thread.Join(TimeSpan.FromMilliseconds(20)));
        release.Set();
        Assert.True(thread.Join(TimeSpan.FromSeconds(10)));
        Assert.Equal(thread.ManagedThreadId, ranOn);
    }
}
