using System;
using System.Collections.Concurrent;
using System.Threading;
using Uring.Tests.Kernel;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Races;

/// <summary>
/// Renting from and returning to the context pools of a multi-issuer ring while another thread stops it: every
/// racing call either works or throws <see cref="ObjectDisposedException"/> named "Ring" (never the pool's own
/// name, an <see cref="ArgumentException"/> for a slab that vanished, or a write into freed memory), through every
/// entry point: the ring's wrappers, <see cref="Ring.Pools"/> directly, and a generated <c>[UringContext]</c>.
/// Detached rings: the race is between the pools and Stop, no kernel is needed.
/// </summary>
public sealed class PoolTeardownTests
{
    private static readonly TimeSpan JoinLimit = TimeSpan.FromSeconds(10);

    [Fact]
    public void Rents_and_returns_racing_Stop_only_ever_see_ObjectDisposedException_named_Ring()
    {
        const int Rounds = 400;
        const int Renters = 4;
        ConcurrentQueue<Exception> unexpected = new();
        long operations = 0;
        Random random = new(23);
        for (int round = 0; round < Rounds && unexpected.IsEmpty; round++)
        {
            Ring ring = DetachedRings.Create(new RingOptions { MultiIssuers = true, NotifySucceed = true }, sqEntries: 64);
            using Barrier go = new(Renters + 1);
            TestThread[] threads = new TestThread[Renters];
            for (int t = 0; t < Renters; t++)
            {
                int variant = t;
                threads[t] = new TestThread(() =>
                {
                    go.SignalAndWait();
                    try
                    {
                        while (true)
                        {
                            RentAndReturn(ring, variant);
                            Interlocked.Increment(ref operations);
                        }
                    }
                    catch (ObjectDisposedException disposed) when (disposed.ObjectName == nameof(Ring))
                    {
                        // The only acceptable end: the ring was stopped.
                    }
                    catch (Exception other)
                    {
                        unexpected.Enqueue(other);
                    }
                })
                { IsBackground = true };
                threads[t].Start();
            }

            go.SignalAndWait(TestContext.Current.CancellationToken);
            Thread.SpinWait(random.Next(0, 5_000));
            ring.Stop();
            foreach (TestThread thread in threads)
            {
                Assert.True(thread.Join(JoinLimit), $"round {round}: a renter did not finish after Stop");
            }
        }

        Assert.True(unexpected.IsEmpty, string.Join(Environment.NewLine + "---" + Environment.NewLine, unexpected));
        Assert.True(Interlocked.Read(ref operations) > Rounds, $"only {operations} rents ran before the Stops");
    }

    [Fact]
    public void A_rent_or_return_on_a_multi_issuer_ring_waits_for_the_lock_Stop_frees_the_pools_under()
    {
        Ring ring = DetachedRings.Create(new RingOptions { MultiIssuers = true, NotifySucceed = true });
        Assert.True(ring.TryRentExtendedSqe(out ExtendedSqe rentedBefore));
        Assert.True(ring.TryRentIndirectSqe(out IndirectSqe indirectBefore));
        Action[] calls =
        [
            () => ring.TryRentExtendedSqe(out _),
            () => ring.TryRentIndirectSqe(out _),
            () => ring.TryRentExtendedSqe(7L, static (ExtendedSqe rented, scoped in long value) => rented.As<long>() = value, out _),
            () => ring.TryRentIndirectSqe(7, static (IndirectSqe rented, scoped in int fd) => rented.Sqe.Fd = fd, out _),
            () => ring.Pools.TryRentExtended(out _),
            () => Pulse.TryRent(ring, new Pulse { Sequence = 1 }, out _),
            () => ring.ReturnExtendedSqe(rentedBefore),
            () => ring.Pools.Return(indirectBefore),
        ];

        foreach (Action call in calls)
        {
            // A prepare call holds a multi-issuer ring's lock while its filler runs.
            TestThread caller = new(() => call()) { IsBackground = true };
            Assert.True(ring.TryPrepare(SqeContext.FromValue(1), UringOpKind.Other, caller, static (ref SubmissionSlot slot, scoped in TestThread caller) =>
            {
                slot.Sqe.Opcode = (byte)IoUringOp.Nop;
                caller.Start();
                Assert.False(caller.Join(TimeSpan.FromMilliseconds(200)), "the pool call ran while another thread held the ring's lock");
            }));
            Assert.True(caller.Join(JoinLimit));
        }

        ring.Stop();
    }

