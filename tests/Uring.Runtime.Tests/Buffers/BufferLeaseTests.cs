using System;
using System.Buffers;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Buffers;

/// <summary>
/// The Memory overloads' buffer leases on detached rings, where the test plays the kernel: the pin is held until
/// the final completion, the caller's context comes back on every completion, suppressed successes are swallowed,
/// and every path that does not queue the request (full SQ, refused flags, a bad context, Stop) releases the pin.
/// </summary>
public sealed unsafe class BufferLeaseTests
{
    private const int Entries = 8;

    [Fact]
    public void A_leased_read_carries_the_lease_as_user_data_and_completes_with_the_callers_context()
    {
        using Ring ring = DetachedRings.Create(sqEntries: Entries);
        using NativeBuffer buffer = new(100);
        Assert.True(ring.TryPrepareRead(SqeContext.FromValue(42), 5, buffer.Memory[10..60], offset: 7));

        IoUringSqe sqe = ring.LastSqe();
        Assert.Equal((ulong)(buffer.Pointer + 10), sqe.Addr);
        Assert.Equal(50u, sqe.Len);
        Assert.Equal(7UL, sqe.Off);
        Assert.Equal(SqeContextMode.Extended, SqeContext.FromRaw(sqe.UserData).Mode);
        Assert.Equal(1, buffer.PinCount);
        Assert.Equal(1, ring.OutstandingLeases);
        Assert.Equal(ring.Pools.Capacity - 1, ring.Pools.ExtendedAvailable);

        ring.KernelConsumeAll();
        ring.KernelPost(sqe.UserData, 50);
        Span<CqeView> one = stackalloc CqeView[1];
        Assert.Equal(1, ring.Reap(one));
        Assert.Equal(SqeContext.FromValue(42), one[0].Context);
        Assert.Equal(50, one[0].Result);
        Assert.False(one[0].IsForeign);
        Assert.Equal(0, buffer.PinCount);
        Assert.Equal(0, ring.OutstandingLeases);
        Assert.Equal(ring.Pools.Capacity, ring.Pools.ExtendedAvailable);
    }

    [Fact]
    public void A_direct_context_comes_back_stamped_with_the_op_and_fd_as_without_a_lease()
    {
        using Ring ring = DetachedRings.Create(sqEntries: Entries);
        using NativeBuffer buffer = new(64);
        Assert.True(ring.TryPrepareRecv(SqeContext.ForFd(9), 9, buffer.Memory));
        ulong lease = ring.LastSqe().UserData;
        ring.KernelConsumeAll();
        ring.KernelPost(lease, 3);

        Span<CqeView> one = stackalloc CqeView[1];
        Assert.Equal(1, ring.Reap(one));
        Assert.Equal(IoUringOp.Recv, one[0].Op);
        Assert.Equal(9, one[0].Fd);
        Assert.True(one[0].Context.IsDirect);
    }

    [Fact]
    public void An_extended_context_of_the_caller_gets_its_sqe_copy_and_comes_back_on_the_completion()
    {
        using Ring ring = DetachedRings.Create(sqEntries: Entries);
        using NativeBuffer buffer = new(64);
        Assert.True(ring.TryRentExtendedSqe(out ExtendedSqe ext));
        Assert.True(ring.TryPrepareWrite(ext.Context, 4, buffer.Memory));
        Assert.Equal((byte)IoUringOp.Write, ext.Sqe.Opcode);
        Assert.Equal(ext.Context.Raw, ext.Sqe.UserData);
        Assert.NotEqual(ext.Context.Raw, ring.LastSqe().UserData);

        ring.KernelConsumeAll();
        ring.KernelPost(ring.LastSqe().UserData, 64);
        Span<ExtendedCqe> one = stackalloc ExtendedCqe[1];
        Assert.Equal(1, ring.Reap(one));
        Assert.Equal(ext, one[0].Ext);
        Assert.Equal(IoUringOp.Write, one[0].Op);
        Assert.Equal(0, buffer.PinCount);
        ring.ReturnExtendedSqe(ext);
        Assert.Equal(ring.Pools.Capacity, ring.Pools.ExtendedAvailable);
    }

