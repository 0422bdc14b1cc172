using System;
using System.Collections.Generic;
using System.Threading;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>
/// Foreign completions on a real ring: any process holding the ring fd can post any <c>user_data</c> with
/// <c>IORING_OP_MSG_RING</c>. The ring reaps them as foreign, nothing reads through them, and the ring keeps
/// working. Contexts that are not rented now from the ring's pools are refused by prep methods.
/// </summary>
public sealed unsafe class ForeignCompletionKernelTests : IDisposable
{
    private static int s_handlerCalls;

    private readonly Ring _ring = TestRings.Started();
    private readonly Ring _poster = TestRings.Started();

    public void Dispose()
    {
        _ring.Dispose();
        _poster.Dispose();
    }

    [Fact]
    public void A_wild_extended_pointer_posted_by_msg_ring_is_foreign()
    {
        CqeView cqe = PostAndReap((2UL << 62) | 0x7ffd_dead_0000, 7);
        AssertForeignAndPassedOn(in cqe);
        Assert.Equal(7, cqe.Result);
        AssertNopRoundTrip();
    }

    [Fact]
    public void An_indirect_pointer_into_the_rings_own_slab_at_a_slot_that_is_not_rented_is_foreign()
    {
        Assert.True(_ring.TryRentIndirectSqe(out IndirectSqe indirect));
        ulong inside = (ulong)indirect.Address;
        _ring.ReturnIndirectSqe(indirect);

        AssertForeignAndPassedOn(PostAndReap((1UL << 62) | inside, 1));
        AssertForeignAndPassedOn(PostAndReap((1UL << 62) | (inside + 8), 2));
        AssertForeignAndPassedOn(PostAndReap(indirect.Context.Raw, 3));
        AssertNopRoundTrip();
    }

    [Fact]
    public void A_forged_pointer_at_a_live_context_holding_a_handler_does_not_call_it()
    {
        Assert.True(Probe.TryRent(_ring, new Probe { Handler = CompletionHandler.Create(&CountCall), Tag = 1 }, out ExtendedSqe ext));
        int before = Volatile.Read(ref s_handlerCalls);

        // The right address in Extended mode, but without the slot's generation: what a plain pointer would be.
        ulong generation = ext.Context.Raw & (0x3FFFUL << 48);
        ulong forged = (2UL << 62) | (ulong)ext.Address | ((generation + (1UL << 48)) & (0x3FFFUL << 48));
        CqeView cqe = PostAndReap(forged, 0);
        AssertForeignAndPassedOn(in cqe);
        Assert.False(Probe.Dispatch(_ring, in cqe));
        Assert.Equal(before, Volatile.Read(ref s_handlerCalls));

        // The genuine context still routes to its handler.
        Assert.True(_ring.TryPrepareNop(ext.Context));
        CqeView genuine = _ring.WaitOne();
        Assert.False(genuine.IsForeign);
        Assert.True(Probe.Dispatch(_ring, in genuine));
        Assert.Equal(before + 1, Volatile.Read(ref s_handlerCalls));
        Probe.Release(_ring, ext);
    }

    [Fact]
    public void A_completion_for_a_context_returned_and_rented_again_is_foreign()
    {
        Assert.True(Probe.TryRent(_ring, new Probe { Handler = CompletionHandler.Create(&CountCall) }, out ExtendedSqe earlier));
        Assert.True(_ring.TryPrepareNop(earlier.Context, NopFlags.InjectResult, 11));
        Assert.Equal(1, _ring.Submit());
        Probe.Release(_ring, earlier);
        ExtendedSqe current = RentSameSlot(earlier);
        Probe.Store(current, new Probe { Handler = CompletionHandler.Create(&CountCall), Tag = 2 });

        int before = Volatile.Read(ref s_handlerCalls);
        CqeView late = _ring.WaitOne();
        Assert.Equal(11, late.Result);
        AssertForeignAndPassedOn(in late);
        Assert.False(Probe.Dispatch(_ring, in late));
        Assert.Equal(before, Volatile.Read(ref s_handlerCalls));
        Assert.Equal(2, Probe.In(current).Tag);

        Assert.True(_ring.TryPrepareNop(current.Context, NopFlags.InjectResult, 12));
        CqeView own = _ring.WaitOne();
        Assert.False(own.IsForeign);
        Assert.Equal(IoUringOp.Nop, own.Op);
        Assert.True(Probe.Dispatch(_ring, in own));
        Assert.Equal(before + 1, Volatile.Read(ref s_handlerCalls));
        Probe.Release(_ring, current);
    }

    [Fact]
    public void Extended_reaping_marks_a_posted_wild_pointer_foreign()
    {
        Assert.True(_poster.TryPrepareMsgRing(SqeContext.FromValue(1), _ring.RingFd, (2UL << 62) | 0x7ffd_dead_0000, result: 5));
        Assert.Equal(0, _poster.WaitOne().Result);
        Span<ExtendedCqe> one = stackalloc ExtendedCqe[1];
        int got = 0;
        for (int i = 0; i < 1000 && got == 0; i++)
        {
            got = _ring.Reap(one);
            if (got == 0)
            {
                Thread.Sleep(1);
            }
        }

        Assert.Equal(1, got);
        Assert.True(one[0].IsForeign);
        Assert.False(one[0].Ext.IsValid);
        Assert.Null(one[0].Op);
        Assert.Equal(5, one[0].Result);
        AssertNopRoundTrip();
    }

    public static IEnumerable<TheoryDataRow<ulong>> WildContexts()
    {
        yield return new TheoryDataRow<ulong>((2UL << 62) | 0x7ffd_dead_0000);
        yield return new TheoryDataRow<ulong>((1UL << 62) | 1);
        yield return new TheoryDataRow<ulong>((1UL << 62) | 0x7ffd_dead_0000);
        yield return new TheoryDataRow<ulong>((2UL << 62) | 0x3FFF_FFFF_FFFF_FFC0);
    }

