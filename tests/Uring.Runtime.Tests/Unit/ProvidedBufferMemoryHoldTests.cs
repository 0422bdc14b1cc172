using System;
using System.Threading;
using Xunit;
using Uring.Tests.Support;

namespace Uring.Tests.Unit;

/// <summary>
/// A group's buffers outlive the group while memory holds (views handed out as <see cref="Memory{T}"/>) are alive: freed
/// by the release or by the last hold, whichever comes last, exactly once, and never again handed out after that.
/// </summary>
public sealed class ProvidedBufferMemoryHoldTests
{
    [Fact]
    public void Without_holds_the_release_frees_the_buffers_at_once()
    {
        ProvidedBufferRing group = ProvidedBufferRing.CreateDetached(1, 4, 64);
        group.Dispose();
        Assert.True(group.IsSlabFreed);
        Assert.False(group.TryAddMemoryHold());
    }

    [Fact]
    public void Holds_keep_the_buffers_past_the_release_and_the_last_one_frees_them()
    {
        ProvidedBufferRing group = ProvidedBufferRing.CreateDetached(1, 4, 64);
        Assert.True(group.TryAddMemoryHold());
        Assert.True(group.TryAddMemoryHold());
        group.Dispose();
        Assert.True(group.IsDisposed);
        Assert.False(group.IsSlabFreed);
        Assert.Equal(2, group.MemoryHolds);

        // A hold added while another one keeps the memory is fine (a pin of a buffer still lent after the shutdown).
        Assert.True(group.TryAddMemoryHold());
        Assert.False(group.ReleaseMemoryHold());
        Assert.False(group.ReleaseMemoryHold());
        Assert.True(group.ReleaseMemoryHold());
        Assert.True(group.IsSlabFreed);
        Assert.False(group.TryAddMemoryHold());
    }

    [Fact]
    public void Holds_released_before_the_release_leave_the_free_to_it()
    {
        ProvidedBufferRing group = ProvidedBufferRing.CreateDetached(1, 4, 64);
        Assert.True(group.TryAddMemoryHold());
        Assert.False(group.ReleaseMemoryHold());
        Assert.False(group.IsSlabFreed);
        group.Dispose();
        Assert.True(group.IsSlabFreed);
    }

    [Fact]
    public void Holds_racing_the_release_on_many_threads_free_the_buffers_exactly_once()
    {
        for (int round = 0; round < 200; round++)
        {
            ProvidedBufferRing group = ProvidedBufferRing.CreateDetached(1, 2, 64);
            Assert.True(group.TryAddMemoryHold()); // the "lent buffer" that keeps it alive while the others churn
            int frees = 0;
            using Barrier start = new(5);
            TestThread[] churn = new TestThread[4];
            for (int t = 0; t < churn.Length; t++)
            {
                churn[t] = new TestThread(() =>
                {
                    start.SignalAndWait();
                    for (int i = 0; i < 200; i++)
                    {
                        if (group.TryAddMemoryHold() && group.ReleaseMemoryHold())
                        {
                            Interlocked.Increment(ref frees);
                        }
                    }
                });
                churn[t].Start();
            }

            start.SignalAndWait(TestContext.Current.CancellationToken);
            group.Dispose();
            foreach (TestThread thread in churn)
            {
                thread.Join();
            }

            Assert.False(group.IsSlabFreed);
            Assert.True(group.ReleaseMemoryHold());
            Assert.Equal(0, frees);
            Assert.True(group.IsSlabFreed);
        }
    }
}
