using System;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Setup;

/// <summary>The README's "Ring setup options and registrations" examples, as written there, run.</summary>
public sealed class ReadmeSetupExampleTests
{
    [Fact]
    public void The_sqpoll_example_runs()
    {
        KernelRequirement.Require();
        using Ring ring = new(new RingOptions { Entries = 64, SubmissionPolling = true, SubmissionPollingIdle = TimeSpan.FromMilliseconds(10) });
        ring.Start();
        while (!ring.TryPrepareNop(SqeContext.FromValue(1)))
        {
            ring.WaitForSqSpace();   // a full SQ: wakes the SQPOLL thread and sleeps in the kernel (IORING_ENTER_SQ_WAIT) until it drained some
        }

        ring.Submit();               // enters only if the thread went to sleep

        Assert.Equal(1ul, ring.WaitOne().Context.Value);
    }

    [Fact]
    public void The_registered_wait_example_runs()
    {
        KernelRequirement.Require();
        using Ring ring = new(new RingOptions { Entries = 256 });
        RingMemoryRegion waits = ring.RegisterMemoryRegion(4096, MemoryRegionFlags.WaitArguments);   // 64 slots
        ring.Start();
        waits.SetWait(0, timeout: TimeSpan.FromMilliseconds(5), minWait: TimeSpan.FromMicroseconds(200));
        Span<CqeView> batch = stackalloc CqeView[32];
        int got = ring.WaitRegistered(batch, minComplete: 32, waitSlot: 0);

        Assert.Equal(0, got);
        Assert.Equal(64, waits.WaitSlotCount);
    }
}
