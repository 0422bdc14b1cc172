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
        ArgumentException error = Assert.Throws<ArgumentException>(() => ring.PrepareOpenAt(SqeContext.FromValue(1), -100, "a\0b", OpenFlags.ReadOnly));
        Assert.Equal("path", error.ParamName);
        Assert.Contains("NUL", error.Message);
        Assert.Equal(0, ring.SQPending);
        Assert.Equal(8, ring.SQAvailable);
    }

    [Fact]
    public void A_path_longer_than_path_max_is_rejected()
    {
        using Ring ring = DetachedRings.Create();
        string tooLong = new('x', SqeEncoding.PathMax);
        ArgumentException error = Assert.Throws<ArgumentException>(() => ring.PrepareStatx(SqeContext.FromValue(1), -100, tooLong, GC.AllocateArray<Statx>(1, pinned: true)));
        Assert.Contains("PATH_MAX", error.Message);
        Assert.Equal(0, ring.SQPending);
        Assert.True(ring.PrepareOpenAt(SqeContext.FromValue(1), -100, new string('x', SqeEncoding.PathMax - 1), OpenFlags.ReadOnly));
    }

    [Fact]
    public void A_multibyte_path_is_measured_in_utf8_bytes()
    {
        using Ring ring = DetachedRings.Create();
        string twoBytesEach = new('é', 2048);
        Assert.Throws<ArgumentException>(() => ring.PrepareOpenAt(SqeContext.FromValue(1), -100, twoBytesEach, OpenFlags.ReadOnly));
    }

    [Fact]
    public void A_negative_timeout_is_rejected()
    {
        using Ring ring = DetachedRings.Create();
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.PrepareTimeout(SqeContext.FromValue(1), TimeSpan.FromTicks(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.PrepareLinkTimeout(SqeContext.FromValue(1), TimeSpan.FromSeconds(-1)));
        Assert.Equal(0, ring.SQPending);
    }

    [Fact]
    public void Empty_vectors_and_statx_buffers_are_rejected()
    {
        using Ring ring = DetachedRings.Create();
        Assert.Throws<ArgumentException>(() => ring.PrepareReadv(SqeContext.FromValue(1), 3, ReadOnlySpan<IoVector>.Empty));
        Assert.Throws<ArgumentException>(() => ring.PrepareStatx(SqeContext.FromValue(1), -100, "/", Span<Statx>.Empty));
        Assert.Equal(0, ring.SQPending);
    }

    [Fact]
    public void A_stopped_ring_throws_object_disposed_and_stop_is_idempotent()
    {
        Ring ring = DetachedRings.Create();
        ring.Stop();
        ring.Stop();
        ring.Dispose();
        Assert.True(ring.IsStopped);
        Assert.Throws<ObjectDisposedException>(() => ring.PrepareNop(SqeContext.FromValue(1)));
        Assert.Throws<ObjectDisposedException>(() => ring.Wait(new CqeView[1]));
        Assert.Throws<ObjectDisposedException>(() => ring.Submit());
        Assert.Throws<ObjectDisposedException>(() => ring.RingFd);
        Assert.Equal(0, ring.SQAvailable);
        Assert.Equal(0, ring.CQPending);
    }

    [Fact]
    public void WaitFor_rejects_negative_arguments()
    {
        using Ring ring = DetachedRings.Create();
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.WaitFor(new CqeView[1], -1, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.WaitFor(new CqeView[1], 1, TimeSpan.FromSeconds(-2)));
    }

    [Fact]
    public void Abandoning_a_reserved_slot_publishes_nothing()
    {
        using Ring ring = DetachedRings.Create();
        Assert.True(ring.TryReserveSqe(out SubmissionSlot slot));
        slot.Sqe.Opcode = (byte)IoUringOp.Nop;
        ring.AbandonSqe(ref slot);
        Assert.False(slot.IsReserved);
        Assert.Equal(0, ring.SQPending);
        Assert.Throws<InvalidOperationException>(() =>
        {
            SubmissionSlot empty = default;
            ring.PublishSqe(ref empty, SqeContext.FromValue(1));
        });
    }
}
