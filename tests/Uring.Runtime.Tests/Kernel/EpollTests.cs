using System;
using System.Linq;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>epoll_ctl and epoll_wait through the ring, on an epoll instance created with libc.</summary>
public sealed class EpollTests : IDisposable
{
    private readonly Ring _ring = TestRings.Started();
    private readonly int _epoll = Posix.EpollCreate();
    private readonly (int Read, int Write) _pipe = Posix.Pipe();
    private readonly EpollEvent[] _events = GC.AllocateArray<EpollEvent>(4, pinned: true);

    public void Dispose()
    {
        _ring.Dispose();
        Posix.CloseQuietly(_epoll);
        Posix.CloseQuietly(_pipe.Read);
        Posix.CloseQuietly(_pipe.Write);
    }

    [Fact]
    public void Add_modify_delete_and_wait_report_the_registered_data()
    {
        Assert.Equal(0, _ring.ResultOf(1, _ring.TryPrepareEpollCtl(SqeContext.FromValue(1), _epoll, EpollOp.Add, _pipe.Read, new EpollEvent(PollEvents.In, 0xABCD_0000_1234))));
        Assert.Equal(-(int)Errno.EEXIST, _ring.ResultOf(2, _ring.TryPrepareEpollCtl(SqeContext.FromValue(2), _epoll, EpollOp.Add, _pipe.Read, new EpollEvent(PollEvents.In, 1))));

        // The wait is armed before anything is ready, then completes when the pipe becomes readable.
        Assert.True(_ring.TryPrepareEpollWait(SqeContext.FromValue(3), _epoll, _events));
        _ring.Submit();
        Assert.Equal(1, Posix.Write(_pipe.Write, "x"u8));
        CqeView waited = _ring.WaitOne();
        Assert.Equal(3UL, waited.Context.Value);
        Assert.Equal(1, waited.Result);
        Assert.Equal(0xABCD_0000_1234UL, _events[0].Data);
        Assert.Equal(PollEvents.In, _events[0].Events & PollEvents.In);

        // MOD changes the data; the data is still unread, so a level-triggered wait completes at once.
        Assert.Equal(0, _ring.ResultOf(4, _ring.TryPrepareEpollCtl(SqeContext.FromValue(4), _epoll, EpollOp.Modify, _pipe.Read, new EpollEvent(PollEvents.In, 77))));
        _events.AsSpan().Clear();
        Assert.Equal(1, _ring.ResultOf(5, _ring.TryPrepareEpollWait(SqeContext.FromValue(5), _epoll, _events)));
        Assert.Equal(77UL, _events[0].Data);

        Assert.Equal(0, _ring.ResultOf(6, _ring.TryPrepareEpollCtl(SqeContext.FromValue(6), _epoll, EpollOp.Delete, _pipe.Read)));
        Assert.Equal(-(int)Errno.ENOENT, _ring.ResultOf(7, _ring.TryPrepareEpollCtl(SqeContext.FromValue(7), _epoll, EpollOp.Delete, _pipe.Read)));
        Assert.Equal(-(int)Errno.ENOENT, _ring.ResultOf(8, _ring.TryPrepareEpollCtl(SqeContext.FromValue(8), _epoll, EpollOp.Modify, _pipe.Read, new EpollEvent(PollEvents.In, 1))));
    }

    [Fact]
    public void Wait_reports_several_ready_fds_up_to_the_span_length()
    {
        (int read2, int write2) = Posix.Pipe();
        try
        {
            Assert.Equal(0, _ring.ResultOf(10, _ring.TryPrepareEpollCtl(SqeContext.FromValue(10), _epoll, EpollOp.Add, _pipe.Write, new EpollEvent(PollEvents.Out, 100))));
            Assert.Equal(0, _ring.ResultOf(11, _ring.TryPrepareEpollCtl(SqeContext.FromValue(11), _epoll, EpollOp.Add, write2, new EpollEvent(PollEvents.Out, 200))));
            Assert.Equal(2, _ring.ResultOf(12, _ring.TryPrepareEpollWait(SqeContext.FromValue(12), _epoll, _events)));
            Assert.Equal(new ulong[] { 100, 200 }, _events.Take(2).Select(e => e.Data).Order().ToArray());

            Assert.Equal(1, _ring.ResultOf(13, _ring.TryPrepareEpollWait(SqeContext.FromValue(13), _epoll, _events.AsSpan(0, 1))));
        }
        finally
        {
            Posix.CloseQuietly(ref read2);
            Posix.CloseQuietly(ref write2);
        }
    }

    [Fact]
    public void A_linked_timeout_bounds_a_wait_on_an_idle_instance()
    {
        Assert.Equal(0, _ring.ResultOf(20, _ring.TryPrepareEpollCtl(SqeContext.FromValue(20), _epoll, EpollOp.Add, _pipe.Read, new EpollEvent(PollEvents.In, 5))));
        Assert.True(_ring.TryPrepareEpollWait(SqeContext.FromValue(21), _epoll, _events, OpOptions.Linked));
        Assert.True(_ring.TryPrepareLinkTimeout(SqeContext.FromValue(22), TimeSpan.FromMilliseconds(20)));
        CqeView[] both = _ring.WaitMany(2);
        Assert.Equal(Errno.ECANCELED, both.Single(c => c.Context.Value == 21).Error);
        Assert.Equal(Errno.ETIME, both.Single(c => c.Context.Value == 22).Error);
    }

    [Fact]
    public void Edge_triggered_registration_reports_a_readiness_change_once()
    {
        Assert.Equal(0, _ring.ResultOf(30, _ring.TryPrepareEpollCtl(SqeContext.FromValue(30), _epoll, EpollOp.Add, _pipe.Read, new EpollEvent(PollEvents.In | PollEvents.EdgeTriggered, 9))));
        Assert.Equal(1, Posix.Write(_pipe.Write, "x"u8));
        Assert.Equal(1, _ring.ResultOf(31, _ring.TryPrepareEpollWait(SqeContext.FromValue(31), _epoll, _events)));
        Assert.Equal(9UL, _events[0].Data);

        // Nothing new happened: the next wait stays pending until the timeout cancels it.
        Assert.True(_ring.TryPrepareEpollWait(SqeContext.FromValue(32), _epoll, _events, OpOptions.Linked));
        Assert.True(_ring.TryPrepareLinkTimeout(SqeContext.FromValue(33), TimeSpan.FromMilliseconds(20)));
        Assert.Equal(Errno.ECANCELED, _ring.WaitMany(2).Single(c => c.Context.Value == 32).Error);
    }

    [Fact]
    public void Epoll_ops_on_a_non_epoll_fd_fail()
    {
        Assert.Equal(-(int)Errno.EINVAL, _ring.ResultOf(40, _ring.TryPrepareEpollCtl(SqeContext.FromValue(40), _pipe.Read, EpollOp.Add, _pipe.Write, new EpollEvent(PollEvents.Out, 0))));
        Assert.Equal(-(int)Errno.EINVAL, _ring.ResultOf(41, _ring.TryPrepareEpollWait(SqeContext.FromValue(41), _pipe.Read, _events)));
    }
}
