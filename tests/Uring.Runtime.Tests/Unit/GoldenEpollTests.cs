using System;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>Golden SQEs of epoll_ctl (staged, packed event) and epoll_wait (held event array).</summary>
public sealed unsafe class GoldenEpollTests : IDisposable
{
    private static readonly SqeContext s_context = SqeContext.FromValue(0xE9011);
    private readonly Ring _ring = DetachedRings.Create();

    public void Dispose() => _ring.Dispose();

    private static ulong UserData => s_context.Raw;

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareEpollCtl))]
    public void EpollCtl_stages_a_packed_12_byte_event()
    {
        Assert.True(_ring.TryPrepareEpollCtl(s_context, 20, EpollOp.Modify, 21, new EpollEvent(PollEvents.In | PollEvents.EdgeTriggered, 0x0102_0304_0506_0708)));
        byte[] actual = _ring.LastSqeBytes();
        byte* staged = (byte*)DetachedRings.ReadU64(actual, 16);
        Assert.Equal(0x80000001u, *(uint*)staged);
        Assert.Equal(0x0102_0304_0506_0708UL, *(ulong*)(staged + 4));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.EpollCtl).Fd(20).Off(21).Len(3).UserData(UserData).SameU64As(actual, 16).Bytes,
            actual);
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareEpollCtl))]
    public void EpollCtl_delete_needs_no_event()
    {
        Assert.True(_ring.TryPrepareEpollCtl(s_context, 20, EpollOp.Delete, 22));
        byte[] actual = _ring.LastSqeBytes();
        Assert.Equal(new ExpectedSqe(IoUringOp.EpollCtl).Fd(20).Off(22).Len(2).UserData(UserData).SameU64As(actual, 16).Bytes, actual);
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareEpollWait))]
    public void EpollWait_holds_the_event_array_and_leaves_rw_flags_zero()
    {
        EpollEvent[] events = GC.AllocateArray<EpollEvent>(5, pinned: true);
        Assert.True(_ring.TryPrepareEpollWait(s_context, 23, events));
        fixed (EpollEvent* p = events)
        {
            Assert.Equal(new ExpectedSqe(IoUringOp.EpollWait).Fd(23).Addr((ulong)p).Len(5).UserData(UserData).Bytes, _ring.LastSqeBytes());
        }
    }

    [Fact]
    public void EpollWait_rejects_an_empty_span()
    {
        Assert.Throws<ArgumentException>(() => _ring.TryPrepareEpollWait(s_context, 23, Span<EpollEvent>.Empty));
        Assert.Equal(0, _ring.SqPending);
    }
}
