using System;
using System.Threading;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>
/// Completions are untrusted input: a pointer-mode <c>user_data</c> that is not a context of the reaping ring,
/// rented at its generation, is reaped as foreign and never dereferenced (the test plays the kernel).
/// </summary>
public sealed unsafe class ForeignCompletionTests : IDisposable
{
    private static int s_handlerCalls;

    private readonly Ring _ring = DetachedRings.Create();
    private readonly Ring _other = DetachedRings.Create();

    public void Dispose()
    {
        _ring.Dispose();
        _other.Dispose();
    }

    [Theory]
    [InlineData((2UL << 62) | 0x7ffd_dead_0000)]
    [InlineData((1UL << 62) | 1)]
    [InlineData((2UL << 62) | 0x3FFF_FFFF_FFFF_FFFF)]
    [InlineData((1UL << 62) | 0x0000_7fff_ffff_f000)]
    [InlineData(2UL << 62)]
    [InlineData(1UL << 62)]
    public void A_wild_pointer_completion_is_foreign_and_passed_on_by_every_handler(ulong userData)
    {
        CqeView cqe = ReapOne(userData);
        AssertForeign(cqe);
        Assert.Equal(userData, cqe.Context.Raw);
    }

    [Fact]
    public void Direct_value_and_own_pointer_completions_are_not_foreign()
    {
        Assert.True(_ring.TryRentExtendedSqe(out ExtendedSqe ext));
        Assert.True(_ring.TryRentIndirectSqe(out IndirectSqe indirect));
        ext.Sqe.Opcode = (byte)IoUringOp.Read;
        indirect.Sqe.Opcode = (byte)IoUringOp.Write;
        Assert.False(ReapOne(SqeContext.Direct(IoUringOp.Recv, SqeFlags.None, 0, 5).Raw).IsForeign);
        Assert.False(ReapOne(SqeContext.FromValue(9).Raw).IsForeign);

        CqeView extended = ReapOne(ext.Context.Raw);
        Assert.False(extended.IsForeign);
        Assert.Equal(IoUringOp.Read, extended.Op);
        Assert.Equal(ext, extended.ExtendedSqe);

        CqeView pooled = ReapOne(indirect.Context.Raw);
        Assert.False(pooled.IsForeign);
        Assert.Equal(IoUringOp.Write, pooled.Op);
        _ring.ReturnExtendedSqe(ext);
        _ring.ReturnIndirectSqe(indirect);
    }

    [Fact]
    public void A_completion_for_a_returned_context_is_foreign_and_its_handler_does_not_run()
    {
        Assert.True(_ring.TryRentExtendedSqe(out ExtendedSqe ext));
        ext.As<CompletionHandler>() = CompletionHandler.Create(&CountCall);
        ulong userData = ext.Context.Raw;
        _ring.ReturnExtendedSqe(ext);

        int before = Volatile.Read(ref s_handlerCalls);
        AssertForeign(ReapOne(userData));
        Assert.Equal(before, Volatile.Read(ref s_handlerCalls));
    }

    [Fact]
    public void A_completion_for_an_earlier_rental_of_a_slot_rented_again_is_foreign()
    {
        using Ring ring = DetachedRings.Create(sqEntries: 1);
        Assert.True(ring.TryRentExtendedSqe(out ExtendedSqe earlier));
        ulong stale = earlier.Context.Raw;
        ring.ReturnExtendedSqe(earlier);
        Assert.True(ring.TryRentExtendedSqe(out ExtendedSqe current));
        Assert.Equal(earlier.Address, current.Address);
        current.As<CompletionHandler>() = CompletionHandler.Create(&CountCall);

        ring.KernelPost(stale, 1);
        ring.KernelPost(current.Context.Raw, 2);
        Span<CqeView> two = stackalloc CqeView[2];
        Assert.Equal(2, ring.Reap(two));

        int before = Volatile.Read(ref s_handlerCalls);
        Assert.True(two[0].IsForeign);
        Assert.False(CompletionHandler.TryInvoke(ring, in two[0]));
        Assert.Equal(before, Volatile.Read(ref s_handlerCalls));

        Assert.False(two[1].IsForeign);
        Assert.True(CompletionHandler.TryInvoke(ring, in two[1]));
        Assert.Equal(before + 1, Volatile.Read(ref s_handlerCalls));
        ring.ReturnExtendedSqe(current);
    }

    [Fact]
    public void Another_rings_live_context_holding_a_handler_is_foreign_here_and_its_handler_does_not_run()
    {
        Assert.True(_other.TryRentExtendedSqe(out ExtendedSqe theirs));
        theirs.As<CompletionHandler>() = CompletionHandler.Create(&CountCall);

        int before = Volatile.Read(ref s_handlerCalls);
        CqeView cqe = ReapOne(theirs.Context.Raw);
        AssertForeign(cqe);
        Assert.Equal(before, Volatile.Read(ref s_handlerCalls));

        // A view that says it is not foreign but names another ring's context is still not run for this ring.
        CqeView forged = new(theirs.Context.Raw, 0, 0);
        Assert.False(CompletionHandler.TryInvoke(_ring, in forged));
        Assert.Equal(before, Volatile.Read(ref s_handlerCalls));
        _other.ReturnExtendedSqe(theirs);
    }

