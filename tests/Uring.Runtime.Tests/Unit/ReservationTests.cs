using System;
using System.Threading;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>
/// The internal reservation under every prepare (<see cref="Ring.TryReserveSqe"/>, <see cref="Ring.PublishSqe"/>,
/// <see cref="Ring.AbandonSqe"/>; reached here through InternalsVisibleTo, as generated runtime ops reach it): a
/// reservation is published once, on its own ring, or not at all; every refusal abandons it first, so a multi-issuer
/// ring's lock is never left held. The public scoped shape is <see cref="ScopedPrepareTests"/>'s.
/// </summary>
public sealed class ReservationTests
{
    [Fact]
    public void Abandoning_a_reserved_slot_publishes_nothing()
    {
        using Ring ring = DetachedRings.Create();
        Assert.True(ring.TryReserveSqe(out SubmissionSlot slot));
        slot.Sqe.Opcode = (byte)IoUringOp.Nop;
        ring.AbandonSqe(ref slot);
        Assert.False(slot.IsReserved);
        Assert.Equal(0, ring.SqPending);
        Assert.Throws<InvalidOperationException>(() =>
        {
            SubmissionSlot empty = default;
            ring.PublishSqe(ref empty, SqeContext.FromValue(1));
        });
    }

    [Fact]
    public void A_slot_reserved_on_another_ring_is_refused_and_abandoned_there()
    {
        using Ring first = DetachedRings.Create();
        using Ring second = DetachedRings.Create();
        Assert.True(first.TryReserveSqe(out SubmissionSlot slot));
        slot.Sqe.Opcode = (byte)IoUringOp.Read;

        ArgumentException error = Refused<ArgumentException>(second, ref slot, SqeContext.FromValue(1));
        Assert.Equal("slot", error.ParamName);
        Assert.False(slot.IsReserved);
        Assert.Equal(0, first.SqPending);
        Assert.Equal(0, second.SqPending);

        Assert.True(first.TryPrepareNop(SqeContext.FromValue(2)));
        Assert.True(second.TryPrepareNop(SqeContext.FromValue(3)));
        Assert.Equal(2UL, first.LastSqe().UserData & SqeContext.MaxValue);
        Assert.Equal(3UL, second.LastSqe().UserData & SqeContext.MaxValue);
    }

    [Fact]
    public void A_slot_of_another_multi_issuer_ring_releases_that_rings_lock()
    {
        using Ring first = DetachedRings.Create(new RingOptions { MultiIssuers = true, NotifySucceed = true });
        using Ring second = DetachedRings.Create();
        Assert.True(first.TryReserveSqe(out SubmissionSlot slot));
        Refused<ArgumentException>(second, ref slot, SqeContext.FromValue(1));

        Assert.True(OnAnotherThread(() => first.TryPrepareNop(SqeContext.FromValue(4))), "the first ring's lock is still held");
        Assert.Equal(1, first.SqPending);
    }

    [Fact]
    public void Publishing_twice_is_refused_and_queues_one_sqe()
    {
        using Ring ring = DetachedRings.Create();
        Assert.True(ring.TryReserveSqe(out SubmissionSlot slot));
        SubmissionSlot copy = slot;
        ring.PublishSqe(ref slot, SqeContext.FromValue(1));
        Assert.False(slot.IsReserved);

        InvalidOperationException error = Refused<InvalidOperationException>(ring, ref copy, SqeContext.FromValue(2));
        Assert.Contains("published twice", error.Message);
        Assert.Equal(1, ring.SqPending);
        Assert.Equal(1UL, ring.LastSqe().UserData & SqeContext.MaxValue);
        Refused<InvalidOperationException>(ring, ref slot, SqeContext.FromValue(3));
    }

    [Fact]
    public void An_abandoned_slot_cannot_be_published()
    {
        using Ring ring = DetachedRings.Create();
        Assert.True(ring.TryReserveSqe(out SubmissionSlot slot));
        SubmissionSlot copy = slot;
        ring.AbandonSqe(ref slot);
        ring.AbandonSqe(ref copy);
        Assert.True(ring.TryReserveSqe(out SubmissionSlot next));
        Refused<InvalidOperationException>(ring, ref copy, SqeContext.FromValue(1));
        ring.PublishSqe(ref next, SqeContext.FromValue(2));
        Assert.Equal(1, ring.SqPending);
    }