    [Fact]
    public void Every_pool_entry_point_of_a_stopped_multi_issuer_ring_throws_ObjectDisposedException_named_Ring()
    {
        Ring ring = DetachedRings.Create(new RingOptions { MultiIssuers = true, NotifySucceed = true });
        Assert.True(ring.TryRentExtendedSqe(out ExtendedSqe ext));
        Assert.True(ring.TryRentIndirectSqe(out IndirectSqe indirect));
        ring.Stop();

        Action[] calls =
        [
            () => ring.TryRentExtendedSqe(out _),
            () => ring.TryRentIndirectSqe(out _),
            () => ring.TryRentExtendedSqe(7L, static (ExtendedSqe rented, scoped in long value) => rented.As<long>() = value, out _),
            () => ring.TryRentIndirectSqe(7, static (IndirectSqe rented, scoped in int fd) => rented.Sqe.Fd = fd, out _),
            () => ring.ReturnExtendedSqe(ext),
            () => ring.ReturnIndirectSqe(indirect),
            () => ring.Pools.TryRentExtended(out _),
            () => ring.Pools.TryRentIndirect(out _),
            () => ring.Pools.Return(ext),
            () => ring.Pools.Return(indirect),
            () => ring.Pools.Reset(),
            () => ring.Pools.ManagedFields(ext),
            () => Pulse.TryRent(ring, default, out _),
            () => Pulse.Release(ring, ext),
        ];

        foreach (Action call in calls)
        {
            ObjectDisposedException disposed = Assert.Throws<ObjectDisposedException>(call);
            Assert.Equal(nameof(Ring), disposed.ObjectName);
        }
    }

    [Fact]
    public void Rent_and_return_under_a_multi_issuer_ring_lock_allocate_nothing()
    {
        Ring ring = DetachedRings.Create(new RingOptions { MultiIssuers = true, NotifySucceed = true }, sqEntries: 16);
        PulseCounter counter = new();
        for (int warm = 0; warm < 200; warm++)
        {
            RentAll(ring, counter);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            RentAll(ring, counter);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        ring.Stop();

        static void RentAll(Ring ring, PulseCounter counter)
        {
            Assert.True(ring.TryRentExtendedSqe(out ExtendedSqe ext));
            ring.ReturnExtendedSqe(ext);
            Assert.True(ring.TryRentIndirectSqe(out IndirectSqe indirect));
            ring.ReturnIndirectSqe(indirect);
            Assert.True(Pulse.TryRent(ring, new Pulse { Counter = counter, Sequence = 1 }, out ExtendedSqe typed));
            Pulse.Release(ring, typed);
        }
    }

    /// <summary>One rent and return through one of the entry points (each thread its own).</summary>
    private static void RentAndReturn(Ring ring, int variant)
    {
        switch (variant)
        {
            case 0:
                if (ring.TryRentExtendedSqe(out ExtendedSqe ext))
                {
                    ring.ReturnExtendedSqe(ext);
                }

                break;
            case 1:
                if (ring.TryRentIndirectSqe(out IndirectSqe indirect))
                {
                    ring.ReturnIndirectSqe(indirect);
                }

                break;
            case 2:
                if (ring.Pools.TryRentExtended(out ExtendedSqe pooled))
                {
                    ring.Pools.Return(pooled);
                }

                break;
            default:
                if (Pulse.TryRent(ring, new Pulse { Sequence = 7 }, out ExtendedSqe typed))
                {
                    Pulse.Release(ring, typed);
                }

                break;
        }
    }
}