    [Fact]
    public void A_zero_copy_send_keeps_its_pin_through_the_more_completion_until_the_notification()
    {
        using Ring ring = DetachedRings.Create(sqEntries: Entries);
        NativeBuffer buffer = new(256);
        Assert.True(ring.TryPrepareSendZc(SqeContext.FromValue(7), 3, buffer.Memory));
        ulong lease = ring.LastSqe().UserData;
        buffer.Dispose();
        ring.KernelConsumeAll();

        ring.KernelPost(lease, 256, (uint)CqeFlags.More);
        Span<CqeView> one = stackalloc CqeView[1];
        Assert.Equal(1, ring.Reap(one));
        Assert.Equal(SqeContext.FromValue(7), one[0].Context);
        Assert.True(one[0].HasMore);
        Assert.False(buffer.IsFreed, "the notification has not come: the network stack may still read the pages");
        Assert.Equal(1, buffer.PinCount);

        ring.KernelPost(lease, 0, (uint)CqeFlags.Notification);
        Assert.Equal(1, ring.Reap(one));
        Assert.Equal(SqeContext.FromValue(7), one[0].Context);
        Assert.True(one[0].IsNotification);
        Assert.True(buffer.IsFreed);
        Assert.Equal(0, ring.OutstandingLeases);
    }

    [Fact]
    public void A_leased_write_asks_for_its_success_completion_and_the_reap_swallows_it_when_NotifySucceed_is_off()
    {
        using Ring ring = DetachedRings.Create(new RingOptions { NotifySucceed = false }, sqEntries: Entries);
        using NativeBuffer buffer = new(32);

        // The span form keeps the ring's policy: no completion on success.
        Assert.True(ring.TryPrepareWrite(SqeContext.FromValue(1), 4, buffer.Span));
        Assert.Equal((byte)SqeFlags.CqeSkipSuccess, ring.LastSqe().Flags);

        Assert.True(ring.TryPrepareWrite(SqeContext.FromValue(2), 4, buffer.Memory));
        IoUringSqe leased = ring.LastSqe();
        Assert.Equal(0, leased.Flags & (byte)SqeFlags.CqeSkipSuccess);
        Assert.True(ring.TryPrepareSend(SqeContext.FromValue(3), 5, buffer.Memory));
        ulong failing = ring.LastSqe().UserData;
        ring.KernelConsumeAll();

        ring.KernelPost(leased.UserData, 32);
        ring.KernelPost(failing, -(int)Errno.EPIPE);
        Span<CqeView> batch = stackalloc CqeView[4];
        Assert.Equal(1, ring.Reap(batch));
        Assert.Equal(SqeContext.FromValue(3), batch[0].Context);
        Assert.Equal(Errno.EPIPE, batch[0].Error);
        Assert.Equal(0, buffer.PinCount);
        Assert.Equal(0, ring.OutstandingLeases);
        Assert.Equal(0, ring.CqPending);
    }

    [Fact]
    public void A_reap_into_a_short_span_skips_swallowed_completions_without_losing_the_next_ones()
    {
        using Ring ring = DetachedRings.Create(new RingOptions { NotifySucceed = false }, sqEntries: Entries);
        using NativeBuffer buffer = new(32);
        Assert.True(ring.TryPrepareWrite(SqeContext.FromValue(1), 4, buffer.Memory));
        ulong swallowed = ring.LastSqe().UserData;
        Assert.True(ring.TryPrepareRead(SqeContext.FromValue(2), 4, buffer.Memory));
        ulong first = ring.LastSqe().UserData;
        Assert.True(ring.TryPrepareRead(SqeContext.FromValue(3), 4, buffer.Memory));
        ulong second = ring.LastSqe().UserData;
        Assert.Equal(3, buffer.PinCount);
        ring.KernelConsumeAll();
        ring.KernelPost(swallowed, 32);
        ring.KernelPost(first, 1);
        ring.KernelPost(second, 2);

        Span<CqeView> one = stackalloc CqeView[1];
        Assert.Equal(1, ring.Reap(one));
        Assert.Equal(SqeContext.FromValue(2), one[0].Context);
        Assert.Equal(1, ring.CqPending);
        Assert.Equal(1, ring.Reap(one));
        Assert.Equal(SqeContext.FromValue(3), one[0].Context);
        Assert.Equal(0, ring.Reap(one));
        Assert.Equal(0, buffer.PinCount);
    }

