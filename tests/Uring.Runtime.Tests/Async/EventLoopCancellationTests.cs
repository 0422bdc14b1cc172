using System;
using System.Threading;
using System.Threading.Tasks;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Async;

/// <summary>
/// Cancellation (ASYNC_CANCEL) and deadlines (linked timeouts): the operation ends with the right exception only
/// after its own completion arrived, and the kernel never writes into a buffer the GC moved.
/// </summary>
public sealed class EventLoopCancellationTests
{
    [Fact]
    public async Task A_pending_read_into_a_managed_array_survives_compacting_GCs_and_its_bytes_land_in_the_array()
    {
        await using EventLoop loop = LoopFixtures.Start();
        (int readEnd, int writeEnd) = Posix.Pipe();
        try
        {
            // A plain (movable) array, with garbage around it so a compacting GC has a reason to move things.
            byte[] buffer = MakeMovableBuffer(64);
            ValueTask<int> read = loop.ReadAsync(readEnd, buffer, -1);
            LoopFixtures.Eventually(() => loop.GetStatistics().OperationsInFlight == 1, "the read is in flight");
            nint address = AddressOf(buffer);
            ForceCompactingCollections();
            Assert.Equal(address, AddressOf(buffer));

            Posix.Write(writeEnd, "moved?"u8);
            int got = await read.Bounded();

            Assert.Equal(6, got);
            Assert.Equal("moved?"u8.ToArray(), buffer[..6]);
        }
        finally
        {
            Posix.CloseQuietly(ref readEnd);
            Posix.CloseQuietly(ref writeEnd);
        }
    }

    [Fact]
    public async Task Cancelling_a_pending_pipe_read_throws_OperationCanceledException_only_after_its_completion()
    {
        await using EventLoop loop = LoopFixtures.Start();
        (int readEnd, int writeEnd) = Posix.Pipe();
        try
        {
            using CancellationTokenSource cancel = new();
            byte[] buffer = MakeMovableBuffer(16);
            ValueTask<int> read = loop.ReadAsync(readEnd, buffer, -1, cancel.Token);
            LoopFixtures.Eventually(() => loop.GetStatistics().OperationsInFlight == 1, "the read is in flight");
            nint address = AddressOf(buffer);
            ForceCompactingCollections();
            Assert.Equal(address, AddressOf(buffer));

            cancel.Cancel();
            OperationCanceledException error = await Assert.ThrowsAsync<OperationCanceledException>(() => read.Bounded());
            Assert.Equal(cancel.Token, error.CancellationToken);

            // The await ended only once the read's own completion arrived: nothing is in flight any more, and the
            // cancelled read consumed nothing, so the next reader gets every byte.
            EventLoopStatistics statistics = loop.GetStatistics();
            Assert.Equal(0, statistics.OperationsInFlight);
            Posix.Write(writeEnd, "after"u8);
            byte[] next = new byte[16];
            Assert.Equal(5, await loop.ReadAsync(readEnd, next, -1).Bounded());
            Assert.Equal("after"u8.ToArray(), next[..5]);
            Assert.All(buffer, b => Assert.Equal(0, b));
        }
        finally
        {
            Posix.CloseQuietly(ref readEnd);
            Posix.CloseQuietly(ref writeEnd);
        }
    }

    [Fact]
    public async Task Cancellation_observed_on_the_loop_runs_the_continuation_after_the_completion()
    {
        await using EventLoop loop = LoopFixtures.Start();
        (int readEnd, int writeEnd) = Posix.Pipe();
        try
        {
            (int inFlightAtResume, bool onLoop) = await loop.RunAsync(async () =>
            {
                using CancellationTokenSource cancel = new();
                ValueTask<int> read = loop.ReadAsync(readEnd, new byte[8], -1, cancel.Token);
                await loop.NopAsync();
                cancel.Cancel();
                try
                {
                    await read;
                }
                catch (OperationCanceledException)
                {
                }

                return (loop.GetStatistics().OperationsInFlight, loop.IsOnLoopThread);
            }).Bounded();

            Assert.Equal(0, inFlightAtResume);
            Assert.True(onLoop);
        }
        finally
        {
            Posix.CloseQuietly(ref readEnd);
            Posix.CloseQuietly(ref writeEnd);
        }
    }

