using System;
using Uring.Interop;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>
/// <see cref="Ring.Reap(Span{BigCqe})"/> on detached rings: the extra 16 bytes of a CQE32 ring's completions, the
/// flagged ones of a CQE_MIXED ring (the others read as 0), nothing beyond the 16 bytes on a plain ring.
/// </summary>
public sealed unsafe class BigCqeReapTests
{
    [Fact]
    public void A_cqe32_ring_hands_out_both_extra_words()
    {
        using Ring ring = DetachedRings.Create(new RingOptions { Cqe32 = true });
        ref CompletionQueueState cq = ref ring.CompletionQueue;
        for (uint i = 0; i < 3; i++)
        {
            IoUringCqe32* cqe = (IoUringCqe32*)cq.CqeAt(*cq.Tail);
            *cqe = new IoUringCqe32 { Cqe = new IoUringCqe { UserData = SqeContext.FromValue(10 + i).Raw, Res = (int)i, Flags = 0 }, BigCqe0 = 0x1000 + i, BigCqe1 = 0x2000 + i };
            *cq.Tail += 1;
        }

        Span<BigCqe> got = stackalloc BigCqe[4];
        Assert.Equal(3, ring.Reap(got));
        for (int i = 0; i < 3; i++)
        {
            Assert.True(got[i].IsBig);
            Assert.Equal(10UL + (ulong)i, got[i].View.Context.Value);
            Assert.Equal(i, got[i].Result);
            Assert.Equal(0x1000UL + (ulong)i, got[i].Extra0);
            Assert.Equal(0x2000UL + (ulong)i, got[i].Extra1);
        }

        Assert.Equal(3u, *cq.Head);
    }

    [Fact]
    public void A_plain_ring_has_no_extra_bytes()
    {
        using Ring ring = DetachedRings.Create();
        ring.KernelPost(SqeContext.FromValue(1).Raw, 5);
        ring.KernelPost(SqeContext.FromValue(2).Raw, 6);
        Span<BigCqe> got = stackalloc BigCqe[2];
        Assert.Equal(2, ring.Reap(got));
        Assert.False(got[0].IsBig);
        Assert.Equal(0UL, got[0].Extra0);
        Assert.Equal(6, got[1].Result);
        Assert.Equal(0UL, got[1].Extra1);
    }

    [Fact]
    public void A_mixed_ring_reads_extra_bytes_only_for_flagged_completions()
    {
        using Ring ring = DetachedRings.Create(new RingOptions { CqeMixed = true });
        ref CompletionQueueState cq = ref ring.CompletionQueue;
        IoUringCqe32* big = (IoUringCqe32*)cq.CqeAt(0);
        *big = new IoUringCqe32 { Cqe = new IoUringCqe { UserData = SqeContext.FromValue(1).Raw, Res = 1, Flags = (uint)CqeFlags.Big }, BigCqe0 = 0xAA, BigCqe1 = 0xBB };
        IoUringCqe* small = cq.CqeAt(2);
        *small = new IoUringCqe { UserData = SqeContext.FromValue(2).Raw, Res = 2 };
        *cq.Tail = 3;

        Span<BigCqe> got = stackalloc BigCqe[4];
        Assert.Equal(2, ring.Reap(got));
        Assert.True(got[0].IsBig);
        Assert.Equal(0xAAUL, got[0].Extra0);
        Assert.Equal(0xBBUL, got[0].Extra1);
        Assert.False(got[1].IsBig);
        Assert.Equal(2, got[1].Result);
        Assert.Equal(0UL, got[1].Extra0);
    }
}
