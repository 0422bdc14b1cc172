using System;
using System.Threading;
using System.Threading.Tasks;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Async;

/// <summary>A full SQ is backpressure inside the loop: operations wait on the loop for room and never fail for it.</summary>
public sealed class EventLoopSubmissionTests
{
    [Fact]
    public async Task Far_more_operations_than_the_SQ_holds_all_complete()
    {
        // An 8-entry SQ and a 16-entry CQ against 2,000 operations started at once, a tenth with deadlines (two SQEs).
        await using EventLoop loop = LoopFixtures.Start(new EventLoopOptions { Entries = 8 });
        (int readEnd, int writeEnd) = Posix.Pipe();
        try
        {
            int completed = await loop.RunAsync(async () =>
            {
                ValueTask[] nops = new ValueTask[2_000];
                for (int i = 0; i < nops.Length; i++)
                {
                    nops[i] = i % 10 == 0 ? loop.DelayAsync(TimeSpan.Zero) : loop.NopAsync();
                }

                ValueTask<int>[] reads = new ValueTask<int>[50];
                for (int i = 0; i < reads.Length; i++)
                {
                    reads[i] = loop.ReadAsync(readEnd, new byte[1], -1, TimeSpan.FromMilliseconds(30));
                }

                int done = 0;
                foreach (ValueTask nop in nops)
                {
                    await nop;
                    done++;
                }

                foreach (ValueTask<int> read in reads)
                {
                    await Assert.ThrowsAsync<TimeoutException>(async () => await read);
                    done++;
                }

                return done;
            }).Bounded();

            Assert.Equal(2_050, completed);
            LoopFixtures.Eventually(() => loop.GetStatistics() is { OperationsInFlight: 0, InternalRequestsInFlight: 1 }, "only the wake-up read is left");
        }
        finally
        {
            Posix.CloseQuietly(ref readEnd);
            Posix.CloseQuietly(ref writeEnd);
        }
    }

    [Fact]
    public async Task Operations_that_find_the_SQ_full_wait_in_order_and_can_be_cancelled_while_waiting()
    {
        await using EventLoop loop = LoopFixtures.Start();
        using CancellationTokenSource cancel = new();
        (ValueTask<int>[] reads, ValueTask cancelled, int waiting) = await loop.RunAsync(() =>
        {
            loop.HoldSubmissionsForTests = true;
            ValueTask<int>[] started = new ValueTask<int>[5];
            (int readEnd, int writeEnd) = Posix.Pipe();
            for (int i = 0; i < started.Length; i++)
            {
                Posix.WriteAll(writeEnd, [(byte)('a' + i)]);
            }

            ValueTask doomed = loop.DelayAsync(TimeSpan.FromHours(1), cancel.Token);
            for (int i = 0; i < started.Length; i++)
            {
                started[i] = ReadOneAndClose(loop, readEnd, writeEnd, i == started.Length - 1);
            }

            return Task.FromResult((started, doomed, loop.GetStatistics().OperationsWaitingForSubmission));
        }).Bounded();

        Assert.Equal(6, waiting);
        Assert.Equal(0, loop.GetStatistics().OperationsInFlight);

        // Cancelling an operation that was never submitted ends it at once: there is no completion to wait for.
        cancel.Cancel();
        await Assert.ThrowsAsync<OperationCanceledException>(() => cancelled.Bounded());

        loop.Post(() => loop.HoldSubmissionsForTests = false);
        for (int i = 0; i < reads.Length; i++)
        {
            // Submitted in the order they were started: each read takes the next byte.
            Assert.Equal('a' + i, await reads[i].Bounded());
        }
    }

    [Fact]
    public async Task Shutdown_ends_operations_still_waiting_for_the_SQ_with_ObjectDisposedException()
    {
        EventLoop loop = LoopFixtures.Start();
        ValueTask waiting = await loop.RunAsync(() =>
        {
            loop.HoldSubmissionsForTests = true;
            return Task.FromResult(loop.NopAsync());
        }).Bounded();
        Assert.Equal(1, loop.GetStatistics().OperationsWaitingForSubmission);

        await loop.DisposeAsync().Bounded();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting.Bounded());
        LoopFixtures.AssertNothingLeft(loop.GetStatistics());
    }

    private static async ValueTask<int> ReadOneAndClose(EventLoop loop, int readEnd, int writeEnd, bool last)
    {
        byte[] one = new byte[1];
        ValueTask<int> read = loop.ReadAsync(readEnd, one, -1);
        try
        {
            Assert.Equal(1, await read);
            return one[0];
        }
        finally
        {
            if (last)
            {
                Posix.CloseQuietly(ref readEnd);
                Posix.CloseQuietly(ref writeEnd);
            }
        }
    }
}