    [Theory]
    [MemberData(nameof(WildContexts))]
    public void Prep_methods_refuse_wild_contexts_and_the_ring_still_round_trips(ulong raw)
    {
        SqeContext wild = SqeContext.FromRaw(raw);
        using NativeBuffer buffer = new(16);
        Assert.Equal("context", Assert.Throws<ArgumentException>(() => _ring.TryPrepareNop(wild)).ParamName);
        Assert.Equal("context", Assert.Throws<ArgumentException>(() => _ring.TryPrepareRead(wild, 0, buffer.Span, 0)).ParamName);
        Assert.Equal("context", Assert.Throws<ArgumentException>(() => _ring.TryPrepareMsgRing(wild, _poster.RingFd, 1)).ParamName);
        Assert.Equal(0, _ring.SqPending);
        AssertNopRoundTrip();
    }

    [Fact]
    public void Prep_methods_refuse_returned_and_other_rings_contexts()
    {
        Assert.True(_ring.TryRentExtendedSqe(out ExtendedSqe returned));
        _ring.ReturnExtendedSqe(returned);
        Assert.True(_poster.TryRentExtendedSqe(out ExtendedSqe theirs));

        ArgumentException stale = Assert.Throws<ArgumentException>(() => _ring.TryPrepareNop(returned.Context));
        Assert.Equal("context", stale.ParamName);
        Assert.Contains("returned", stale.Message);
        ArgumentException foreign = Assert.Throws<ArgumentException>(() => _ring.TryPrepareNop(theirs.Context));
        Assert.Equal("context", foreign.ParamName);
        Assert.Contains("another ring", foreign.Message);
        Assert.Equal("ext", Assert.Throws<ArgumentException>(() => _ring.TryPrepareExtended(theirs)).ParamName);
        Assert.Equal(0, _ring.SqPending);
        _poster.ReturnExtendedSqe(theirs);
        AssertNopRoundTrip();
    }

    [Fact]
    public void A_multishot_subscription_is_not_disturbed_by_foreign_completions()
    {
        RecordingMultishotHandler handler = new();
        Assert.True(MultishotSubscription.TryStartTimer(_ring, TimeSpan.FromMilliseconds(1), 3, handler, out MultishotSubscription? timer));

        // A forged completion that names the subscription's slot with another generation.
        ulong forged = timer.Context.Raw ^ (1UL << 48);
        Assert.True(_poster.TryPrepareMsgRing(SqeContext.FromValue(1), _ring.RingFd, forged));
        Assert.Equal(0, _poster.WaitOne().Result);

        int foreign = 0;
        CqeView[] batch = new CqeView[8];
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while ((timer.State != SubscriptionState.Stopped || foreign == 0) && DateTime.UtcNow < deadline)
        {
            int n = _ring.Wait(batch, 1, TimeSpan.FromMilliseconds(100));
            for (int i = 0; i < n; i++)
            {
                if (!MultishotSubscription.TryHandle(_ring, in batch[i]))
                {
                    Assert.True(batch[i].IsForeign);
                    foreign++;
                }
            }
        }

        Assert.Equal(1, foreign);
        Assert.Equal(SubscriptionState.Stopped, timer.State);
        Assert.Equal(3, handler.Completions.Count);
        Assert.Equal(1, handler.StopCalls);
        Assert.Equal(_ring.Pools.Capacity, _ring.Pools.ExtendedAvailable);
    }

    private static void CountCall(Ring ring, in CqeView cqe) => Interlocked.Increment(ref s_handlerCalls);

    /// <summary>The pool hands slots out in FIFO order: rent until the returned slot comes back, then give the others back.</summary>
    private ExtendedSqe RentSameSlot(ExtendedSqe returned)
    {
        List<ExtendedSqe> others = new();
        try
        {
            while (true)
            {
                Assert.True(_ring.TryRentExtendedSqe(out ExtendedSqe next));
                if (next.Address == returned.Address)
                {
                    Assert.NotEqual(returned, next);
                    return next;
                }

                others.Add(next);
            }
        }
        finally
        {
            foreach (ExtendedSqe other in others)
            {
                _ring.ReturnExtendedSqe(other);
            }
        }
    }

    private CqeView PostAndReap(ulong userData, int result)
    {
        Assert.True(_poster.TryPrepareMsgRing(SqeContext.FromValue(1), _ring.RingFd, userData, result));
        Assert.Equal(0, _poster.WaitOne().Result);
        CqeView cqe = _ring.WaitOne();
        Assert.Equal(userData, cqe.Context.Raw);
        return cqe;
    }

    private void AssertForeignAndPassedOn(in CqeView cqe)
    {
        Assert.True(cqe.IsForeign);
        Assert.Null(cqe.Op);
        Assert.Equal(-1, cqe.Fd);
        Assert.False(cqe.ExtendedSqe.IsValid);
        Assert.False(CompletionHandler.TryInvoke(_ring, in cqe));
        Assert.False(MultishotSubscription.TryHandle(_ring, in cqe));
        Assert.False(ZeroCopySendTracker.TryHandle(_ring, in cqe));
        Assert.False(Listener.TryHandle(_ring, in cqe));
    }

    private void AssertNopRoundTrip()
    {
        Assert.True(_ring.TryPrepareNop(SqeContext.FromValue(99), NopFlags.InjectResult, 42));
        CqeView cqe = _ring.WaitOne();
        Assert.Equal(99UL, cqe.Context.Value);
        Assert.Equal(42, cqe.Result);
        Assert.False(cqe.IsForeign);
    }
}
