using System;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>Bad input gets a clear error before anything is queued, so nothing is lost.</summary>
public sealed class InputValidationTests
{
    [Fact]
    public void A_path_with_nul_is_rejected_before_submit()
    {
        using Ring ring = DetachedRings.Create();
        ArgumentException error = Assert.Throws<ArgumentException>(() => ring.TryPrepareOpenAt(SqeContext.FromValue(1), -100, "a\0b", OpenFlags.ReadOnly));
        Assert.Equal("path", error.ParamName);
        Assert.Contains("NUL", error.Message);
        Assert.Equal(0, ring.SqPending);
        Assert.Equal(8, ring.SqAvailable);
    }

    [Fact]
    public void A_path_longer_than_path_max_is_rejected()
    {
        using Ring ring = DetachedRings.Create();
        string tooLong = new('x', SqeEncoding.PathMax);
        ArgumentException error = Assert.Throws<ArgumentException>(() => ring.TryPrepareStatx(SqeContext.FromValue(1), -100, tooLong, GC.AllocateArray<Statx>(1, pinned: true)));
        Assert.Contains("PATH_MAX", error.Message);
        Assert.Equal(0, ring.SqPending);
        Assert.True(ring.TryPrepareOpenAt(SqeContext.FromValue(1), -100, new string('x', SqeEncoding.PathMax - 1), OpenFlags.ReadOnly));
    }

    [Fact]
    public void A_multibyte_path_is_measured_in_utf8_bytes()
    {
        using Ring ring = DetachedRings.Create();
        string twoBytesEach = new('é', 2048);
        Assert.Throws<ArgumentException>(() => ring.TryPrepareOpenAt(SqeContext.FromValue(1), -100, twoBytesEach, OpenFlags.ReadOnly));
    }

