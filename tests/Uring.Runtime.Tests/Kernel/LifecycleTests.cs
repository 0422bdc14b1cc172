using System;
using System.Threading;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

[Collection(FdNumberingCollection.Name)]
public sealed class LifecycleTests
{
    [Fact]
    public void Features_report_the_kernel_sizes()
    {
        KernelRequirement.Require();
        using Ring ring = new(new RingOptions { Entries = 100 });
        Assert.Equal(128, ring.Features.SqEntries);
        Assert.Equal(256, ring.Features.CqEntries);
        Assert.Equal(64, ring.Features.SqeBytes);
        Assert.Equal(16, ring.Features.CqeBytes);
        Assert.Equal(ByteOrder.LittleEndian, ring.Features.UserDataByteOrder);
        Assert.True(ring.Features.KernelFeatures.HasFlag(KernelFeatures.ExtArg | KernelFeatures.NoDrop | KernelFeatures.CqeSkip));
        Assert.True(ring.Features.SetupFlags.HasFlag(SetupFlags.SingleIssuer | SetupFlags.DeferTaskrun | SetupFlags.NoSqArray));
        Assert.True(ring.RingFd > 0);
        Assert.Equal(128, ring.SqAvailable);
        Assert.Equal(128, ring.Pools.Capacity);
    }

    [Fact]
    public void The_probe_reports_the_supported_opcodes()
    {
        KernelRequirement.Require();
        using Ring ring = new(new RingOptions { Entries = 8 });
        Assert.True(ring.Features.IsSupported(IoUringOp.Nop));
        Assert.True(ring.Features.IsSupported(IoUringOp.Pipe));
        Assert.False(ring.Features.IsSupported(IoUringOp.Nop128));
        Assert.True(ring.Features.LastOp >= (int)IoUringOp.Pipe);
    }

    [Fact]
    public void The_ring_starts_disabled_and_starts_once()
    {
        KernelRequirement.Require();
        using Ring ring = new(new RingOptions { Entries = 8 });
        Assert.False(ring.IsStarted);
        Assert.Throws<InvalidOperationException>(() => ring.Submit());
        ring.Start();
        Assert.True(ring.IsStarted);
        Assert.Equal(Environment.CurrentManagedThreadId, ring.OwnerThreadId);
        Assert.Throws<InvalidOperationException>(ring.Start);
        ring.Stop();
        Assert.Throws<ObjectDisposedException>(ring.Start);
    }

    /// <summary>
    /// Exactly once, checked: right after the first Stop a pipe is put at the ring's fd number (dup2) and fresh
    /// anonymous pages at the two mappings' addresses (MAP_FIXED_NOREPLACE succeeds only where nothing is mapped,
    /// which shows the first Stop unmapped them). A second close or munmap by Stop/Dispose would take these away,
    /// which the end of the test sees. (This class runs alone, in the fd-numbering collection, so no parallel
    /// test owns that fd number in between; the helpers are warmed up first so that no JIT allocation takes the
    /// freed addresses.)
    /// </summary>
    [Fact]
    public unsafe void Stop_releases_the_ring_fd_and_mappings_exactly_once()
    {
        KernelRequirement.Require();
        WarmUpSentinels();
        Ring ring = new(new RingOptions { Entries = 8 });
        int fd = ring.RingFd;
        nint rings = (nint)ring.SubmissionQueue.Head & ~(nint)0xFFF;
        nint sqes = (nint)ring.SubmissionQueue.Sqes;
        Assert.Equal("anon_inode:[io_uring]", Posix.FdTarget(fd));
        Assert.Contains("io_uring", Posix.MappingAt(rings));
        Assert.Contains("io_uring", Posix.MappingAt(sqes));
        (int read, int write) = Posix.Pipe();

        ring.Stop();
        Posix.Dup2(read, fd);

        // Whatever lies at the freed addresses now (our page, or a page another thread of the process took first)
        // must survive the second Stop: a second unmap would remove it.
        bool ownsRings = Posix.TryMapAnonymousAt(rings, 4096);
        bool ownsSqes = Posix.TryMapAnonymousAt(sqes, 4096);
        string? ringsMapping = Posix.MappingAt(rings);
        string? sqesMapping = Posix.MappingAt(sqes);
        try
        {
            string? pipe = Posix.FdTarget(fd);
            Assert.StartsWith("pipe:", pipe);
            Assert.DoesNotContain("io_uring", ringsMapping);
            Assert.DoesNotContain("io_uring", sqesMapping);
            ring.Stop();
            ring.Dispose();
            Assert.Throws<ObjectDisposedException>(() => ring.TryPrepareNop(SqeContext.FromValue(1)));

            Assert.Equal(pipe, Posix.FdTarget(fd));
            Assert.Equal(ringsMapping, Posix.MappingAt(rings));
            Assert.Equal(sqesMapping, Posix.MappingAt(sqes));
        }
        finally
        {
            if (ownsRings)
            {
                Posix.Unmap((byte*)rings, 4096);
            }

            if (ownsSqes)
            {
                Posix.Unmap((byte*)sqes, 4096);
            }

            Posix.CloseQuietly(ref fd);
            Posix.CloseQuietly(ref read);
            Posix.CloseQuietly(ref write);
        }
    }

