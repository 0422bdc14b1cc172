using System;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Setup;

/// <summary>CQE_MIXED and SQE_MIXED: what this kernel accepts, probed at run time; what it refuses, refused clearly.</summary>
public sealed class MixedQueueTests
{
    [Fact]
    public unsafe void A_mixed_cq_reaps_16_and_32_byte_completions_and_drops_the_padding()
    {
        KernelRequirement.Require();
        if (!KernelCapabilities.Query().SetupFlags.HasFlag(SetupFlags.CqeMixed))
        {
            NotSupportedException refused = Assert.Throws<NotSupportedException>(() => new Ring(new RingOptions { Entries = 8, CqeMixed = true }));
            Assert.Contains("6.18", refused.Message);
            return;
        }

        using Ring ring = TestRings.Started(new RingOptions { Entries = 8, CqeMixed = true, NotifySucceed = true });
        Assert.True(ring.Features.SetupFlags.HasFlag(SetupFlags.CqeMixed));

        // One 32-byte completion takes two 16-byte slots.
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(1), NopFlags.InjectResult | NopFlags.Cqe32, result: 10));
        ring.Submit();
        Assert.Equal(2, ring.CqPending);
        CqeView[] got = new CqeView[4];
        Assert.Equal(1, ring.Reap(got));
        Assert.Equal(10, got[0].Result);
        Assert.True(got[0].Flags.HasFlag(CqeFlags.Big));
        Assert.Equal(0, ring.CqPending);

        // Rounds of 7 slots in a 16-slot CQ: a 32-byte completion eventually falls on the last slot, where the kernel
        // posts a padding entry first. Every completion arrives once, in order, with its own result.
        bool[] big = [true, false, true, false, false];
        int slots = 2;
        ulong next = 100;
        for (int round = 0; round < 20; round++)
        {
            for (int i = 0; i < big.Length; i++)
            {
                NopFlags flags = NopFlags.InjectResult | (big[i] ? NopFlags.Cqe32 : NopFlags.None);
                Assert.True(ring.TryPrepareNop(SqeContext.FromValue(next + (ulong)i), flags, result: (int)(next + (ulong)i)));
                slots += big[i] ? 2 : 1;
            }

            CqeView[] all = ring.WaitMany(big.Length);
            for (int i = 0; i < big.Length; i++)
            {
                Assert.Equal(next + (ulong)i, all[i].Context.Value);
                Assert.Equal((int)(next + (ulong)i), all[i].Result);
                Assert.Equal(big[i], all[i].Flags.HasFlag(CqeFlags.Big));
                Assert.False(all[i].Flags.HasFlag(CqeFlags.Skip));
            }

            next += (ulong)big.Length;
        }

        uint head = *ring.CompletionQueue.Head;
        Assert.Equal(head, *ring.CompletionQueue.Tail);
        Assert.True(head > (uint)slots, $"No padding entry was posted: {head} slots consumed for {slots} slots of completions.");
    }

    [Fact]
    public void A_32_byte_completion_on_a_plain_ring_fails_the_request()
    {
        using Ring ring = TestRings.Started();
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(1), NopFlags.Cqe32));
        Assert.Equal(Errno.EINVAL, ring.WaitOne().Error);
    }

    [Fact]
    public void A_mixed_sq_is_created_only_where_the_kernel_accepts_it()
    {
        KernelRequirement.Require();
        RingOptions options = new() { Entries = 8, SqeMixed = true };
        if (KernelCapabilities.Query().SetupFlags.HasFlag(SetupFlags.SqeMixed))
        {
            using Ring ring = new(options);
            Assert.True(ring.Features.SetupFlags.HasFlag(SetupFlags.SqeMixed));
            return;
        }

        NotSupportedException error = Assert.Throws<NotSupportedException>(() => new Ring(options));
        Assert.Contains("SQE_MIXED", error.Message);
        Assert.Contains("RingOptions.SqeMixed", error.Message);
        Assert.Contains("6.19", error.Message);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Mixed_and_fixed_entry_sizes_exclude_each_other(bool sqe, bool cqe)
    {
        RingOptions options = new() { SqeMixed = sqe, Sqe128 = sqe, CqeMixed = cqe, Cqe32 = cqe };
        ArgumentException error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Equal(sqe ? nameof(RingOptions.SqeMixed) : nameof(RingOptions.CqeMixed), error.ParamName);
    }
}
