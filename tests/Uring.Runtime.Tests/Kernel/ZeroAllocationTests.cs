using System;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>Zero allocation is measured, not claimed.</summary>
public sealed class ZeroAllocationTests
{
    [Fact]
    public void Nop_prep_submit_reap_cycles_allocate_nothing()
    {
        using Ring ring = TestRings.Started(new RingOptions { Entries = 64, NotifySucceed = true });
        CqeView[] batch = new CqeView[32];
        int completed = 0;
        long allocated = Allocations.LeastPerWindow(() => completed = RunCycles(ring, batch, 100_000));

        Assert.Equal(100_000, completed);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Staged_ops_and_pooled_contexts_allocate_nothing()
    {
        using Ring ring = TestRings.Started(new RingOptions { Entries = 64, NotifySucceed = true });
        CqeView[] batch = new CqeView[8];
        ExtendedCqe[] extBatch = new ExtendedCqe[8];
        for (int warm = 0; warm < 2; warm++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 2_000; i++)
            {
                Assert.True(ring.TryPrepareTimeout(SqeContext.FromValue(1), TimeSpan.Zero, count: 0));
                Assert.True(ring.TryRentExtendedSqe(out ExtendedSqe ext));
                ext.As<long>() = i;
                Assert.True(ring.TryPrepareNop(ext.Context));
                int got = ring.Wait(batch.AsSpan(0, 0), 2, TimeSpan.FromSeconds(5));
                got += ring.Reap(extBatch);
                for (int c = 0; c < got; c++)
                {
                    if (extBatch[c].Ext.IsValid)
                    {
                        ring.ReturnExtendedSqe(extBatch[c].Ext);
                    }
                }
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (warm == 1)
            {
                Assert.Equal(0, allocated);
            }
        }
    }

    private static int RunCycles(Ring ring, CqeView[] batch, int count)
    {
        int completed = 0;
        for (int i = 0; i < count; i++)
        {
            ring.TryPrepareNop(SqeContext.FromValue((ulong)i));
            ring.Submit();
            completed += ring.Reap(batch);
        }

        while (completed < count)
        {
            completed += ring.Reap(batch);
        }

        return completed;
    }
}