    [Fact]
    public void A_negative_timeout_is_rejected()
    {
        using Ring ring = DetachedRings.Create();
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.TryPrepareTimeout(SqeContext.FromValue(1), TimeSpan.FromTicks(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.TryPrepareLinkTimeout(SqeContext.FromValue(1), TimeSpan.FromSeconds(-1)));
        Assert.Equal(0, ring.SqPending);
    }

    [Fact]
    public void Empty_vectors_and_statx_buffers_are_rejected()
    {
        using Ring ring = DetachedRings.Create();
        Assert.Throws<ArgumentException>(() => ring.TryPrepareReadv(SqeContext.FromValue(1), 3, ReadOnlySpan<IoVector>.Empty));
        Assert.Throws<ArgumentException>(() => ring.TryPrepareStatx(SqeContext.FromValue(1), -100, "/", Span<Statx>.Empty));
        Assert.Equal(0, ring.SqPending);
    }

    [Fact]
    public void A_stopped_ring_throws_object_disposed_and_stop_is_idempotent()
    {
        Ring ring = DetachedRings.Create();
        ring.Stop();
        ring.Stop();
        ring.Dispose();
        Assert.True(ring.IsStopped);
        Assert.Throws<ObjectDisposedException>(() => ring.TryPrepareNop(SqeContext.FromValue(1)));
        Assert.Throws<ObjectDisposedException>(() => ring.Reap(new CqeView[1]));
        Assert.Throws<ObjectDisposedException>(() => ring.Submit());
        Assert.Throws<ObjectDisposedException>(() => ring.RingFd);
        Assert.Equal(0, ring.SqAvailable);
        Assert.Equal(0, ring.CqPending);
    }

    [Fact]
    public void WaitFor_rejects_negative_arguments()
    {
        using Ring ring = DetachedRings.Create();
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.Wait(new CqeView[1], -1, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.Wait(new CqeView[1], 1, TimeSpan.FromSeconds(-2)));
    }

    [Fact]
    public void The_highest_direct_slot_is_stored_as_slot_plus_one_and_the_next_two_are_refused()
    {
        using Ring ring = DetachedRings.Create();
        Assert.True(ring.TryPrepareCloseDirect(SqeContext.FromValue(1), SqeEncoding.MaxDirectSlot));
        Assert.Equal(0xFFFF_FFFEu, ring.LastSqe().FileIndex);
        Assert.Equal("slot", Assert.Throws<ArgumentOutOfRangeException>(() => ring.TryPrepareCloseDirect(SqeContext.FromValue(1), 0xFFFF_FFFEu)).ParamName);
        Assert.True(ring.TryPrepareAccept(SqeContext.FromValue(1), 3, target: FileTarget.Slot(SqeEncoding.MaxDirectSlot)));
        Assert.Equal(0xFFFF_FFFEu, ring.LastSqe().FileIndex);
        Assert.Equal("slot", Assert.Throws<ArgumentOutOfRangeException>(() => FileTarget.Slot(uint.MaxValue)).ParamName);
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => SqeEncoding.ValidateDirectSlot(-1, "count")).ParamName);
        Assert.Equal(2, ring.SqPending);
    }

    [Fact]
    public void Staging_a_path_refuses_a_lone_surrogate_even_without_validation_first()
    {
        using Ring ring = DetachedRings.Create();
        ArgumentException error = Assert.Throws<ArgumentException>(() => ring.TryPrepare(SqeContext.FromValue(1), UringOpKind.Other, 0, static (ref SubmissionSlot slot, scoped in int _) =>
        {
            slot.Sqe.Opcode = (byte)IoUringOp.OpenAt;
            slot.Sqe.Addr = slot.StagePath("x\uDC01");
        }));
        Assert.Equal("path", error.ParamName);
        Assert.Equal(0, ring.SqPending);
    }

    [Fact]
    public void A_completion_that_names_another_group_is_not_taken()
    {
        using ProvidedBufferRing group = ProvidedBufferRing.CreateDetached(7, 4, 32);
        ulong otherGroup = SqeContext.Direct(IoUringOp.Recv, SqeFlags.BufferSelect, 8, 3).Raw;
        CqeView completion = new(otherGroup, 10, (uint)CqeFlags.Buffer | (1u << 16));
        ArgumentException error = Assert.Throws<ArgumentException>(() => group.Take(in completion));
        Assert.Equal("completion", error.ParamName);
        Assert.Contains("group 8", error.Message);
        Assert.Equal("completion", Assert.Throws<ArgumentException>(() => group.TakeBundle(in completion)).ParamName);
        Assert.True(group.IsProvided(1));
        Assert.Equal(4, group.ProvidedCount);
    }

    [Fact]
    public void A_bundle_of_a_disposed_group_throws_instead_of_reading_freed_memory()
    {
        ProvidedBufferRing group = ProvidedBufferRing.CreateDetached(7, 4, 32);
        ulong mine = SqeContext.Direct(IoUringOp.Recv, SqeFlags.BufferSelect, 7, 3).Raw;
        CqeView completion = new(mine, 40, (uint)CqeFlags.Buffer);
#pragma warning disable URING0005 // the group is disposed on purpose: there is nothing to recycle into
        ProvidedBufferBundle bundle = group.TakeBundle(in completion);
#pragma warning restore URING0005
        Assert.Equal(2, bundle.Count);
        group.Dispose();
        bool threw = false;
        try
        {
            _ = bundle.Buffer(1);
        }
        catch (ObjectDisposedException)
        {
            threw = true;
        }

        Assert.True(threw);
    }

    [Fact]
    public void Register_time_einval_advice_does_not_blame_the_entry_count()
    {
        UringException register = UringException.ForSyscall("io_uring_register(REGISTER_BUFFERS2 (20000 x 4096 bytes))", Errno.EINVAL);
        Assert.DoesNotContain("entry count", register.Message);
        UringException setup = UringException.ForSyscall("io_uring_setup(3 entries, flags [])", Errno.EINVAL);
        Assert.Contains("power-of-two entry count", setup.Message);
    }
}
