using System;
using System.Linq;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>Futex wait, wake and waitv through the ring, on futex words in native memory.</summary>
public sealed unsafe class FutexTests : IDisposable
{
    private readonly Ring _ring = TestRings.Started();
    private readonly NativeBuffer _words = new(64);

    public void Dispose()
    {
        _ring.Dispose();
        _words.Dispose();
    }

    private uint* Word(int index) => (uint*)_words.Pointer + index;

    private ReadOnlySpan<uint> Futex(int index) => new(Word(index), 1);

    /// <summary>Submits a wake and returns (its result, the result of the one other completion it caused).</summary>
    private (int Wake, CqeView Woken) WakeOne(ulong id, ReadOnlySpan<uint> futex, uint count = 1, uint mask = Uring.Futex.MatchAny)
    {
        Assert.True(_ring.TryPrepareFutexWake(SqeContext.FromValue(id), futex, count, mask: mask));
        CqeView[] both = _ring.WaitMany(2);
        return (both.Single(c => c.Context.Value == id).Result, both.Single(c => c.Context.Value != id));
    }

    [Fact]
    public void A_wait_is_completed_by_a_wake_submitted_as_another_ring_op()
    {
        *Word(0) = 5;
        Assert.True(_ring.TryPrepareFutexWait(SqeContext.FromValue(1), Futex(0), expected: 5));
        _ring.Submit();
        Assert.Equal(0, _ring.Wait(new CqeView[1], 1, TimeSpan.FromMilliseconds(10)));

        Assert.True(_ring.TryPrepareFutexWake(SqeContext.FromValue(2), Futex(0), count: 10));
        CqeView[] both = _ring.WaitMany(2);
        Assert.Equal(1, both.Single(c => c.Context.Value == 2).Result);
        Assert.Equal(0, both.Single(c => c.Context.Value == 1).Result);
    }

    [Fact]
    public void A_wake_with_no_waiters_wakes_nobody_and_wakes_at_most_count()
    {
        Assert.Equal(0, _ring.ResultOf(3, _ring.TryPrepareFutexWake(SqeContext.FromValue(3), Futex(1), count: 1)));

        for (ulong id = 10; id < 13; id++)
        {
            Assert.True(_ring.TryPrepareFutexWait(SqeContext.FromValue(id), Futex(1), expected: 0));
        }

        _ring.Submit();
        Assert.True(_ring.TryPrepareFutexWake(SqeContext.FromValue(4), Futex(1), count: 2));
        CqeView[] woken = _ring.WaitMany(3);
        Assert.Equal(2, woken.Single(c => c.Context.Value == 4).Result);
        Assert.Equal(2, woken.Count(c => c.Context.Value is >= 10 and < 13 && c.Result == 0));

        (int wake, CqeView last) = WakeOne(5, Futex(1), count: 2);
        Assert.Equal(1, wake);
        Assert.Equal(0, last.Result);
    }

    [Fact]
    public void Masks_select_which_waiters_wake()
    {
        Assert.True(_ring.TryPrepareFutexWait(SqeContext.FromValue(20), Futex(2), expected: 0, mask: 0b01));
        Assert.True(_ring.TryPrepareFutexWait(SqeContext.FromValue(21), Futex(2), expected: 0, mask: 0b10));
        _ring.Submit();
        Assert.True(_ring.TryPrepareFutexWake(SqeContext.FromValue(22), Futex(2), count: 10, mask: 0b10));
        CqeView[] got = _ring.WaitMany(2);
        Assert.Equal(1, got.Single(c => c.Context.Value == 22).Result);
        Assert.Equal(0, got.Single(c => c.Context.Value == 21).Result);

        (int wake, CqeView other) = WakeOne(23, Futex(2), count: 10);
        Assert.Equal(1, wake);
        Assert.Equal(20UL, other.Context.Value);
    }

    [Fact]
    public void A_wait_on_a_changed_value_fails_with_eagain()
    {
        *Word(3) = 1;
        Assert.Equal(-(int)Errno.EAGAIN, _ring.ResultOf(30, _ring.TryPrepareFutexWait(SqeContext.FromValue(30), Futex(3), expected: 0)));
    }

    [Theory]
    [InlineData(FutexFlags.SizeU8)]
    [InlineData(FutexFlags.SizeU16)]
    [InlineData(FutexFlags.SizeU64)]
    [InlineData(FutexFlags.SizeU64 | FutexFlags.Private)]
    public void Sizes_other_than_u32_are_rejected_by_linux_6_18(FutexFlags flags)
    {
        Assert.Equal(-(int)Errno.EINVAL, _ring.ResultOf(40, _ring.TryPrepareFutexWait(SqeContext.FromValue(40), Futex(4), 0, flags)));
        Assert.Equal(-(int)Errno.EINVAL, _ring.ResultOf(41, _ring.TryPrepareFutexWake(SqeContext.FromValue(41), Futex(4), 1, flags)));
        FutexWaitV[] vector = [new(Word(4), 0, flags)];
        Assert.Equal(-(int)Errno.EINVAL, _ring.ResultOf(42, _ring.TryPrepareFutexWaitV(SqeContext.FromValue(42), vector)));
    }

