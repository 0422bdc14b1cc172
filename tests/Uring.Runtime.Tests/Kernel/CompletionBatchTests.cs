using System;
using System.IO;
using System.Threading;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary><see cref="CompletionBatch"/>: completions read in place in the CQ ring, advanced once.</summary>
public sealed class CompletionBatchTests
{
    [Fact]
    public void A_batch_yields_every_completion_once_with_its_result_and_advances_once()
    {
        using Ring ring = TestRings.Started();
        for (int i = 0; i < 5; i++)
        {
            Assert.True(ring.TryPrepareNop(SqeContext.FromValue((ulong)(100 + i)), NopFlags.InjectResult, result: 7 * i));
        }

        CompletionBatch batch = ring.WaitCompletions(5, TimeSpan.FromSeconds(5));
        Assert.Equal(5, batch.Slots);
        ulong seen = 0;
        foreach (CqeView completion in batch)
        {
            int i = (int)completion.Context.Value - 100;
            Assert.InRange(i, 0, 4);
            Assert.Equal(7 * i, completion.Result);
            Assert.False(completion.IsForeign);
            seen |= 1UL << i;
        }

        Assert.Equal(0b11111UL, seen);
        Assert.Equal(5, ring.CqPending);
        batch.Advance();
        Assert.Equal(0, ring.CqPending);
        Assert.True(ring.PeekCompletions().IsEmpty);
    }

    [Fact]
    public void Completions_not_advanced_are_seen_again_by_the_next_peek_and_by_Reap()
    {
        using Ring ring = TestRings.Started();
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(1)));
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(2)));
        CompletionBatch first = ring.WaitCompletions(2, TimeSpan.FromSeconds(5));
        Assert.Equal(2, first.Slots);

        CompletionBatch again = ring.PeekCompletions();
        Assert.Equal(2, again.Slots);
        Span<CqeView> copied = stackalloc CqeView[4];
        Assert.Equal(2, ring.Reap(copied));
        Assert.Equal(1UL, copied[0].Context.Value);
        Assert.Equal(2UL, copied[1].Context.Value);
    }

    [Fact]
    public void A_batch_read_after_its_completions_were_advanced_throws_instead_of_reading_reused_slots()
    {
        using Ring ring = TestRings.Started();
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(1)));
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(2)));
        CompletionBatch batch = ring.WaitCompletions(2, TimeSpan.FromSeconds(5));
        CompletionBatch copy = batch;

        // Advanced inside the loop, then read on: the enumerator sees the head moved. (A ref struct cannot be captured
        // by a lambda, so the refusals are caught by hand.)
        int read = 0;
        InvalidOperationException? error = null;
        try
        {
            foreach (CqeView completion in batch)
            {
                read++;
                batch.Advance();
            }
        }
        catch (InvalidOperationException e)
        {
            error = e;
        }

        Assert.Equal(1, read);
        Assert.Contains("stale", error?.Message);

        // The copy taken before is stale too: enumerating or advancing it is refused.
        Assert.Contains("stale", EnumerateError(copy)?.Message);
        Assert.Contains("stale", AdvanceError(copy)?.Message);
        Assert.Equal(0, ring.CqPending);
    }

    [Fact]
    public void A_batch_is_advanced_once_and_reaping_meanwhile_makes_it_stale()
    {
        using Ring ring = TestRings.Started();
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(1)));
        CompletionBatch batch = ring.WaitCompletions(1, TimeSpan.FromSeconds(5));
        batch.Advance();
        Assert.Contains("advanced already", AdvanceError(batch)?.Message);
        Assert.Contains("was advanced", EnumerateError(batch)?.Message);

        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(2)));
        CompletionBatch peeked = ring.WaitCompletions(1, TimeSpan.FromSeconds(5));
        Span<CqeView> copied = stackalloc CqeView[1];
        Assert.Equal(1, ring.Reap(copied));
        Assert.Contains("stale", AdvanceError(peeked)?.Message);
    }

    [Fact]
    public void A_batch_of_a_stopped_ring_is_refused()
    {
        Ring ring = TestRings.Started();
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(1)));
        CompletionBatch batch = ring.WaitCompletions(1, TimeSpan.FromSeconds(5));
        ring.Dispose();
        Assert.Contains("stale", EnumerateError(batch)?.Message);
        Assert.IsType<ObjectDisposedException>(AdvanceError(batch));
        Assert.Throws<ObjectDisposedException>(() => ring.PeekCompletions());
    }

    [Fact]
    public void A_real_file_read_completes_in_place_with_its_byte_count()
    {
        string path = Path.GetTempFileName();
        try
        {
            byte[] content = new byte[3000];
            new Random(5).NextBytes(content);
            File.WriteAllBytes(path, content);
            using FileStream file = new(path, FileMode.Open, FileAccess.Read);
            int fd = (int)file.SafeFileHandle.DangerousGetHandle();
            using Ring ring = TestRings.Started();
            byte[] buffer = new byte[4096];
            unsafe
            {
                fixed (byte* data = buffer)
                {
                    Assert.True(ring.TryPrepareRead(SqeContext.FromValue(9), fd, new Span<byte>(data, buffer.Length), 0));
                    CompletionBatch batch = ring.WaitCompletions(1, TimeSpan.FromSeconds(5));
                    int results = 0;
                    foreach (CqeView completion in batch)
                    {
                        Assert.Equal(9UL, completion.Context.Value);
                        Assert.Equal(content.Length, completion.Result);
                        results++;
                    }

                    batch.Advance();
                    Assert.Equal(1, results);
                }
            }

            Assert.Equal(content, buffer.AsSpan(0, content.Length).ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_multi_issuer_ring_refuses_in_place_reads()
    {
        using Ring ring = TestRings.Started(new RingOptions { MultiIssuers = true });
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => ring.PeekCompletions());
        Assert.Contains("single-issuer", error.Message);
    }

    [Fact]
    public void Another_thread_is_refused()
    {
        using Ring ring = TestRings.Started();
        Exception? error = null;
        TestThread other = new(() => error = Record.Exception(() => ring.PeekCompletions()));
        other.Start();
        other.Join();
        Assert.IsType<InvalidOperationException>(error);
    }

    [Fact]
    public void In_place_cycles_allocate_nothing()
    {
        using Ring ring = TestRings.Started(new RingOptions { Entries = 64 });
        Cycles(ring, 10_000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        long sum = Cycles(ring, 100_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(100_000L * 32 * 33 / 2, sum);
        Assert.Equal(0, allocated);
    }

    private static Exception? EnumerateError(CompletionBatch batch)
    {
        try
        {
            foreach (CqeView completion in batch)
            {
                _ = completion.Result;
            }
        }
        catch (Exception e)
        {
            return e;
        }

        return null;
    }

    private static Exception? AdvanceError(CompletionBatch batch)
    {
        try
        {
            batch.Advance();
        }
        catch (Exception e)
        {
            return e;
        }

        return null;
    }

    private static long Cycles(Ring ring, int count)
    {
        long sum = 0;
        for (int c = 0; c < count; c++)
        {
            for (int i = 1; i <= 32; i++)
            {
                ring.TryPrepareNop(SqeContext.FromValue((ulong)i));
            }

            int reaped = 0;
            while (reaped < 32)
            {
                CompletionBatch batch = ring.WaitCompletions(32 - reaped, TimeSpan.FromSeconds(5));
                foreach (CqeView completion in batch)
                {
                    sum += (long)completion.Context.Value;
                    reaped++;
                }

                batch.Advance();
            }
        }

        return sum;
    }
}
