using System;
using System.Linq;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

public sealed class TimeoutTests : IDisposable
{
    private readonly Ring _ring = TestRings.Started();

    public void Dispose() => _ring.Dispose();

    [Fact]
    public void A_timeout_expires_with_etime()
    {
        Assert.True(_ring.PrepareTimeout(SqeContext.FromValue(1), TimeSpan.FromMilliseconds(20)));
        CqeView cqe = _ring.WaitOne();
        Assert.Equal(Errno.ETIME, cqe.Error);
        Assert.Equal(1UL, cqe.Context.Value);
    }

    [Fact]
    public void A_counted_timeout_completes_after_that_many_completions()
    {
        Assert.True(_ring.PrepareTimeout(SqeContext.FromValue(100), TimeSpan.FromSeconds(30), count: 2));
        Assert.True(_ring.PrepareNop(SqeContext.FromValue(1)));
        Assert.True(_ring.PrepareNop(SqeContext.FromValue(2)));
        CqeView[] all = _ring.WaitMany(3);
        Assert.Equal(0, all.Single(c => c.Context.Value == 100).Result);
    }

    [Fact]
    public void An_absolute_timeout_in_the_past_fires_at_once()
    {
        Assert.True(_ring.PrepareTimeout(SqeContext.FromValue(3), TimeSpan.FromTicks(1), flags: TimeoutFlags.Absolute));
        Assert.Equal(Errno.ETIME, _ring.WaitOne().Error);
    }

    [Fact]
    public void A_boottime_timeout_expires()
    {
        Assert.True(_ring.PrepareTimeout(SqeContext.FromValue(4), TimeSpan.FromMilliseconds(5), flags: TimeoutFlags.BootTime));
        Assert.Equal(Errno.ETIME, _ring.WaitOne().Error);
    }

    [Fact]
    public void Removing_a_timeout_cancels_it()
    {
        Assert.True(_ring.PrepareTimeout(SqeContext.FromValue(5), TimeSpan.FromSeconds(30)));
        Assert.True(_ring.PrepareTimeoutRemove(SqeContext.FromValue(6), SqeContext.FromValue(5).Raw));
        CqeView[] all = _ring.WaitMany(2);
        Assert.Equal(Errno.ECANCELED, all.Single(c => c.Context.Value == 5).Error);
        Assert.Equal(0, all.Single(c => c.Context.Value == 6).Result);
    }

    [Fact]
    public void Removing_an_unknown_timeout_reports_enoent()
    {
        Assert.True(_ring.PrepareTimeoutRemove(SqeContext.FromValue(7), 0xDEAD));
        Assert.Equal(Errno.ENOENT, _ring.WaitOne().Error);
    }

    [Fact]
    public void Updating_a_timeout_re_arms_it()
    {
        Assert.True(_ring.PrepareTimeout(SqeContext.FromValue(8), TimeSpan.FromSeconds(30)));
        Assert.True(_ring.PrepareTimeoutUpdate(SqeContext.FromValue(9), SqeContext.FromValue(8).Raw, TimeSpan.FromMilliseconds(10)));
        CqeView[] all = _ring.WaitMany(2);
        Assert.Equal(0, all.Single(c => c.Context.Value == 9).Result);
        Assert.Equal(Errno.ETIME, all.Single(c => c.Context.Value == 8).Error);
    }

    [Fact]
    public void A_link_timeout_cancels_a_read_blocked_on_a_pipe()
    {
        (int read, int write) = Posix.Pipe();
        try
        {
            using NativeBuffer buffer = new(64);
            Assert.True(_ring.PrepareRead(SqeContext.FromValue(10), read, buffer.Span, options: OpOptions.Linked));
            Assert.True(_ring.PrepareLinkTimeout(SqeContext.FromValue(11), TimeSpan.FromMilliseconds(20)));
            CqeView[] all = _ring.WaitMany(2);
            Assert.Equal(Errno.ECANCELED, all.Single(c => c.Context.Value == 10).Error);
            Assert.Equal(Errno.ETIME, all.Single(c => c.Context.Value == 11).Error);
        }
        finally
        {
            Posix.CloseQuietly(read);
            Posix.CloseQuietly(write);
        }
    }

    [Fact]
    public void A_link_timeout_is_cancelled_when_the_read_completes_first()
    {
        (int read, int write) = Posix.Pipe();
        try
        {
            Assert.Equal(5, Posix.Write(write, "hello"u8));
            using NativeBuffer buffer = new(64);
            Assert.True(_ring.PrepareRead(SqeContext.FromValue(12), read, buffer.Span, options: OpOptions.Linked));
            Assert.True(_ring.PrepareLinkTimeout(SqeContext.FromValue(13), TimeSpan.FromSeconds(30)));
            CqeView[] all = _ring.WaitMany(2);
            Assert.Equal(5, all.Single(c => c.Context.Value == 12).Result);
            Assert.Equal(Errno.ECANCELED, all.Single(c => c.Context.Value == 13).Error);
        }
        finally
        {
            Posix.CloseQuietly(read);
            Posix.CloseQuietly(write);
        }
    }
}
