using System;
using System.Threading.Tasks;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Async;

/// <summary>
/// user_data carries the source's index and generation: a completion for a generation that is not in flight
/// (late, for a recycled source, or forged) is dropped, never delivered to the operation that reuses the source.
/// Completions are forged into the loop's ring with IORING_OP_MSG_RING from another ring.
/// </summary>
public sealed class EventLoopGenerationTests
{
    [Fact]
    public async Task A_late_completion_for_a_recycled_source_is_dropped()
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Ring forger = TestRings.Started(new RingOptions { Entries = 8, MultiIssuers = true }); // used across awaits
        (int readEnd, int writeEnd) = Posix.Pipe();
        try
        {
            // The first read completes and is awaited: its source goes back to the pool.
            Posix.Write(writeEnd, "one"u8);
            byte[] buffer = new byte[16];
            Assert.Equal(3, await loop.ReadAsync(readEnd, buffer, -1).Bounded());
            ulong finished = loop.LastSubmittedUserData;

            // The next read reuses that source (the pool is LIFO) under a new generation, and waits.
            ValueTask<int> pending = loop.ReadAsync(readEnd, buffer, -1);
            LoopFixtures.Eventually(() => loop.GetStatistics().OperationsInFlight == 1, "the second read is in flight");
            ulong current = loop.LastSubmittedUserData;
            Assert.Equal(finished & 0xFF_FFFF, current & 0xFF_FFFF);
            Assert.NotEqual(finished, current);

            // A completion for the first read's generation arrives late, claiming 99 bytes: it must be dropped.
            long dropped = loop.GetStatistics().StaleCompletionsDropped;
            Forge(forger, loop, finished, 99);
            LoopFixtures.Eventually(() => loop.GetStatistics().StaleCompletionsDropped == dropped + 1, "the late completion was dropped");
            Assert.False(pending.IsCompleted);

            Posix.Write(writeEnd, "two"u8);
            Assert.Equal(3, await pending.Bounded());
            Assert.Equal("two"u8.ToArray(), buffer[..3]);
        }
        finally
        {
            Posix.CloseQuietly(ref readEnd);
            Posix.CloseQuietly(ref writeEnd);
        }
    }

    [Fact]
    public async Task Forged_completions_never_complete_an_operation()
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Ring forger = TestRings.Started(new RingOptions { Entries = 8, MultiIssuers = true }); // used across awaits
        (int readEnd, int writeEnd) = Posix.Pipe();
        try
        {
            byte[] buffer = new byte[16];
            ValueTask<int> pending = loop.ReadAsync(readEnd, buffer, -1);
            LoopFixtures.Eventually(() => loop.GetStatistics().OperationsInFlight == 1, "the read is in flight");
            ulong current = loop.LastSubmittedUserData;
            EventLoopStatistics before = loop.GetStatistics();

            const ulong ValueMode = 3UL << 62;
            Forge(forger, loop, (current & ~(0xFFFF_FFFFUL << 24)) | ((((current >> 24) & 0xFFFF_FFFF) + 1) << 24), 1); // next generation
            Forge(forger, loop, (current & ~0xFF_FFFFUL) | 0xFF_FFFE, 1);     // an index no source has
            Forge(forger, loop, (current & ~ValueMode) ^ 0x1234, 1);          // not a Value-mode user_data at all
            LoopFixtures.Eventually(
                () => loop.GetStatistics() is { } s && s.StaleCompletionsDropped == before.StaleCompletionsDropped + 2
                    && s.ForeignCompletionsDropped == before.ForeignCompletionsDropped + 1,
                "every forged completion was dropped");
            Assert.False(pending.IsCompleted);

            Posix.Write(writeEnd, "real"u8);
            Assert.Equal(4, await pending.Bounded());
        }
        finally
        {
            Posix.CloseQuietly(ref readEnd);
            Posix.CloseQuietly(ref writeEnd);
        }
    }

    /// <summary>Posts a completion with <paramref name="userData"/> and <paramref name="result"/> into the loop's ring.</summary>
    private static void Forge(Ring forger, EventLoop loop, ulong userData, int result)
    {
        Assert.True(forger.TryPrepareMsgRing(SqeContext.FromValue(1), loop.RingFd, userData, result));
        CqeView sent = forger.WaitOne();
        Assert.True(sent.IsSuccess, $"MSG_RING failed: {sent.Error}");
    }
}