    [Fact]
    public void Skip_success_asked_by_the_caller_is_refused_naming_options_and_nothing_stays_pinned_or_queued()
    {
        using Ring ring = DetachedRings.Create(sqEntries: Entries);
        using NativeBuffer buffer = new(32);
        ArgumentException error = Assert.Throws<ArgumentException>(
            () => ring.TryPrepareRead(SqeContext.FromValue(1), 4, buffer.Memory, options: OpOptions.SkipSuccess));
        Assert.Equal("options", error.ParamName);

        SqeContext skipping = SqeContext.Direct(IoUringOp.Nop, SqeFlags.CqeSkipSuccess, 0, 4);
        Assert.Throws<ArgumentException>(() => ring.TryPrepareSend(skipping, 4, buffer.Memory));

        Assert.Equal(0, buffer.PinCount);
        Assert.Equal(0, ring.OutstandingLeases);
        Assert.Equal(0, ring.SqPending);
        Assert.Equal(ring.Pools.Capacity, ring.Pools.ExtendedAvailable);
        Assert.True(ring.TryPrepareRead(SqeContext.FromValue(2), 4, buffer.Memory), "the ring stays usable");
    }

    [Fact]
    public void A_full_submission_queue_returns_false_and_releases_the_pin()
    {
        using Ring ring = DetachedRings.Create(sqEntries: Entries);
        using NativeBuffer buffer = new(32);
        for (int i = 0; i < Entries; i++)
        {
            Assert.True(ring.TryPrepareNop(SqeContext.FromValue((ulong)i)));
        }

        Assert.False(ring.TryPrepareRecv(SqeContext.FromValue(99), 4, buffer.Memory));
        Assert.Equal(0, buffer.PinCount);
        Assert.Equal(0, ring.OutstandingLeases);
        Assert.Equal(ring.Pools.Capacity, ring.Pools.ExtendedAvailable);
    }

    [Fact]
    public void No_free_pooled_context_returns_false_before_pinning()
    {
        using Ring ring = DetachedRings.Create(sqEntries: Entries);
        using NativeBuffer buffer = new(32);
        ExtendedSqe[] rented = new ExtendedSqe[ring.Pools.Capacity];
        for (int i = 0; i < rented.Length; i++)
        {
            Assert.True(ring.TryRentExtendedSqe(out rented[i]));
        }

        Assert.False(ring.TryPrepareRead(SqeContext.FromValue(1), 4, buffer.Memory));
        Assert.Equal(0, buffer.PinCount);
        foreach (ExtendedSqe ext in rented)
        {
            ring.ReturnExtendedSqe(ext);
        }
    }

    [Fact]
    public void A_returned_context_of_the_caller_is_refused_naming_context_before_anything_is_pinned()
    {
        using Ring ring = DetachedRings.Create(sqEntries: Entries);
        using NativeBuffer buffer = new(32);
        Assert.True(ring.TryRentExtendedSqe(out ExtendedSqe ext));
        SqeContext stale = ext.Context;
        ring.ReturnExtendedSqe(ext);

        ArgumentException error = Assert.Throws<ArgumentException>(() => ring.TryPrepareRead(stale, 4, buffer.Memory));
        Assert.Equal("context", error.ParamName);
        Assert.Equal(0, buffer.PinCount);
        Assert.Equal(0, ring.OutstandingLeases);
    }

