using System;
using System.Linq;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>Each cancel mode against reads blocked on empty pipes.</summary>
public sealed class CancelTests : IDisposable
{
    private readonly Ring _ring = TestRings.Started();
    private readonly NativeBuffer _buffer = new(64);
    private readonly (int Read, int Write) _first = Posix.Pipe();
    private readonly (int Read, int Write) _second = Posix.Pipe();

    public void Dispose()
    {
        _ring.Dispose();
        _buffer.Dispose();
        Posix.CloseQuietly(_first.Read);
        Posix.CloseQuietly(_first.Write);
        Posix.CloseQuietly(_second.Read);
        Posix.CloseQuietly(_second.Write);
    }

    private void BlockReads(params (ulong Id, int Fd)[] reads)
    {
        foreach ((ulong id, int fd) in reads)
        {
            Assert.True(_ring.TryPrepareRead(SqeContext.FromValue(id), fd, _buffer.Span.Slice((int)id % 4 * 16, 16)));
        }

        _ring.Submit();
        Assert.Equal(0, _ring.Wait(new CqeView[4], 1, TimeSpan.FromMilliseconds(10)));
    }

    [Fact]
    public void Cancel_by_user_data_cancels_only_that_request()
    {
        BlockReads((1, _first.Read), (2, _second.Read));
        Assert.True(_ring.TryPrepareCancel(SqeContext.FromValue(50), SqeContext.FromValue(1).Raw));
        CqeView[] all = _ring.WaitMany(2);
        Assert.Equal(0, all.Single(c => c.Context.Value == 50).Result);
        Assert.Equal(Errno.ECANCELED, all.Single(c => c.Context.Value == 1).Error);

        Assert.Equal(3, Posix.Write(_second.Write, "abc"u8));
        Assert.Equal(3, _ring.WaitOne().Result);
    }

    [Fact]
    public void Cancel_by_user_data_of_nothing_reports_enoent()
    {
        Assert.True(_ring.TryPrepareCancel(SqeContext.FromValue(51), 0x777));
        Assert.Equal(Errno.ENOENT, _ring.WaitOne().Error);
    }

    [Fact]
    public void Cancel_by_fd_cancels_every_request_on_it_with_all()
    {
        BlockReads((1, _first.Read), (2, _first.Read), (3, _second.Read));
        Assert.True(_ring.TryPrepareCancelFd(SqeContext.FromValue(52), _first.Read, all: true));
        CqeView[] all = _ring.WaitMany(3);
        Assert.Equal(2, all.Single(c => c.Context.Value == 52).Result);
        Assert.All(all.Where(c => c.Context.Value is 1 or 2), c => Assert.Equal(Errno.ECANCELED, c.Error));
        Assert.Equal(1, _ring.TryPrepareCancelAll(SqeContext.FromValue(53)) ? _ring.WaitMany(2).Single(c => c.Context.Value == 53).Result : -1);
    }

    [Fact]
    public void Cancel_by_opcode_matches_the_opcode()
    {
        BlockReads((1, _first.Read));
        Assert.True(_ring.TryPrepareTimeout(SqeContext.FromValue(9), TimeSpan.FromSeconds(30)));
        Assert.True(_ring.TryPrepareCancelOpcode(SqeContext.FromValue(54), IoUringOp.Read));
        CqeView[] all = _ring.WaitMany(2);
        Assert.Equal(0, all.Single(c => c.Context.Value == 54).Result);
        Assert.Equal(Errno.ECANCELED, all.Single(c => c.Context.Value == 1).Error);

        Assert.True(_ring.TryPrepareCancelOpcode(SqeContext.FromValue(55), IoUringOp.Timeout));
        CqeView[] timeouts = _ring.WaitMany(2);
        Assert.Equal(Errno.ECANCELED, timeouts.Single(c => c.Context.Value == 9).Error);
    }

    [Fact]
    public void Cancel_any_matches_every_request_as_the_kernel_treats_any_like_all()
    {
        BlockReads((1, _first.Read), (2, _second.Read));
        Assert.True(_ring.TryPrepareCancelAny(SqeContext.FromValue(56)));
        CqeView[] all = _ring.WaitMany(3);
        Assert.Equal(2, all.Single(c => c.Context.Value == 56).Result);
        Assert.Equal(2, all.Count(c => c.Error == Errno.ECANCELED));
    }

    [Fact]
    public void Cancel_all_reports_how_many_it_cancelled()
    {
        BlockReads((1, _first.Read), (2, _second.Read), (3, _second.Read));
        Assert.True(_ring.TryPrepareCancelAll(SqeContext.FromValue(58)));
        CqeView[] all = _ring.WaitMany(4);
        Assert.Equal(3, all.Single(c => c.Context.Value == 58).Result);
        Assert.Equal(3, all.Count(c => c.Error == Errno.ECANCELED));
    }

    [Fact]
    public void Cancel_any_with_nothing_in_flight_cancels_nothing()
    {
        Assert.True(_ring.TryPrepareCancelAny(SqeContext.FromValue(59)));
        Assert.Equal(0, _ring.WaitOne().Result);
    }
}