    [Fact]
    public void Extended_reaping_marks_foreign_completions_and_gives_no_handle()
    {
        Assert.True(_ring.TryRentExtendedSqe(out ExtendedSqe ext));
        ext.Sqe.Opcode = (byte)IoUringOp.Send;
        ext.Sqe.Fd = 12;
        _ring.KernelPost((2UL << 62) | 0x7ffd_dead_0000, 1);
        _ring.KernelPost(ext.Context.Raw, 2);
        _ring.KernelPost(SqeContext.FromValue(3).Raw, 3);

        Span<ExtendedCqe> batch = stackalloc ExtendedCqe[3];
        Assert.Equal(3, _ring.Reap(batch));
        Assert.True(batch[0].IsForeign);
        Assert.False(batch[0].Ext.IsValid);
        Assert.Null(batch[0].Op);
        Assert.Equal(-1, batch[0].Fd);

        Assert.False(batch[1].IsForeign);
        Assert.Equal(ext, batch[1].Ext);
        Assert.Equal(IoUringOp.Send, batch[1].Op);
        Assert.Equal(12, batch[1].Fd);

        Assert.False(batch[2].IsForeign);
        Assert.False(batch[2].Ext.IsValid);
        Assert.Null(batch[2].Op);

        _ring.ReturnExtendedSqe(ext);
        Assert.Null(batch[1].Op);
        Assert.Equal(-1, batch[1].Fd);
    }

    [Fact]
    public void Reaping_and_classifying_completions_allocates_nothing()
    {
        Assert.True(_ring.TryRentExtendedSqe(out ExtendedSqe ext));
        Span<CqeView> batch = stackalloc CqeView[4];
        long allocated = 0;
        int wrong = 0;
        for (int round = 0; round < 2; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1_000; i++)
            {
                _ring.KernelPost((2UL << 62) | 0x7ffd_dead_0000, i);
                _ring.KernelPost(ext.Context.Raw, i);
                _ring.KernelPost(SqeContext.FromValue((ulong)i).Raw, i);
                _ring.KernelPost(SqeContext.Direct(IoUringOp.Read, SqeFlags.None, 0, 3).Raw, i);
                bool right = _ring.Reap(batch) == 4
                    && batch[0].IsForeign && !batch[1].IsForeign && !batch[2].IsForeign && !batch[3].IsForeign
                    && batch[0].Op is null && batch[1].Op is not null
                    && !CompletionHandler.TryInvoke(_ring, in batch[0])
                    && !MultishotSubscription.TryHandle(_ring, in batch[0])
                    && !MultishotSubscription.TryHandle(_ring, in batch[1]);
                wrong += right ? 0 : 1;
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.Equal(0, wrong);
        Assert.Equal(0, allocated);
        _ring.ReturnExtendedSqe(ext);
    }

    [Fact]
    public void Try_handle_on_a_single_issuer_ring_from_another_thread_throws_naming_the_owner()
    {
        ulong userData = ReapOne(SqeContext.FromValue(1).Raw).Context.Raw;
        Exception? seen = null;
        TestThread thread = new(() => seen = Record.Exception(() => MultishotSubscription.TryHandle(_ring, new CqeView(userData, 0, 0))));
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(10)));
        InvalidOperationException error = Assert.IsType<InvalidOperationException>(seen);
        Assert.Contains($"owned by managed thread {_ring.OwnerThreadId}", error.Message);
        Assert.Throws<ArgumentNullException>(() => MultishotSubscription.TryHandle(null!, new CqeView(userData, 0, 0)));
    }

    private static void CountCall(Ring ring, in CqeView cqe) => Interlocked.Increment(ref s_handlerCalls);

    private void AssertForeign(in CqeView cqe)
    {
        Assert.True(cqe.IsForeign);
        Assert.Null(cqe.Op);
        Assert.Equal(-1, cqe.Fd);
        Assert.Equal(0, cqe.BufGroup);
        Assert.False(cqe.IsExtended);
        Assert.False(cqe.ExtendedSqe.IsValid);
        Assert.Contains("foreign", cqe.ToString());
        Assert.False(CompletionHandler.TryInvoke(_ring, in cqe));
        Assert.False(MultishotSubscription.TryHandle(_ring, in cqe));
        Assert.False(ZeroCopySendTracker.TryHandle(_ring, in cqe));
        Assert.False(Listener.TryHandle(_ring, in cqe));
    }

    private CqeView ReapOne(ulong userData)
    {
        _ring.KernelPost(userData, 0);
        Span<CqeView> one = stackalloc CqeView[1];
        Assert.Equal(1, _ring.Reap(one));
        return one[0];
    }
}