    [Fact]
    public async Task A_token_cancelled_before_the_call_completes_the_operation_at_once()
    {
        await using EventLoop loop = LoopFixtures.Start();
        using CancellationTokenSource cancel = new();
        cancel.Cancel();

        ValueTask<int> read = loop.ReadAsync(0, new byte[1], -1, cancel.Token);

        Assert.True(read.IsCanceled);
        await Assert.ThrowsAsync<OperationCanceledException>(() => read.Bounded());
        Assert.Equal(0, loop.GetStatistics().OperationsInFlight);
    }

    [Fact]
    public async Task Cancelling_a_delay_ends_it_early()
    {
        await using EventLoop loop = LoopFixtures.Start();
        using CancellationTokenSource cancel = new();
        ValueTask delay = loop.DelayAsync(TimeSpan.FromMinutes(5), cancel.Token);
        LoopFixtures.Eventually(() => loop.GetStatistics().OperationsInFlight == 1, "the delay is in flight");

        cancel.Cancel();

        await Assert.ThrowsAsync<OperationCanceledException>(() => delay.Bounded());
    }

    [Fact]
    public async Task A_delay_completes_after_its_time()
    {
        await using EventLoop loop = LoopFixtures.Start();
        long start = Environment.TickCount64;
        await loop.DelayAsync(TimeSpan.FromMilliseconds(30)).Bounded();
        Assert.True(Environment.TickCount64 - start >= 25, "the delay ended early");
    }

    [Fact]
    public async Task A_read_past_its_deadline_throws_TimeoutException_and_consumes_nothing()
    {
        await using EventLoop loop = LoopFixtures.Start();
        (int readEnd, int writeEnd) = Posix.Pipe();
        try
        {
            byte[] buffer = new byte[8];
            TimeoutException error = await Assert.ThrowsAsync<TimeoutException>(
                () => loop.ReadAsync(readEnd, buffer, -1, TimeSpan.FromMilliseconds(20)).Bounded());
            Assert.Contains("deadline", error.Message, StringComparison.Ordinal);
            LoopFixtures.Eventually(() => loop.GetStatistics().InternalRequestsInFlight == 1, "only the wake-up read is left");

            // A read that beats its deadline returns its bytes.
            Posix.Write(writeEnd, "quick"u8);
            Assert.Equal(5, await loop.ReadAsync(readEnd, buffer, -1, TimeSpan.FromSeconds(5)).Bounded());
            Assert.Equal("quick"u8.ToArray(), buffer[..5]);
            LoopFixtures.Eventually(() => loop.GetStatistics().InternalRequestsInFlight == 1, "the unused timeout completed too");
        }
        finally
        {
            Posix.CloseQuietly(ref readEnd);
            Posix.CloseQuietly(ref writeEnd);
        }
    }

    /// <summary>A plain array between short-lived garbage, so compaction moves it if it can.</summary>
    private static byte[] MakeMovableBuffer(int length)
    {
        object[] before = new object[64];
        for (int i = 0; i < before.Length; i++)
        {
            before[i] = new byte[1024];
        }

        byte[] buffer = new byte[length];
        GC.KeepAlive(before);
        return buffer;
    }

    /// <summary>Where the array's data is now (it stays put only while pinned).</summary>
    private static unsafe nint AddressOf(byte[] array)
        => (nint)System.Runtime.CompilerServices.Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(array));

    private static void ForceCompactingCollections()
    {
        for (int i = 0; i < 3; i++)
        {
            _ = new byte[16 * 1024];
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
    }
}
