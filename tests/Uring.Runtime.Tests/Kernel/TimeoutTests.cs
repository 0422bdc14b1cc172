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
        Assert.True(_ring.TryPrepareTimeout(SqeContext.FromValue(1), TimeSpan.FromMilliseconds(20)));
        CqeView cqe = _ring.WaitOne();
        Assert.Equal(Errno.ETIME, cqe.Error);
        Assert.Equal(1UL, cqe.Context.Value);
    }

    [Fact]
    public void A_counted_timeout_completes_after_that_many_completions()
    {
        Assert.True(_ring.TryPrepareTimeout(SqeContext.FromValue(100), TimeSpan.FromSeconds(30), count: 2));
        Assert.True(_ring.TryPrepareNop(SqeContext.FromValue(1)));
        Assert.True(_ring.TryPrepareNop(SqeContext.FromValue(2)));
        CqeView[] all = _ring.WaitMany(3);
        Assert.Equal(0, all.Single(c => c.Context.Value == 100).Result);
    }

    /// <summary>
    /// Read as a relative duration, a CLOCK_MONOTONIC time point is the machine's uptime (and a CLOCK_REALTIME one
    /// decades): far past the 10 s a wait allows. So an absolute timeout that fires, and not before its deadline,
    /// shows the kernel read the flags under test.
    /// </summary>
    private CqeView WaitForAbsolute(ulong id, int clock, TimeSpan deadline, TimeoutFlags flags)
    {
        Assert.True(deadline > TimeSpan.FromSeconds(30), $"clock {clock} reads {deadline}: too close to its epoch to tell absolute from relative");
        Assert.True(_ring.TryPrepareTimeout(SqeContext.FromValue(id), deadline, flags: flags));
        CqeView cqe = _ring.WaitOne();
        Assert.True(Posix.ClockNow(clock) >= deadline, "an absolute timeout cannot fire before its deadline");
        Assert.Equal(id, cqe.Context.Value);
        return cqe;
    }

    [Fact]
    public void An_absolute_timeout_fires_at_its_monotonic_deadline()
    {
        TimeSpan deadline = Posix.ClockNow(Posix.ClockMonotonic) + TimeSpan.FromMilliseconds(30);
        Assert.Equal(Errno.ETIME, WaitForAbsolute(3, Posix.ClockMonotonic, deadline, TimeoutFlags.Absolute).Error);
    }

    [Fact]
    public void An_absolute_timeout_in_the_past_fires_at_once()
    {
        TimeSpan deadline = Posix.ClockNow(Posix.ClockMonotonic) - TimeSpan.FromMilliseconds(1);
        Assert.Equal(Errno.ETIME, WaitForAbsolute(3, Posix.ClockMonotonic, deadline, TimeoutFlags.Absolute).Error);
    }

    [Fact]
    public void A_realtime_timeout_measures_wall_clock_time()
    {
        // On CLOCK_MONOTONIC this deadline is decades away; only REALTIME makes it fire now.
        TimeSpan deadline = Posix.ClockNow(Posix.ClockRealtime) + TimeSpan.FromMilliseconds(30);
        Assert.Equal(Errno.ETIME, WaitForAbsolute(4, Posix.ClockRealtime, deadline, TimeoutFlags.Absolute | TimeoutFlags.RealTime).Error);
    }

    [Fact]
    public void A_boottime_timeout_measures_time_including_suspend()
    {
        // CLOCK_BOOTTIME is CLOCK_MONOTONIC plus time suspended; on a machine that never suspended the two agree,
        // so firing at a BOOTTIME deadline cannot tell them apart there. What it does show: the deadline is read
        // as an absolute BOOTTIME point (relative, or on REALTIME, it would be uptime or decades away) ...
        TimeSpan deadline = Posix.ClockNow(Posix.ClockBoottime) + TimeSpan.FromMilliseconds(30);
        Assert.Equal(Errno.ETIME, WaitForAbsolute(5, Posix.ClockBoottime, deadline, TimeoutFlags.Absolute | TimeoutFlags.BootTime).Error);

        // ... and the bit is a clock selector: asking for two clocks at once is refused.
        Assert.True(_ring.TryPrepareTimeout(SqeContext.FromValue(6), TimeSpan.FromMilliseconds(1), flags: TimeoutFlags.BootTime | TimeoutFlags.RealTime));
        Assert.Equal(Errno.EINVAL, _ring.WaitOne().Error);
    }

    [Fact]
    public void Etime_success_lets_the_linked_request_run_where_a_plain_timeout_cancels_it()
    {
        // Plain: the expired timeout fails the link, so the linked NOP is cancelled.
        Assert.True(_ring.TryPrepareTimeout(SqeContext.FromValue(40), TimeSpan.FromMilliseconds(5), options: OpOptions.Linked));
        Assert.True(_ring.TryPrepareNop(SqeContext.FromValue(41), NopFlags.InjectResult, result: 7));
        CqeView[] plain = _ring.WaitMany(2);
        Assert.Equal(Errno.ETIME, plain.Single(c => c.Context.Value == 40).Error);
        Assert.Equal(Errno.ECANCELED, plain.Single(c => c.Context.Value == 41).Error);

        // ETIME_SUCCESS: the timeout still reports -ETIME, but counts as success for the link: the NOP runs.
        Assert.True(_ring.TryPrepareTimeout(SqeContext.FromValue(42), TimeSpan.FromMilliseconds(5), flags: TimeoutFlags.EtimeSuccess, options: OpOptions.Linked));
        Assert.True(_ring.TryPrepareNop(SqeContext.FromValue(43), NopFlags.InjectResult, result: 7));
        CqeView[] tolerated = _ring.WaitMany(2);
        Assert.Equal(Errno.ETIME, tolerated.Single(c => c.Context.Value == 42).Error);
        Assert.Equal(7, tolerated.Single(c => c.Context.Value == 43).Result);
    }

    [Fact]
    public void A_multishot_timeout_fires_count_times_where_a_plain_one_fires_once()
    {
        Assert.True(_ring.TryPrepareTimeout(SqeContext.FromValue(50), TimeSpan.FromMilliseconds(5), count: 3, flags: TimeoutFlags.Multishot));
        CqeView[] shots = _ring.WaitMany(3);
        Assert.All(shots, cqe => Assert.Equal(Errno.ETIME, cqe.Error));
        Assert.True(shots[0].HasMore && shots[1].HasMore, "the first two shots leave it armed");
        Assert.False(shots[2].HasMore, "the third shot ends it");

        // Without the flag the same count means "or after 3 completions": one CQE, then nothing more.
        Assert.True(_ring.TryPrepareTimeout(SqeContext.FromValue(51), TimeSpan.FromMilliseconds(5), count: 3));
        CqeView once = _ring.WaitOne();
        Assert.Equal(Errno.ETIME, once.Error);
        Assert.False(once.HasMore);
        Span<CqeView> none = stackalloc CqeView[1];
        Assert.Equal(0, _ring.Wait(none, 1, TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public void Updating_a_link_timeout_re_arms_it()
    {
        (int read, int write) = Posix.Pipe();
        try
        {
            using NativeBuffer buffer = new(64);
            Assert.True(_ring.TryPrepareRead(SqeContext.FromValue(60), read, buffer.Span, options: OpOptions.Linked));
            Assert.True(_ring.TryPrepareLinkTimeout(SqeContext.FromValue(61), TimeSpan.FromSeconds(30)));
            _ring.Submit();

            // Without the update the read would wait 30 s; updated to 10 ms, the link timeout fires and cancels it.
            Assert.True(_ring.TryPrepareLinkTimeoutUpdate(SqeContext.FromValue(62), SqeContext.FromValue(61).Raw, TimeSpan.FromMilliseconds(10)));
            CqeView update = _ring.WaitOne();
            Assert.True(update.Context.Value == 62 && update.Result == 0, $"{update.Context.Value}: {update.Result}");
            CqeView[] all = _ring.WaitMany(2);
            Assert.Equal(Errno.ETIME, all.Single(c => c.Context.Value == 61).Error);
            Assert.Equal(Errno.ECANCELED, all.Single(c => c.Context.Value == 60).Error);

            // A plain timeout is not a link timeout: the link-timeout update does not find it.
            Assert.True(_ring.TryPrepareTimeout(SqeContext.FromValue(63), TimeSpan.FromSeconds(30)));
            Assert.True(_ring.TryPrepareLinkTimeoutUpdate(SqeContext.FromValue(64), SqeContext.FromValue(63).Raw, TimeSpan.FromMilliseconds(10)));
            Assert.Equal(Errno.ENOENT, _ring.WaitOne().Error);
            Assert.True(_ring.TryPrepareTimeoutRemove(SqeContext.FromValue(65), SqeContext.FromValue(63).Raw));
            Assert.Equal(2, _ring.WaitMany(2).Length);
        }
        finally
        {
            Posix.CloseQuietly(ref read);
            Posix.CloseQuietly(ref write);
        }
    }

    [Fact]
    public void Removing_a_timeout_cancels_it()
    {
        Assert.True(_ring.TryPrepareTimeout(SqeContext.FromValue(5), TimeSpan.FromSeconds(30)));
        Assert.True(_ring.TryPrepareTimeoutRemove(SqeContext.FromValue(6), SqeContext.FromValue(5).Raw));
        CqeView[] all = _ring.WaitMany(2);
        Assert.Equal(Errno.ECANCELED, all.Single(c => c.Context.Value == 5).Error);
        Assert.Equal(0, all.Single(c => c.Context.Value == 6).Result);
    }

    [Fact]
    public void Removing_an_unknown_timeout_reports_enoent()
    {
        Assert.True(_ring.TryPrepareTimeoutRemove(SqeContext.FromValue(7), 0xDEAD));
        Assert.Equal(Errno.ENOENT, _ring.WaitOne().Error);
    }

    [Fact]
    public void Updating_a_timeout_re_arms_it()
    {
        Assert.True(_ring.TryPrepareTimeout(SqeContext.FromValue(8), TimeSpan.FromSeconds(30)));
        Assert.True(_ring.TryPrepareTimeoutUpdate(SqeContext.FromValue(9), SqeContext.FromValue(8).Raw, TimeSpan.FromMilliseconds(10)));
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
            Assert.True(_ring.TryPrepareRead(SqeContext.FromValue(10), read, buffer.Span, options: OpOptions.Linked));
            Assert.True(_ring.TryPrepareLinkTimeout(SqeContext.FromValue(11), TimeSpan.FromMilliseconds(20)));
            CqeView[] all = _ring.WaitMany(2);
            Assert.Equal(Errno.ECANCELED, all.Single(c => c.Context.Value == 10).Error);
            Assert.Equal(Errno.ETIME, all.Single(c => c.Context.Value == 11).Error);
        }
        finally
        {
            Posix.CloseQuietly(ref read);
            Posix.CloseQuietly(ref write);
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
            Assert.True(_ring.TryPrepareRead(SqeContext.FromValue(12), read, buffer.Span, options: OpOptions.Linked));
            Assert.True(_ring.TryPrepareLinkTimeout(SqeContext.FromValue(13), TimeSpan.FromSeconds(30)));
            CqeView[] all = _ring.WaitMany(2);
            Assert.Equal(5, all.Single(c => c.Context.Value == 12).Result);
            Assert.Equal(Errno.ECANCELED, all.Single(c => c.Context.Value == 13).Error);
        }
        finally
        {
            Posix.CloseQuietly(ref read);
            Posix.CloseQuietly(ref write);
        }
    }
}
