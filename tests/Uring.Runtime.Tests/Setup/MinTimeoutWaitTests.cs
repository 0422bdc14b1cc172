using System;
using System.Diagnostics;
using System.Threading;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Setup;

/// <summary>
/// Waits with a minimum (min_wait_usec): full batches when they come, no more than the minimum of latency otherwise.
/// The time bounds are loose (seconds against milliseconds): they tell "returned after the minimum" from "waited for the
/// batch or the timeout", not how fast the machine is.
/// </summary>
public sealed class MinTimeoutWaitTests
{
    [Fact]
    public void One_completion_ends_the_wait_once_the_minimum_passed()
    {
        using Ring ring = TestRings.Started();
        if (!ring.Features.KernelFeatures.HasFlag(KernelFeatures.MinTimeout))
        {
            Assert.Contains("6.12", Assert.Throws<NotSupportedException>(
                () => ring.WaitMinTimeout(new CqeView[1], 2, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(1))).Message);
            return;
        }

        CqeView[] got = new CqeView[4];

        // Without a minimum, one completion of two waits for the timeout...
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(1)));
        Stopwatch clock = Stopwatch.StartNew();
        Assert.Equal(1, ring.Wait(got, 2, TimeSpan.FromMilliseconds(300)));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(250), $"A plain wait returned early: {clock.Elapsed}.");

        // ...with one, it ends after the minimum.
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(2), NopFlags.InjectResult, result: 22));
        clock.Restart();
        Assert.Equal(1, ring.WaitMinTimeout(got, 2, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50)));
        Assert.Equal(22, got[0].Result);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(40), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void A_full_batch_before_the_minimum_returns_at_once()
    {
        using Ring ring = TestRings.Started();
        Assert.True(ring.Features.KernelFeatures.HasFlag(KernelFeatures.MinTimeout), "This kernel lacks IORING_FEAT_MIN_TIMEOUT; the test above asserts the refusal.");
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(1)));
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(2)));
        Stopwatch clock = Stopwatch.StartNew();
        Assert.Equal(2, ring.WaitMinTimeout(new CqeView[4], 2, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2.5), $"A full batch waited for the minimum: {clock.Elapsed}.");
    }

    [Theory]
    [InlineData(10_000)]
    [InlineData(-1)]
    public void After_the_minimum_the_first_completion_ends_the_wait(int timeoutMilliseconds)
    {
        using Ring ring = TestRings.Started();
        Assert.True(ring.Features.KernelFeatures.HasFlag(KernelFeatures.MinTimeout), "This kernel lacks IORING_FEAT_MIN_TIMEOUT; the first test asserts the refusal.");
        (int read, int write) = Posix.Pipe();
        using NativeBuffer buffer = new(16);
        try
        {
            Assert.True(ring.TryPrepareRead(SqeContext.FromValue(7), read, buffer.Span));
            using Timer writer = new(_ => Posix.Write(write, "late"u8), null, 200, Timeout.Infinite);
            Stopwatch clock = Stopwatch.StartNew();
            CqeView[] got = new CqeView[4];

            // Nothing is there when the 20 ms minimum ends; the read 200 ms in is the first completion, and it is enough.
            Assert.Equal(1, ring.WaitMinTimeout(got, 4, TimeSpan.FromMilliseconds(timeoutMilliseconds), TimeSpan.FromMilliseconds(20)));
            Assert.Equal(4, got[0].Result);
            Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(5));
        }
        finally
        {
            Posix.CloseQuietly(ref read);
            Posix.CloseQuietly(ref write);
        }
    }

    [Fact]
    public void A_minimum_longer_than_the_timeout_is_refused()
    {
        using Ring ring = TestRings.Started();
        Assert.Equal("minWait", Assert.Throws<ArgumentOutOfRangeException>(
            () => ring.WaitMinTimeout(new CqeView[1], 1, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(20))).ParamName);
        Assert.Equal("minWait", Assert.Throws<ArgumentOutOfRangeException>(
            () => ring.WaitMinTimeout(new CqeView[1], 1, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(-1))).ParamName);
    }
}
