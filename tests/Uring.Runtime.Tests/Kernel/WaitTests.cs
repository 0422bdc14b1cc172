using System;
using System.Diagnostics;
using System.Threading;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

public sealed class WaitTests : IDisposable
{
    private readonly Ring _ring = TestRings.Started();

    public void Dispose() => _ring.Dispose();

    [Fact]
    public void Wait_never_blocks()
    {
        Span<CqeView> batch = stackalloc CqeView[4];
        Assert.Equal(0, _ring.Reap(batch));
        Assert.True(_ring.TryPrepareNop(SqeContext.FromValue(1)));
        Assert.Equal(1, _ring.Reap(batch));
        Assert.Equal(0, _ring.Reap(batch));
    }

    [Fact]
    public void WaitFor_blocks_until_a_completion_and_wakes()
    {
        Assert.True(_ring.TryPrepareTimeout(SqeContext.FromValue(2), TimeSpan.FromMilliseconds(30)));
        Span<CqeView> batch = stackalloc CqeView[4];
        Stopwatch clock = Stopwatch.StartNew();
        int got = _ring.Wait(batch, 1, TimeSpan.FromSeconds(10));
        clock.Stop();
        Assert.Equal(1, got);
        Assert.Equal(Errno.ETIME, batch[0].Error);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(9), "Wait returned at its own timeout, not at the completion");
    }

    [Fact]
    public void WaitFor_returns_empty_at_its_timeout()
    {
        Assert.Equal(0, _ring.Wait(new CqeView[2], 1, TimeSpan.FromMilliseconds(15)));
    }

    [Fact]
    public void WaitFor_waits_for_the_requested_count_even_when_a_timeout_wakes_it_early()
    {
        // The kernel wakes waiters on every IORING_OP_TIMEOUT completion; Wait must keep waiting.
        Assert.True(_ring.TryPrepareTimeout(SqeContext.FromValue(3), TimeSpan.FromMilliseconds(5)));
        Assert.True(_ring.TryPrepareTimeout(SqeContext.FromValue(4), TimeSpan.FromMilliseconds(40)));
        CqeView[] batch = new CqeView[4];
        Assert.Equal(2, _ring.Wait(batch, 2, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void WaitFor_counts_completions_of_a_pipe_read_and_a_nop()
    {
        (int read, int write) = Posix.Pipe();
        try
        {
            using NativeBuffer buffer = new(8);
            Assert.True(_ring.TryPrepareRead(SqeContext.FromValue(10), read, buffer.Span));
            Assert.True(_ring.TryPrepareNop(SqeContext.FromValue(11)));
            _ring.Submit();
            TestThread writer = new(() =>
            {
                Thread.Sleep(20);
                Posix.Write(write, "x"u8);
            });
            writer.Start();
            CqeView[] batch = new CqeView[4];
            Assert.Equal(2, _ring.Wait(batch, 2, TimeSpan.FromSeconds(10)));
            writer.Join();
        }
        finally
        {
            Posix.CloseQuietly(ref read);
            Posix.CloseQuietly(ref write);
        }
    }

    [Fact]
    public void WaitFor_with_zero_min_complete_is_a_non_blocking_reap()
    {
        Assert.True(_ring.TryPrepareNop(SqeContext.FromValue(5)));
        Assert.Equal(1, _ring.Wait(new CqeView[2], 0, Timeout.InfiniteTimeSpan));
    }

    [Fact]
    public void WaitFor_with_an_infinite_timeout_returns_on_completion()
    {
        Assert.True(_ring.TryPrepareTimeout(SqeContext.FromValue(6), TimeSpan.FromMilliseconds(5)));
        Assert.Equal(1, _ring.Wait(new CqeView[1], 1, Timeout.InfiniteTimeSpan));
    }

    [Fact]
    public void Submit_hands_entries_to_the_kernel_without_reaping()
    {
        Assert.Equal(0, _ring.Submit());
        Assert.True(_ring.TryPrepareNop(SqeContext.FromValue(7)));
        Assert.True(_ring.TryPrepareNop(SqeContext.FromValue(8)));
        Assert.Equal(2, _ring.SqPending);
        Assert.Equal(2, _ring.Submit());
        Assert.Equal(0, _ring.SqPending);
        Assert.Equal(2, _ring.CqPending);
        Assert.Equal(2, _ring.Reap(new CqeView[4]));
    }
}