    [Fact]
    public void A_shared_u32_futex_works_too()
    {
        Assert.True(_ring.TryPrepareFutexWait(SqeContext.FromValue(43), Futex(5), 0, FutexFlags.SizeU32));
        _ring.Submit();
        Assert.True(_ring.TryPrepareFutexWake(SqeContext.FromValue(44), Futex(5), 1, FutexFlags.SizeU32));
        Assert.All(_ring.WaitMany(2), c => Assert.True(c.IsSuccess));
    }

    [Fact]
    public void Waitv_on_two_futexes_reports_the_index_that_woke_it()
    {
        *Word(6) = 1;
        *Word(7) = 2;
        Span<FutexWaitV> vector = stackalloc FutexWaitV[] { new(Word(6), 1), new(Word(7), 2) };
        Assert.True(_ring.TryPrepareFutexWaitV(SqeContext.FromValue(50), vector));

        // The vector was staged: scribbling over the caller's copy before the kernel reads the SQE changes nothing.
        vector.Clear();
        _ring.Submit();
        (int wake, CqeView waitv) = WakeOne(51, Futex(7));
        Assert.Equal(1, wake);
        Assert.Equal(50UL, waitv.Context.Value);
        Assert.Equal(1, waitv.Result);

        FutexWaitV[] again = [FutexWaitV.FromPinned(Futex(6), 1), FutexWaitV.FromPinned(Futex(7), 2)];
        Assert.True(_ring.TryPrepareFutexWaitV(SqeContext.FromValue(52), again));
        _ring.Submit();
        (wake, waitv) = WakeOne(53, Futex(6));
        Assert.Equal(1, wake);
        Assert.Equal(52UL, waitv.Context.Value);
        Assert.Equal(0, waitv.Result);
    }

    [Fact]
    public void Waitv_fails_with_eagain_when_a_value_differs_and_einval_beyond_128()
    {
        *Word(8) = 9;
        FutexWaitV[] mismatch = [new(Word(8), 9), new(Word(9), 1)];
        Assert.Equal(-(int)Errno.EAGAIN, _ring.ResultOf(60, _ring.TryPrepareFutexWaitV(SqeContext.FromValue(60), mismatch)));

        FutexWaitV[] tooMany = Enumerable.Range(0, Uring.Futex.WaitVMax + 1).Select(_ => new FutexWaitV(Word(10), 0)).ToArray();
        Assert.Equal(-(int)Errno.EINVAL, _ring.ResultOf(61, _ring.TryPrepareFutexWaitV(SqeContext.FromValue(61), tooMany)));
    }

    [Fact]
    public void A_cancelled_wait_completes_with_ecanceled_and_the_cancel_counts_it()
    {
        Assert.True(_ring.TryPrepareFutexWait(SqeContext.FromValue(70), Futex(11), 0));
        _ring.Submit();
        Assert.True(_ring.TryPrepareCancel(SqeContext.FromValue(71), SqeContext.FromValue(70).Raw));
        CqeView[] both = _ring.WaitMany(2);

        // Linux 6.18: cancelling a futex wait by user_data returns the number cancelled (1), not 0.
        Assert.Equal(1, both.Single(c => c.Context.Value == 71).Result);
        Assert.Equal(Errno.ECANCELED, both.Single(c => c.Context.Value == 70).Error);
    }

    [Fact]
    public void Wait_and_wake_cycles_allocate_nothing()
    {
        Span<CqeView> two = stackalloc CqeView[2];
        ReadOnlySpan<uint> futex = Futex(12);
        for (int warm = 0; warm < 2; warm++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 2_000; i++)
            {
                _ring.TryPrepareFutexWait(SqeContext.FromValue(80), futex, 0);
                _ring.Submit();
                _ring.TryPrepareFutexWake(SqeContext.FromValue(81), futex, 1);
                int got = 0;
                while (got < 2)
                {
                    got += _ring.Wait(two[got..], 2 - got, TimeSpan.FromSeconds(10));
                }

                if (two[0].Result < 0 || two[1].Result < 0)
                {
                    Assert.Fail("A futex op failed.");
                }
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (warm == 1)
            {
                Assert.Equal(0, allocated);
            }
        }
    }
}
