using System;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Setup;

/// <summary>The submit and wait paths the setup options add allocate nothing either: measured over warm loops.</summary>
public sealed class SetupZeroAllocationTests
{
    [Fact]
    public void Sqpoll_and_mixed_cq_cycles_allocate_nothing()
    {
        using Ring polled = TestRings.Started(new RingOptions { Entries = 32, NotifySucceed = true, SubmissionPolling = true, SubmissionPollingIdle = TimeSpan.FromMilliseconds(50) });
        using Ring mixed = TestRings.Started(new RingOptions { Entries = 32, NotifySucceed = true, CqeMixed = true });
        CqeView[] batch = new CqeView[16];
        int completed = 0;
        for (int warm = 0; warm < 2; warm++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1_000; i++)
            {
                // Submit (waking the SQPOLL thread when it sleeps), a blocking wait, and a reap's flush.
                Assert.True(polled.TryPrepareNop(SqeContext.FromValue(1)));
                polled.Submit();
                int got = polled.Wait(batch, 1, TimeSpan.FromSeconds(5));
                got += polled.Reap(batch);
                completed += got;

                // A 32-byte and a 16-byte completion in a CQE_MIXED ring (a wait's minimum counts slots).
                Assert.True(mixed.TryPrepareNop(SqeContext.FromValue(2), NopFlags.Cqe32));
                Assert.True(mixed.TryPrepareNop(SqeContext.FromValue(3)));
                for (int need = 2; need > 0;)
                {
                    int reaped = mixed.Wait(batch, need, TimeSpan.FromSeconds(5));
                    need -= reaped;
                    completed += reaped;
                }
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(warm == 0 || allocated == 0, $"The SQPOLL or CQE_MIXED cycles allocated {allocated} bytes.");
        }

        Assert.Equal(6_000, completed);
    }

    [Fact]
    public void Registered_and_minimum_waits_allocate_nothing()
    {
        KernelRequirement.Require();
        using Ring ring = new(new RingOptions { Entries = 32, NotifySucceed = true });
        RingMemoryRegion region = ring.RegisterMemoryRegion(4096, MemoryRegionFlags.WaitArguments);
        ring.Start();
        region.SetWait(0, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(1));
        CqeView[] batch = new CqeView[8];
        int completed = 0;
        for (int warm = 0; warm < 2; warm++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 2_000; i++)
            {
                Assert.True(ring.TryPrepareNop(SqeContext.FromValue(1)));
                completed += ring.WaitRegistered(batch, 1, 0);
                Assert.True(ring.TryPrepareNop(SqeContext.FromValue(2)));
                completed += ring.WaitMinTimeout(batch, 1, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(1));
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(warm == 0 || allocated == 0, $"Registered or minimum waits allocated {allocated} bytes.");
        }

        Assert.Equal(8_000, completed);
    }
}