    /// <summary>Runs every helper the exactly-once test calls after Stop once, so that their JIT code is not placed at a freed ring address.</summary>
    private static unsafe void WarmUpSentinels()
    {
        byte* scratch = Posix.MapAnonymousMemory(4096);
        Posix.Unmap(scratch, 4096);
        if (Posix.TryMapAnonymousAt((nint)scratch, 4096))
        {
            Posix.Unmap(scratch, 4096);
        }

        Assert.Null(Posix.MappingAt(0));
        (int read, int write) = Posix.Pipe();
        Posix.Dup2(read, write);
        Assert.StartsWith("pipe:", Posix.FdTarget(write));
        Posix.CloseQuietly(ref read);
        Posix.CloseQuietly(ref write);
    }

    [Theory]
    [InlineData(false, false, false)]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    [InlineData(false, false, true)]
    public void Optional_ring_shapes_run_real_requests(bool sqe128, bool cqe32, bool sqArray)
    {
        using Ring ring = TestRings.Started(new RingOptions { Entries = 8, Sqe128 = sqe128, Cqe32 = cqe32, IndirectSubmissionQueue = sqArray, NotifySucceed = true });
        Assert.Equal(sqe128 ? 128 : 64, ring.Features.SqeBytes);
        Assert.Equal(cqe32 ? 32 : 16, ring.Features.CqeBytes);
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < 6; i++)
            {
                Assert.True(ring.TryPrepareNop(SqeContext.FromValue((ulong)i), NopFlags.InjectResult, result: 100 + i));
            }

            CqeView[] all = ring.WaitMany(6);
            Array.Sort(all, (a, b) => a.Result.CompareTo(b.Result));
            for (int i = 0; i < 6; i++)
            {
                Assert.Equal(100 + i, all[i].Result);
                Assert.Equal((ulong)i, all[i].Context.Value);
            }
        }
    }

    [Fact]
    public void A_hybrid_polling_ring_is_set_up_and_completes_requests()
    {
        using Ring ring = TestRings.Started(new RingOptions { Entries = 8, HybridPolling = true, NotifySucceed = true });
        Assert.True(ring.Features.SetupFlags.HasFlag(SetupFlags.IoPoll | SetupFlags.HybridIoPoll));
        Assert.False(ring.Features.SetupFlags.HasFlag(SetupFlags.DeferTaskrun));
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(3), NopFlags.InjectResult, result: 9));
        CqeView cqe = ring.WaitOne();
        Assert.Equal(9, cqe.Result);
    }

    [Fact]
    public void A_single_issuer_ring_refuses_another_thread()
    {
        using Ring ring = TestRings.Started();
        Exception? error = null;
        TestThread other = new(() => error = Record.Exception(() => ring.Submit()));
        other.Start();
        other.Join();
        Assert.IsType<InvalidOperationException>(error);
        Assert.Contains($"thread {ring.OwnerThreadId}", error!.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16 * 1024 * 1024)]
    public void A_single_issuer_ring_refuses_a_prep_from_another_thread(int stackBytes)
    {
        // The owner check of prep methods first tests the stack address against the owner's stack: a thread with a
        // stack of its own (the default size, or one larger than the owner's) must still be refused, and queue nothing.
        using Ring ring = TestRings.Started();
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(1)));
        Exception? error = null;
        TestThread other = new(() => error = Record.Exception(() => ring.TryPrepareNop(SqeContext.FromValue(2))), stackBytes);
        other.Start();
        other.Join();
        Assert.IsType<InvalidOperationException>(error);
        Assert.Contains($"owned by managed thread {ring.OwnerThreadId}", error!.Message);
        Assert.Equal(1, ring.SqPending);

        Span<CqeView> completions = stackalloc CqeView[4];
        Assert.Equal(1, ring.Wait(completions, 1, TimeSpan.FromSeconds(5)));
        Assert.Equal(1UL, completions[0].Context.Value);
    }

    [Fact]
    public void A_multi_issuer_ring_accepts_several_threads()
    {
        using Ring ring = TestRings.Started(new RingOptions { Entries = 64, MultiIssuers = true, NotifySucceed = true });
        Assert.True(ring.Features.SetupFlags.HasFlag(SetupFlags.CoopTaskrun));
        const int PerThread = 200;
        int reaped = 0;
        TestThread[] submitters = new TestThread[3];
        for (int t = 0; t < submitters.Length; t++)
        {
            submitters[t] = new TestThread(() =>
            {
                Span<CqeView> batch = stackalloc CqeView[16];
                for (int i = 0; i < PerThread; i++)
                {
                    while (!ring.TryPrepareNop(SqeContext.FromValue(1)))
                    {
                        Interlocked.Add(ref reaped, ring.Reap(batch));
                    }

                    ring.Submit();
                    Interlocked.Add(ref reaped, ring.Reap(batch));
                }
            });
            submitters[t].Start();
        }

        foreach (TestThread submitter in submitters)
        {
            submitter.Join();
        }

        Span<CqeView> rest = stackalloc CqeView[64];
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (reaped < 3 * PerThread && DateTime.UtcNow < deadline)
        {
            reaped += ring.Wait(rest, 1, TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(3 * PerThread, reaped);
    }
}