    [Fact]
    public void A_second_reservation_is_refused_and_abandons_the_open_one_instead_of_sharing_its_sqe()
    {
        using Ring ring = DetachedRings.Create();
        Assert.True(ring.TryReserveSqe(out SubmissionSlot leaked));
        Assert.Throws<InvalidOperationException>(() => ring.TryReserveSqe(out _));

        Refused<InvalidOperationException>(ring, ref leaked, SqeContext.FromValue(1));
        Assert.True(ring.TryReserveSqe(out SubmissionSlot current));
        ring.PublishSqe(ref current, SqeContext.FromValue(2));
        Assert.Equal(1, ring.SqPending);
        Assert.Equal(2UL, ring.LastSqe().UserData & SqeContext.MaxValue);
    }

    [Fact]
    public void A_leaked_reservation_on_a_multi_issuer_ring_does_not_lock_other_threads_out_after_its_thread_reserves_again()
    {
        using Ring ring = DetachedRings.Create(new RingOptions { MultiIssuers = true, NotifySucceed = true });
        Assert.True(ring.TryReserveSqe(out _));
        Assert.Throws<InvalidOperationException>(() => ring.TryPrepareNop(SqeContext.FromValue(1)));
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(1)));
        Assert.True(OnAnotherThread(() => ring.TryPrepareNop(SqeContext.FromValue(2))), "the leaked reservation still holds the lock");
        Assert.Equal(2, ring.SqPending);
    }

    [Fact]
    public void A_bad_context_on_a_multi_issuer_ring_does_not_block_other_threads()
    {
        using Ring ring = DetachedRings.Create(new RingOptions { MultiIssuers = true, NotifySucceed = true }, sqEntries: 64);
        SqeContext wild = SqeContext.FromRaw((2UL << 62) | 0x7ffd_dead_0000);
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal("context", Assert.Throws<ArgumentException>(() => ring.TryPrepareNop(wild)).ParamName);
            ulong value = (ulong)i;
            Assert.True(OnAnotherThread(() => ring.TryPrepareNop(SqeContext.FromValue(value))), "another thread's prepare is blocked: the lock was left held");
        }

        Assert.Equal(20, ring.SqPending);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Publishing_after_stop_throws_object_disposed_and_writes_nothing(bool multiIssuers)
    {
        Ring ring = DetachedRings.Create(new RingOptions { MultiIssuers = multiIssuers, NotifySucceed = true });
        Assert.True(ring.TryReserveSqe(out SubmissionSlot slot));
        SubmissionSlot copy = slot;

        // Stop from the thread that holds a reservation (its own fill, say) would unmap the SQE being filled.
        Assert.Throws<InvalidOperationException>(() => ring.Stop());
        ring.AbandonSqe(ref slot);
        ring.Stop();

        ObjectDisposedException error = Refused<ObjectDisposedException>(ring, ref copy, SqeContext.FromValue(1));
        Assert.Equal(nameof(Ring), error.ObjectName);
        Assert.False(copy.IsReserved);
        ring.AbandonSqe(ref copy);
    }

    /// <summary>
    /// Runs <paramref name="prepare"/> on a fresh background thread: true when it returned true within 10 s. A
    /// thread stuck on a lock that was left held makes this false instead of hanging the run.
    /// </summary>
    private static bool OnAnotherThread(Func<bool> prepare)
    {
        bool result = false;
        TestThread thread = new(() => result = prepare()) { IsBackground = true };
        thread.Start();
        return thread.Join(TimeSpan.FromSeconds(10)) && result;
    }

    /// <summary>Publishes and returns the exception, which must be exactly <typeparamref name="T"/> (a slot is a ref struct: no lambda can hold it).</summary>
    private static T Refused<T>(Ring ring, ref SubmissionSlot slot, SqeContext context)
        where T : Exception
    {
        try
        {
            ring.PublishSqe(ref slot, context);
        }
        catch (Exception error)
        {
            return Assert.IsType<T>(error);
        }

        Assert.Fail($"PublishSqe did not throw {typeof(T).Name}.");
        return null!;
    }
}
