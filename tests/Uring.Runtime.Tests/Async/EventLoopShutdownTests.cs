using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Async;

/// <summary>
/// Orderly shutdown: every operation in flight is cancelled and completes (with <see cref="ObjectDisposedException"/>,
/// or <see cref="OperationCanceledException"/> when its own token asked first), and nothing is left: no counter, no fd,
/// no native memory. Descriptors are compared by identity (<see cref="FdTable"/>), and closed numbers are reused, so
/// these tests run alone.
/// </summary>
[Collection(FdNumberingCollection.Name)]
public sealed class EventLoopShutdownTests
{
    [Fact]
    public async Task Shutdown_with_operations_in_flight_leaves_nothing_behind()
    {
        KernelRequirement.Require();
        (int readEnd, int writeEnd) = Posix.Pipe();
        try
        {
            HashSet<(int Fd, string Target)> fdsBefore = FdTable.Snapshot();
            EventLoop loop = new(new EventLoopOptions { Entries = 16 });
            using CancellationTokenSource cancel = new();

            // Reads that wait forever (more than the SQ holds, so some wait for room), a long delay, a statx whose
            // native buffer the loop owns, and a read whose own token is cancelled as the shutdown begins.
            ValueTask<int>[] reads = new ValueTask<int>[40];
            for (int i = 0; i < reads.Length; i++)
            {
                reads[i] = loop.ReadAsync(readEnd, new byte[8], -1);
            }

            ValueTask delay = loop.DelayAsync(TimeSpan.FromHours(1));
            Statx status = await loop.StatxAsync(readEnd).Bounded();
            Assert.NotEqual(0UL, status.Inode);
            ValueTask<int> ownCancel = loop.ReadAsync(readEnd, new byte[8], -1, cancel.Token);
            LoopFixtures.Eventually(() => loop.GetStatistics().OperationsInFlight >= 10, "reads are in flight");
            EventLoopStatistics running = loop.GetStatistics();
            Assert.True(running.NativeBytes > 0);
            Assert.Equal(1, running.OwnedFileDescriptors);
            Assert.Equal(["eventfd", "io_uring"], FdTable.KindsOpenedSince(fdsBefore));

            cancel.Cancel();
            await loop.DisposeAsync().Bounded();

            foreach (ValueTask<int> read in reads)
            {
                ObjectDisposedException error = await Assert.ThrowsAsync<ObjectDisposedException>(() => read.Bounded());
                Assert.Equal(nameof(EventLoop), error.ObjectName);
            }

            await Assert.ThrowsAsync<ObjectDisposedException>(() => delay.Bounded());
            Exception own = await Assert.ThrowsAnyAsync<Exception>(() => ownCancel.Bounded());
            Assert.True(own is OperationCanceledException or ObjectDisposedException, own.GetType().Name);

            LoopFixtures.AssertNothingLeft(loop.GetStatistics());
            FdTable.AssertNoneOpenedSince(fdsBefore);

            // The cancelled reads consumed nothing: the pipe still delivers what is written now.
            Posix.Write(writeEnd, "still here"u8);
            byte[] rest = new byte[16];
            Assert.Equal(10, Posix.Read(readEnd, rest));
        }
        finally
        {
            Posix.CloseQuietly(ref readEnd);
            Posix.CloseQuietly(ref writeEnd);
        }
    }

    [Fact]
    public async Task Operations_and_posts_after_shutdown_fail_with_ObjectDisposedException_when_awaited()
    {
        KernelRequirement.Require();
        HashSet<(int Fd, string Target)> fdsBefore = FdTable.Snapshot();
        EventLoop loop = new(new EventLoopOptions { Entries = 8 });
        loop.Dispose();

        Assert.False(loop.GetStatistics().IsRunning);
        ValueTask<int> read = loop.ReadAsync(0, new byte[1], 0);
        Assert.True(read.IsFaulted);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => read.Bounded());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => loop.NopAsync().Bounded());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => loop.OpenAsync("x", FileMode.Open).Bounded());
        Assert.Throws<ObjectDisposedException>(() => loop.Post(() => { }));

        loop.Dispose();
        await loop.DisposeAsync().Bounded();
        LoopFixtures.AssertNothingLeft(loop.GetStatistics());
        FdTable.AssertNoneOpenedSince(fdsBefore);
    }

    [Fact]
    public async Task DisposeAsync_from_loop_code_ends_the_loop_after_that_work()
    {
        KernelRequirement.Require();
        (int readEnd, int writeEnd) = Posix.Pipe();
        try
        {
            EventLoop loop = new(new EventLoopOptions { Entries = 8 });
            Task shutdown = await loop.RunAsync(async () =>
            {
                await loop.NopAsync();
                ValueTask<int> pending = loop.ReadAsync(readEnd, new byte[1], -1);
                Task completion = loop.DisposeAsync().AsTask();
                Assert.False(completion.IsCompleted);
                await Assert.ThrowsAsync<ObjectDisposedException>(async () => await pending);
                return completion;
            }).Bounded();

            await shutdown.Bounded();
            LoopFixtures.AssertNothingLeft(loop.GetStatistics());
        }
        finally
        {
            Posix.CloseQuietly(ref readEnd);
            Posix.CloseQuietly(ref writeEnd);
        }
    }
}