    [Fact]
    public void A_disposed_buffer_is_refused_by_the_overload_and_its_lease_given_back()
    {
        using Ring ring = DetachedRings.Create(sqEntries: Entries);
        NativeBuffer buffer = new(32);
        Memory<byte> memory = buffer.Memory;
        buffer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => ring.TryPrepareRead(SqeContext.FromValue(1), 4, memory));
        Assert.Equal(0, ring.OutstandingLeases);
        Assert.Equal(0, ring.SqPending);
    }

    [Fact]
    public void Disposing_the_buffer_while_its_read_is_in_flight_frees_it_only_after_the_completion()
    {
        using Ring ring = DetachedRings.Create(sqEntries: Entries);
        NativeBuffer buffer = new(4096);
        Assert.True(ring.TryPrepareRead(SqeContext.FromValue(5), 4, buffer.Memory));
        ulong lease = ring.LastSqe().UserData;
        byte* address = buffer.Pointer;
        buffer.Dispose();
        Assert.False(buffer.IsFreed);

        // The "kernel" writes into the memory after Dispose: it is still the buffer's.
        ring.KernelConsumeAll();
        address[0] = 0x5A;
        ring.KernelPost(lease, 1);
        Span<CqeView> one = stackalloc CqeView[1];
        Assert.Equal(1, ring.Reap(one));
        Assert.True(buffer.IsFreed);
    }

    [Fact]
    public void Stop_releases_a_lease_whose_sqe_the_kernel_never_consumed()
    {
        Ring ring = DetachedRings.Create(sqEntries: Entries);
        using NativeBuffer buffer = new(32);
        Assert.True(ring.TryPrepareRead(SqeContext.FromValue(1), 4, buffer.Memory));
        ring.Dispose();
        Assert.Equal(0, buffer.PinCount);
        Assert.Equal(0, ring.LeakedLeases);
    }

    [Fact]
    public void Stop_releases_a_lease_whose_final_completion_waits_in_the_completion_queue()
    {
        Ring ring = DetachedRings.Create(sqEntries: Entries);
        using NativeBuffer buffer = new(32);
        Assert.True(ring.TryPrepareRead(SqeContext.FromValue(1), 4, buffer.Memory));
        ring.KernelConsumeAll();
        ring.KernelPost(ring.LastSqe().UserData, 32);
        ring.Dispose();
        Assert.Equal(0, buffer.PinCount);
        Assert.Equal(0, ring.LeakedLeases);
    }

    [Fact]
    public void Stop_keeps_the_pin_of_a_consumed_request_without_a_final_completion_so_the_memory_is_never_freed_under_the_kernel()
    {
        Ring ring = DetachedRings.Create(sqEntries: Entries);
        NativeBuffer buffer = new(32);
        Assert.True(ring.TryPrepareSendZc(SqeContext.FromValue(1), 4, buffer.Memory));
        ring.KernelConsumeAll();
        ring.KernelPost(ring.LastSqe().UserData, 32, (uint)CqeFlags.More);
        ring.Dispose();
        buffer.Dispose();
        Assert.Equal(1, ring.LeakedLeases);
        Assert.Equal(1, buffer.PinCount);
        Assert.False(buffer.IsFreed);
    }

    [Fact]
    public void A_managed_array_is_pinned_at_the_address_the_sqe_carries()
    {
        using Ring ring = DetachedRings.Create(sqEntries: Entries);
        byte[] array = new byte[64];
        Assert.True(ring.TryPrepareRead(SqeContext.FromValue(1), 4, array.AsMemory(8)));
        fixed (byte* start = array)
        {
            Assert.Equal((ulong)(start + 8), ring.LastSqe().Addr);
        }

        ring.KernelConsumeAll();
        ring.KernelPost(ring.LastSqe().UserData, 1);
        Span<CqeView> one = stackalloc CqeView[1];
        Assert.Equal(1, ring.Reap(one));
        Assert.Equal(0, ring.OutstandingLeases);
    }

    [Fact]
    public void A_typed_output_takes_memory_of_its_struct_type()
    {
        using Ring ring = DetachedRings.Create(sqEntries: Entries);
        Statx[] result = new Statx[1];
        Assert.True(ring.TryPrepareStatx(SqeContext.FromValue(1), -100, "/", result.AsMemory()));
        fixed (Statx* start = result)
        {
            Assert.Equal((ulong)start, ring.LastSqe().Off);
        }

        Assert.Equal(1, ring.OutstandingLeases);
    }

    [Fact]
    public void A_tracked_zero_copy_send_may_pin_its_memory_through_the_overload_and_both_end_at_the_notification()
    {
        using Ring ring = DetachedRings.Create(new RingOptions { Entries = 16, NotifySucceed = true }, 16, 32);
        NativeBuffer buffer = new(100);
        RecordingSends handler = new();
        Assert.True(ZeroCopySendTracker.TryPrepare(ring, handler, 5, buffer.Memory, static (Ring r, SqeContext c, in Memory<byte> m) => r.TryPrepareSendZc(c, 3, m)));
        buffer.Dispose();
        ulong lease = ring.LastSqe().UserData;
        ring.KernelConsumeAll();

        Span<CqeView> one = stackalloc CqeView[1];
        ring.KernelPost(lease, 100, (uint)CqeFlags.More);
        Assert.Equal(1, ring.Reap(one));
        Assert.True(ZeroCopySendTracker.TryHandle(ring, in one[0]));
        ring.KernelPost(lease, 0, (uint)CqeFlags.Notification);
        Assert.Equal(1, ring.Reap(one));
        Assert.True(ZeroCopySendTracker.TryHandle(ring, in one[0]));

        Assert.Equal("sent 5 100, released 5 100", string.Join(", ", handler.Events));
        Assert.True(buffer.IsFreed);
        Assert.Equal(ring.Pools.Capacity, ring.Pools.ExtendedAvailable);
    }

    [Fact]
    public void A_helper_that_refuses_what_its_preparer_queued_takes_the_lease_back_too()
    {
        using Ring ring = DetachedRings.Create(new RingOptions { Entries = 16, NotifySucceed = true }, 16, 32);
        using NativeBuffer buffer = new(100);
        ArgumentException error = Assert.Throws<ArgumentException>(() => ZeroCopySendTracker.TryPrepare(ring,
            new RecordingSends(), 5, buffer.Memory, static (Ring r, SqeContext c, in Memory<byte> m) => r.TryPrepareSendZc(SqeContext.FromValue(1), 3, m)));
        Assert.Equal("prepare", error.ParamName);
        Assert.Equal(0, buffer.PinCount);
        Assert.Equal(0, ring.OutstandingLeases);
        Assert.Equal(0, ring.SqPending);
        Assert.Equal(ring.Pools.Capacity, ring.Pools.ExtendedAvailable);
    }

    [Fact]
    public void The_lease_api_refuses_a_context_that_is_no_lease_and_a_third_pin()
    {
        using Ring ring = DetachedRings.Create(sqEntries: Entries);
        using NativeBuffer buffer = new(32);
        MemoryHandle stray = buffer.Pin();
        Assert.Throws<ArgumentException>(() => ring.HoldInLease(SqeContext.FromValue(1), stray));
        Assert.Equal(0, buffer.PinCount);

        Assert.True(ring.TryBeginLease(SqeContext.FromValue(1), out SqeContext lease));
        ring.HoldInLease(lease, buffer.Pin());
        ring.HoldInLease(lease, buffer.Pin());
        Assert.Throws<InvalidOperationException>(() => ring.HoldInLease(lease, buffer.Pin()));
        Assert.Equal(2, buffer.PinCount);
        ring.AbandonLease(lease);
        Assert.Equal(0, buffer.PinCount);
        ring.AbandonLease(lease); // once given back, a second abandon does nothing
        Assert.Equal(0, ring.OutstandingLeases);
    }

    private sealed class RecordingSends : IZeroCopySendHandler
    {
        public System.Collections.Generic.List<string> Events { get; } = new();

        public void OnSent(Ring ring, ulong token, int result) => Events.Add($"sent {token} {result}");

        public void OnBufferReleased(Ring ring, ulong token, int sendResult) => Events.Add($"released {token} {sendResult}");
    }
}
