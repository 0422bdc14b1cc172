using System;
using System.Collections.Generic;
using System.Threading;
using Uring.Interop;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Setup;

/// <summary>
/// The registered ring fd: the kernel really holds the index (a raw enter by it works on the owner thread and nowhere
/// else), Stop gives it back (the index stops working and its slot is reused), and every path still completes requests.
/// </summary>
public sealed class RegisteredRingFdTests
{
    [Fact]
    public void A_default_ring_enters_by_a_registered_index_of_its_owner_thread()
    {
        KernelRequirement.Require();
        using Ring ring = new(new RingOptions { Entries = 8, NotifySucceed = true });
        Assert.False(ring.IsRingFdRegistered);
        ring.Start();
        Assert.True(ring.IsRingFdRegistered);
        int index = ring.RegisteredRingIndex;
        Assert.InRange(index, 0, 15);

        // The kernel knows the index on this thread only.
        Assert.Equal(0, Syscalls.IoUringEnterNonBlocking(index, 0, EnterFlags.RegisteredRing | EnterFlags.GetEvents));
        int elsewhere = 0;
        TestThread other = new(() => elsewhere = Syscalls.IoUringEnterNonBlocking(index, 0, EnterFlags.RegisteredRing | EnterFlags.GetEvents));
        other.Start();
        other.Join();
        Assert.True(elsewhere is -(int)Errno.EINVAL or -(int)Errno.EBADF, $"Another thread entered by the index: {elsewhere}.");

        // Blocking wait, submit and reap all go through it.
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(1), NopFlags.InjectResult, result: 11));
        Assert.Equal(11, ring.WaitOne().Result);
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(2), NopFlags.InjectResult, result: 12));
        Assert.Equal(1, ring.Submit());
        CqeView[] one = new CqeView[1];
        Assert.True(KernelThreads.Eventually(() => ring.Reap(one) == 1));
        Assert.Equal(12, one[0].Result);
    }

    [Fact]
    public void Stop_unregisters_the_index()
    {
        KernelRequirement.Require();
        Ring ring = TestRings.Started();
        int index = ring.RegisteredRingIndex;
        Assert.Equal(0, Syscalls.IoUringEnterNonBlocking(index, 0, EnterFlags.RegisteredRing));
        ring.Stop();
        Assert.False(ring.IsRingFdRegistered);
        Assert.Equal(-(int)Errno.EBADF, Syscalls.IoUringEnterNonBlocking(index, 0, EnterFlags.RegisteredRing));
    }

    [Fact]
    public void A_full_table_leaves_further_rings_on_their_fd_until_a_slot_is_freed()
    {
        KernelRequirement.Require();

        // A thread of its own, so no other test's rings hold slots of the table (16 per thread).
        Exception? failure = null;
        TestThread owner = new(() => failure = Record.Exception(FillTheTable));
        owner.Start();
        owner.Join();
        Assert.Null(failure);

        static void FillTheTable()
        {
            List<Ring> rings = [];
            try
            {
                for (int i = 0; i < 16; i++)
                {
                    rings.Add(TestRings.Started());
                    Assert.True(rings[^1].IsRingFdRegistered);
                }

                using Ring seventeenth = TestRings.Started();
                Assert.False(seventeenth.IsRingFdRegistered);
                Assert.True(seventeenth.TryPrepareNop(SqeContext.FromValue(3), NopFlags.InjectResult, result: 17));
                Assert.Equal(17, seventeenth.WaitOne().Result);

                int freed = rings[5].RegisteredRingIndex;
                rings[5].Dispose();
                using Ring reused = TestRings.Started();
                Assert.True(reused.IsRingFdRegistered);
                Assert.Equal(freed, reused.RegisteredRingIndex);
            }
            finally
            {
                foreach (Ring ring in rings)
                {
                    ring.Dispose();
                }
            }
        }
    }

    [Fact]
    public void The_option_off_and_multi_issuer_rings_enter_by_fd()
    {
        using Ring off = TestRings.Started(new RingOptions { Entries = 8, NotifySucceed = true, RegisteredRingFd = false });
        using Ring shared = TestRings.Started(new RingOptions { Entries = 8, NotifySucceed = true, MultiIssuers = true });
        foreach (Ring ring in new[] { off, shared })
        {
            Assert.False(ring.IsRingFdRegistered);
            Assert.Equal(-1, ring.RegisteredRingIndex);
            Assert.True(ring.TryPrepareNop(SqeContext.FromValue(4), NopFlags.InjectResult, result: 4));
            Assert.Equal(4, ring.WaitOne().Result);
        }
    }

    [Fact]
    public void A_ring_whose_owner_exited_is_torn_down_by_another_thread()
    {
        KernelRequirement.Require();
        Ring? ring = null;
        Exception? failure = null;
        TestThread owner = new(() => failure = Record.Exception(() =>
        {
            ring = TestRings.Started();
            Assert.True(ring.TryPrepareNop(SqeContext.FromValue(5)));
            ring.WaitOne();
        }));
        owner.Start();
        owner.Join();
        Assert.Null(failure);
        Assert.True(ring!.IsRingFdRegistered);
        ring.Dispose();
        Assert.True(ring.IsStopped);
        Assert.False(ring.IsRingFdRegistered);
    }
}
