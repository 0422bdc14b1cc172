using System;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>Submission and reap mechanics on a ring whose "kernel" is the test.</summary>
public sealed class DetachedRingTests
{
    [Fact]
    public void A_full_submission_queue_is_backpressure()
    {
        using Ring ring = DetachedRings.Create(sqEntries: 4);
        for (int i = 0; i < 4; i++)
        {
            Assert.True(ring.TryPrepareNop(SqeContext.FromValue((ulong)i)));
        }

        Assert.Equal(0, ring.SqAvailable);
        Assert.Equal(4, ring.SqPending);
        Assert.False(ring.TryPrepareNop(SqeContext.FromValue(9)));
        Assert.Equal(4, ring.SqPending);

        ring.KernelConsumeAll();
        Assert.Equal(4, ring.SqAvailable);
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(9)));
    }

    [Fact]
    public void Reaping_copies_a_batch_and_advances_the_head_once()
    {
        using Ring ring = DetachedRings.Create();
        for (int i = 0; i < 5; i++)
        {
            ring.KernelPost(SqeContext.FromValue((ulong)i).Raw, i * 10, i == 4 ? (uint)CqeFlags.More : 0);
        }

        Assert.Equal(5, ring.CqPending);
        Span<CqeView> batch = stackalloc CqeView[3];
        Assert.Equal(3, ring.Reap(batch));
        Assert.Equal(2UL, batch[2].Context.Value);
        Assert.Equal(20, batch[2].Result);
        Assert.Equal(2, ring.CqPending);

        Assert.Equal(2, ring.Reap(batch));
        Assert.True(batch[1].HasMore);
        Assert.Equal(0, ring.Reap(batch));
    }

    [Fact]
    public void Direct_and_extended_reaps_decode_without_a_mode_switch()
    {
        using Ring ring = DetachedRings.Create();
        Assert.True(ring.TryRentExtendedSqe(out ExtendedSqe ext));
        ext.Sqe.Opcode = (byte)IoUringOp.Read;
        ring.KernelPost(SqeContext.Direct(IoUringOp.Recv, SqeFlags.BufferSelect, 3, -100).Raw, 7, (5u << 16) | (uint)CqeFlags.Buffer);
        ring.KernelPost(ext.Context.Raw, 8);

        Span<DirectCqe> direct = stackalloc DirectCqe[1];
        Assert.Equal(1, ring.Reap(direct));
        Assert.Equal(IoUringOp.Recv, direct[0].Op);
        Assert.Equal(-100, direct[0].Fd);
        Assert.Equal((ushort)3, direct[0].BufGroup);
        Assert.Equal((ushort)5, direct[0].BufferId);
        Assert.True(direct[0].HasBuffer);

        Span<ExtendedCqe> extended = stackalloc ExtendedCqe[1];
        Assert.Equal(1, ring.Reap(extended));
        Assert.Equal(ext, extended[0].Ext);
        Assert.Equal(IoUringOp.Read, extended[0].Op);
        ring.ReturnExtendedSqe(ext);
    }

    [Fact]
    public void Overflow_is_reported_once_per_counter_value_after_visible_completions()
    {
        using Ring ring = DetachedRings.Create();
        ring.KernelPost(SqeContext.FromValue(1).Raw, 0);
        ring.KernelDropCompletions(3);
        Span<CqeView> batch = stackalloc CqeView[4];

        Assert.Equal(1, ring.Reap(batch));
        CompletionQueueOverflowException first = Assert.Throws<CompletionQueueOverflowException>(() => ring.Reap(new CqeView[4]));
        Assert.Equal(3u, first.DroppedTotal);
        Assert.Equal(3u, first.DroppedSinceLastReport);
        Assert.Equal(0, ring.Reap(batch));

        ring.KernelDropCompletions(2);
        CompletionQueueOverflowException second = Assert.Throws<CompletionQueueOverflowException>(() => ring.Reap(new CqeView[4]));
        Assert.Equal(5u, second.DroppedTotal);
        Assert.Equal(2u, second.DroppedSinceLastReport);
        Assert.Equal(0, ring.Reap(batch));
    }

    [Fact]
    public void Thirty_two_byte_completions_are_stepped_over()
    {
        using Ring ring = DetachedRings.Create(new RingOptions { Cqe32 = true });
        ring.KernelPost(SqeContext.FromValue(1).Raw, 11);
        ring.KernelPost(SqeContext.FromValue(2).Raw, 22);
        Span<CqeView> batch = stackalloc CqeView[2];
        Assert.Equal(2, ring.Reap(batch));
        Assert.Equal(22, batch[1].Result);
        Assert.Equal(2UL, batch[1].Context.Value);
    }

    [Fact]
    public void Direct_contexts_are_stamped_from_the_sqe()
    {
        using Ring ring = DetachedRings.Create();
        Assert.True(ring.TryPrepareClose(SqeContext.ForFd(0).WithFlags(SqeFlags.IoLink), 33, new OpOptions { Flags = SqeFlags.Async }));
        SqeContext stamped = SqeContext.FromRaw(ring.LastSqe().UserData);
        Assert.Equal(IoUringOp.Close, stamped.Op);
        Assert.Equal(33, stamped.Fd);
        Assert.Equal(SqeFlags.IoLink | SqeFlags.Async, stamped.Flags);
        Assert.Equal((byte)(SqeFlags.IoLink | SqeFlags.Async), ring.LastSqe().Flags);
    }

    [Fact]
    public void Pointer_contexts_receive_a_copy_of_the_submitted_sqe()
    {
        using Ring ring = DetachedRings.Create();
        Assert.True(ring.TryRentExtendedSqe(out ExtendedSqe ext));
        ext.As<long>() = 4242;
        Assert.True(ring.TryPrepareClose(ext.Context, 44));
        Assert.Equal(ext.Context.Raw, ring.LastSqe().UserData);
        Assert.Equal((byte)IoUringOp.Close, ext.Sqe.Opcode);
        Assert.Equal(44, ext.Sqe.Fd);
        Assert.Equal(4242, ext.As<long>());

        Assert.True(ring.TryRentIndirectSqe(out IndirectSqe indirect));
        Assert.True(ring.TryPrepareNop(indirect.Context));
        Assert.Equal((byte)IoUringOp.Nop, indirect.Sqe.Opcode);
        Assert.Equal(-1, indirect.Context.Fd);
    }

    [Fact]
    public void TryPrepareExtended_submits_the_sqe_the_caller_filled()
    {
        using Ring ring = DetachedRings.Create();
        Assert.True(ring.TryRentExtendedSqe(out ExtendedSqe ext));
        ext.Sqe.Opcode = (byte)IoUringOp.Nop;
        ext.Sqe.Fd = -1;
        ext.Sqe.Len = 5;
        Assert.True(ring.TryPrepareExtended(ext));
        IoUringSqe submitted = ring.LastSqe();
        Assert.Equal(5u, submitted.Len);
        Assert.Equal(ext.Context.Raw, submitted.UserData);
    }

    [Fact]
    public void The_sq_index_array_is_written_when_the_ring_keeps_one()
    {
        using Ring ring = DetachedRings.Create(new RingOptions { IndirectSubmissionQueue = true, NotifySucceed = true });
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(1)));
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(2)));
        unsafe
        {
            Assert.True(ring.SubmissionQueue.Array != null);
            Assert.Equal(1u, ring.SubmissionQueue.Array[1]);
        }
    }

    [Fact]
    public void A_single_issuer_ring_rejects_other_threads()
    {
        using Ring ring = DetachedRings.Create();
        InvalidOperationException? error = null;
        TestThread other = new(() =>
        {
            try
            {
                ring.TryPrepareNop(SqeContext.FromValue(1));
            }
            catch (InvalidOperationException e)
            {
                error = e;
            }
        });
        other.Start();
        other.Join();
        Assert.NotNull(error);
        Assert.Contains("single-issuer", error!.Message);
        Assert.Equal(0, ring.SqPending);
    }
}
