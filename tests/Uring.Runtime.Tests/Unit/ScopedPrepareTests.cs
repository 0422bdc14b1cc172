using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Uring.Tests.Kernel;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>
/// <see cref="Ring.TryPrepare{TState}"/>: reserve, fill and publish are one call, so no path leaves a
/// multi-issuer ring's lock held or a half-filled SQE queued, and nothing allocates with a static filler.
/// </summary>
public sealed class ScopedPrepareTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    /// <summary>The state a test filler reads: spans included (a ref struct).</summary>
    private readonly ref struct Fill(byte opcode, int fd, ReadOnlySpan<byte> path, uint len)
    {
        public byte Opcode { get; } = opcode;

        public int Fd { get; } = fd;

        public ReadOnlySpan<byte> Path { get; } = path;

        public uint Len { get; } = len;
    }

    [Fact]
    public unsafe void The_filler_writes_the_sqe_and_the_call_publishes_it_with_the_context()
    {
        using Ring ring = DetachedRings.Create();
        Assert.True(ring.TryPrepare(SqeContext.FromValue(77), UringOpKind.Other, new Fill((byte)IoUringOp.OpenAt, -100, "/tmp"u8, 5), static (ref SubmissionSlot slot, scoped in Fill fill) =>
        {
            ref IoUringSqe sqe = ref slot.Sqe;
            Assert.Equal(0, sqe.Opcode);
            Assert.Equal(0UL, sqe.UserData);
            sqe.Opcode = fill.Opcode;
            sqe.Fd = fill.Fd;
            sqe.Addr = slot.StagePath(fill.Path);
            sqe.Len = fill.Len;
        }));

        IoUringSqe published = ring.LastSqe();
        Assert.Equal((byte)IoUringOp.OpenAt, published.Opcode);
        Assert.Equal(-100, published.Fd);
        Assert.Equal(5u, published.Len);
        Assert.Equal("/tmp", new string((sbyte*)published.Addr));
        Assert.Equal(77UL, published.UserData & SqeContext.MaxValue);
        Assert.Equal(1, ring.SqPending);
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, (byte)SqeFlags.CqeSkipSuccess)]
    public void The_kind_applies_the_write_like_policy(bool skipSuccess, byte expected)
    {
        using Ring ring = DetachedRings.Create(new RingOptions { NotifySucceed = !skipSuccess });
        Assert.True(ring.TryPrepare(SqeContext.FromValue(1), UringOpKind.WriteLike, (byte)IoUringOp.Write, static (ref SubmissionSlot slot, scoped in byte opcode) => slot.Sqe.Opcode = opcode));
        Assert.Equal(expected, ring.LastSqe().Flags);
        Assert.True(ring.TryPrepare(SqeContext.FromValue(2), UringOpKind.ReadLike, (byte)IoUringOp.Read, static (ref SubmissionSlot slot, scoped in byte opcode) => slot.Sqe.Opcode = opcode));
        Assert.Equal(0, ring.LastSqe().Flags);
    }

    [Fact]
    public void A_direct_context_gets_the_sqe_described_in_it()
    {
        using Ring ring = DetachedRings.Create();
        Assert.True(ring.TryPrepare(SqeContext.ForFd(9), UringOpKind.Other, 9, static (ref SubmissionSlot slot, scoped in int fd) =>
        {
            slot.Sqe.Opcode = (byte)IoUringOp.Close;
            slot.Sqe.Fd = fd;
        }));

        SqeContext context = SqeContext.FromRaw(ring.LastSqe().UserData);
        Assert.Equal(IoUringOp.Close, context.Op);
        Assert.Equal(9, context.Fd);
    }

    [Fact]
    public void A_full_queue_returns_false_without_running_the_filler()
    {
        using Ring ring = DetachedRings.Create(sqEntries: 2);
        StrongBox<int> calls = new();
        for (int i = 0; i < 2; i++)
        {
            Assert.True(ring.TryPrepare(SqeContext.FromValue(1), UringOpKind.Other, calls, static (ref SubmissionSlot slot, scoped in StrongBox<int> calls) => calls.Value++));
        }

        Assert.False(ring.TryPrepare(SqeContext.FromValue(1), UringOpKind.Other, calls, static (ref SubmissionSlot slot, scoped in StrongBox<int> calls) => calls.Value++));
        Assert.Equal(2, calls.Value);
        Assert.Equal(2, ring.SqPending);
    }

    [Fact]
    public void A_null_filler_is_refused_before_anything_is_reserved()
    {
        using Ring ring = DetachedRings.Create();
        Assert.Equal("fill", Assert.Throws<ArgumentNullException>(() => ring.TryPrepare<int>(SqeContext.FromValue(1), UringOpKind.Other, 0, null!)).ParamName);
        Assert.Equal(0, ring.SqPending);
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(2)));
    }

    [Fact]
    public void Whatever_the_filler_does_to_its_slot_variable_the_reservation_is_published()
    {
        using Ring ring = DetachedRings.Create();
        using Ring other = DetachedRings.Create();

        // Overwritten with default, the filler's variable is gone; the ring publishes its own reservation anyway.
        Assert.True(ring.TryPrepare(SqeContext.FromValue(1), UringOpKind.Other, 0, static (ref SubmissionSlot slot, scoped in int _) =>
        {
            slot.Sqe.Opcode = (byte)IoUringOp.Nop;
            slot = default;
        }));
        Assert.Equal(1UL, ring.LastSqe().UserData & SqeContext.MaxValue);

        // Swapped for another ring's slot (handed in as state from that ring's own filler): each ring publishes its own.
        Assert.True(other.TryPrepare(SqeContext.FromValue(2), UringOpKind.Other, ring, static (ref SubmissionSlot outer, scoped in Ring ring) =>
        {
            outer.Sqe.Opcode = (byte)IoUringOp.Nop;
            SubmissionSlot foreign = outer;
            Assert.True(ring.TryPrepare(SqeContext.FromValue(3), UringOpKind.Other, foreign, static (ref SubmissionSlot inner, scoped in SubmissionSlot foreign) =>
            {
                inner.Sqe.Opcode = (byte)IoUringOp.Nop;
                inner = foreign;
            }));
        }));

        Assert.Equal(2, ring.SqPending);
        Assert.Equal(3UL, ring.LastSqe().UserData & SqeContext.MaxValue);
        Assert.Equal(1, other.SqPending);
        Assert.Equal(2UL, other.LastSqe().UserData & SqeContext.MaxValue);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_filler_that_throws_queues_nothing_and_leaves_the_lock_free(bool multiIssuers)
    {
        using Ring ring = DetachedRings.Create(new RingOptions { MultiIssuers = multiIssuers, NotifySucceed = true });
        for (int i = 0; i < 100; i++)
        {
            TimeZoneNotFoundException thrown = Assert.Throws<TimeZoneNotFoundException>(() => ring.TryPrepare(SqeContext.FromValue(1), UringOpKind.Other, 0, static (ref SubmissionSlot slot, scoped in int _) =>
            {
                slot.Sqe.Opcode = (byte)IoUringOp.Nop;
                throw new TimeZoneNotFoundException("fill failed");
            }));
            Assert.Equal("fill failed", thrown.Message);
        }

        Assert.Equal(0, ring.SqPending);
        if (multiIssuers)
        {
            Assert.True(OnAnotherThread(() => ring.TryPrepareNop(SqeContext.FromValue(2))), "another thread's prepare is blocked: the lock was left held");
        }
        else
        {
            Assert.True(ring.TryPrepareNop(SqeContext.FromValue(2)));
        }

        Assert.Equal(1, ring.SqPending);
        Assert.Equal(2UL, ring.LastSqe().UserData & SqeContext.MaxValue);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_prepare_nested_in_a_filler_on_the_same_ring_is_refused_and_the_ring_keeps_working(bool multiIssuers)
    {
        using Ring ring = DetachedRings.Create(new RingOptions { MultiIssuers = multiIssuers, NotifySucceed = true });
        InvalidOperationException nested = Assert.Throws<InvalidOperationException>(() => ring.TryPrepare(SqeContext.FromValue(1), UringOpKind.Other, ring, static (ref SubmissionSlot slot, scoped in Ring ring) =>
        {
            slot.Sqe.Opcode = (byte)IoUringOp.Nop;
            ring.TryPrepare(SqeContext.FromValue(2), UringOpKind.Other, 0, static (ref SubmissionSlot inner, scoped in int _) => inner.Sqe.Opcode = (byte)IoUringOp.Nop);
        }));
        Assert.Contains("from inside the fill of another one", nested.Message);

        // A generated prep method nested the same way is refused the same way.
        Assert.Throws<InvalidOperationException>(() => ring.TryPrepare(SqeContext.FromValue(1), UringOpKind.Other, ring, static (ref SubmissionSlot slot, scoped in Ring ring) => ring.TryPrepareNop(SqeContext.FromValue(2))));

        // A filler that catches the refusal cannot publish the abandoned outer request either.
        Assert.Throws<InvalidOperationException>(() => ring.TryPrepare(SqeContext.FromValue(1), UringOpKind.Other, ring, static (ref SubmissionSlot slot, scoped in Ring ring) =>
        {
            try
            {
                ring.TryPrepareNop(SqeContext.FromValue(2));
            }
            catch (InvalidOperationException)
            {
            }
        }));

        Assert.Equal(0, ring.SqPending);
        Assert.True(multiIssuers
            ? OnAnotherThread(() => ring.TryPrepareNop(SqeContext.FromValue(3)))
            : ring.TryPrepareNop(SqeContext.FromValue(3)));
        Assert.Equal(1, ring.SqPending);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Stop_inside_a_filler_is_refused_and_the_ring_keeps_working(bool multiIssuers)
    {
        using Ring ring = DetachedRings.Create(new RingOptions { MultiIssuers = multiIssuers, NotifySucceed = true });
        InvalidOperationException refused = Assert.Throws<InvalidOperationException>(() => ring.TryPrepare(SqeContext.FromValue(1), UringOpKind.Other, ring, static (ref SubmissionSlot slot, scoped in Ring ring) => ring.Stop()));
        Assert.Contains("from inside the fill", refused.Message);
        Assert.False(ring.IsStopped);
        Assert.Equal(0, ring.SqPending);
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(2)));
    }

    [Fact]
    public void A_refused_context_queues_nothing_and_leaves_the_lock_free()
    {
        using Ring ring = DetachedRings.Create(new RingOptions { MultiIssuers = true, NotifySucceed = true });
        Assert.True(ring.TryRentExtendedSqe(out ExtendedSqe returned));
        ring.ReturnExtendedSqe(returned);
        ArgumentException refused = Assert.Throws<ArgumentException>(() => ring.TryPrepare(returned.Context, UringOpKind.Other, 0, static (ref SubmissionSlot slot, scoped in int _) => slot.Sqe.Opcode = (byte)IoUringOp.Nop));
        Assert.Equal("context", refused.ParamName);
        Assert.Equal(0, ring.SqPending);
        Assert.True(OnAnotherThread(() => ring.TryPrepareNop(SqeContext.FromValue(2))));
    }

    [Fact]
    public void A_multi_issuer_ring_holds_its_lock_only_while_the_filler_runs()
    {
        using Ring ring = DetachedRings.Create(new RingOptions { MultiIssuers = true, NotifySucceed = true });
        TestThread other = new(() => ring.TryPrepareNop(SqeContext.FromValue(2))) { IsBackground = true };
        Assert.True(ring.TryPrepare(SqeContext.FromValue(1), UringOpKind.Other, other, static (ref SubmissionSlot slot, scoped in TestThread other) =>
        {
            slot.Sqe.Opcode = (byte)IoUringOp.Nop;
            other.Start();
            Assert.False(other.Join(TimeSpan.FromMilliseconds(200)), "another thread prepared while this filler held the SQE");
        }));
        Assert.True(other.Join(Limit), "the other thread is still blocked after the prepare call returned");
        Assert.Equal(2, ring.SqPending);
    }

    [Fact]
    public void Ten_thousand_prepares_with_a_static_filler_allocate_nothing()
        => Assert.Equal(0, AllocatedOverTenThousand(static ring =>
        {
            ReadOnlySpan<byte> path = "/tmp"u8;
            for (int i = 0; i < 64; i++)
            {
                Fill fill = new((byte)IoUringOp.OpenAt, -100, path, (uint)i);
                Assert.True(ring.TryPrepare(SqeContext.FromValue((ulong)i), UringOpKind.Other, in fill, static (ref SubmissionSlot slot, scoped in Fill fill) =>
                {
                    slot.Sqe.Opcode = fill.Opcode;
                    slot.Sqe.Fd = fill.Fd;
                    slot.Sqe.Addr = slot.StagePath(fill.Path);
                    slot.Sqe.Len = fill.Len;
                }));
            }
        }));

    [Fact]
    public void Ten_thousand_generated_user_op_prepares_allocate_nothing()
        => Assert.Equal(0, AllocatedOverTenThousand(static ring =>
        {
            ReadOnlySpan<byte> command = [1, 2, 3, 4];
            for (int i = 0; i < 32; i++)
            {
                Assert.True(ring.TryPrepareEcho(SqeContext.FromValue((ulong)i), i));
                Assert.True(ring.TryPrepareNopWithCommand(SqeContext.FromValue((ulong)i), command));
            }
        }));

    /// <summary>
    /// Bytes this thread allocates while <paramref name="prepare64"/> fills a 64-entry ring over 10,000 prepares (after
    /// one warm-up round); the test plays the kernel and consumes each round.
    /// </summary>
    private static long AllocatedOverTenThousand(Action<Ring> prepare64)
    {
        using Ring ring = DetachedRings.Create(sqEntries: 64);
        prepare64(ring);
        ring.KernelConsumeAll();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int round = 0; round < (10_000 + 63) / 64; round++)
        {
            prepare64(ring);
            ring.KernelConsumeAll();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>Runs <paramref name="prepare"/> on a fresh thread: true when it returned true within the limit (a held lock makes it false, not a hang).</summary>
    private static bool OnAnotherThread(Func<bool> prepare)
    {
        bool result = false;
        TestThread thread = new(() => result = prepare()) { IsBackground = true };
        thread.Start();
        return thread.Join(Limit) && result;
    }
}
