using System;
using System.Collections.Concurrent;
using System.Threading;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Races;

/// <summary>
/// Provided-buffer groups and registered buffers of a multi-issuer ring against <see cref="Ring.Stop"/> and
/// <see cref="ProvidedBufferRing.Dispose"/> on other threads: a racing call finishes before the memory is freed or
/// throws <see cref="ObjectDisposedException"/> named "Ring" (never a NullReferenceException, an out-of-range index
/// for buffers that were freed, or a write into a freed ring), and a group disposed by two threads at once is
/// unregistered and freed once.
/// </summary>
public sealed class BufferTeardownTests
{
    private const int Buffers = 16;
    private static readonly TimeSpan JoinLimit = TimeSpan.FromSeconds(10);

    [Fact]
    public void Take_recycle_and_registered_buffer_lookups_racing_Stop_only_ever_see_ObjectDisposedException_named_Ring()
    {
        KernelRequirement.Require();
        const int Rounds = 200;
        ConcurrentQueue<Exception> unexpected = new();
        long operations = 0;
        Random random = new(5);
        for (int round = 0; round < Rounds && unexpected.IsEmpty; round++)
        {
            Ring ring = TestRings.Started(new RingOptions { Entries = 8, MultiIssuers = true, NotifySucceed = true });
            ProvidedBufferRing group = ring.RegisterProvidedBufferRing(1, Buffers, 64);
            ring.RegisterBuffers(2, 4096);
            using Barrier go = new(3);
            TestThread[] threads =
            [
                new(() => Run(go, () => CycleBuffers(group))),
                new(() => Run(go, () =>
                {
                    while (true)
                    {
                        // The lookup races Stop; the span it returns is a raw view that does not keep the memory alive,
                        // so nothing is written through it here: a write after Stop freed the buffers would be this
                        // test's own use-after-free (it corrupted the native heap and aborted a CI run).
                        _ = ring.RegisteredBuffer(round & 1).Length;
                        Interlocked.Increment(ref operations);
                    }
                })),
            ];
            foreach (TestThread thread in threads)
            {
                thread.IsBackground = true;
                thread.Start();
            }

            go.SignalAndWait(TestContext.Current.CancellationToken);
            Thread.SpinWait(random.Next(0, 20_000));
            ring.Stop();
            foreach (TestThread thread in threads)
            {
                Assert.True(thread.Join(JoinLimit), $"round {round}: a thread did not finish after Stop");
            }

            Assert.True(group.IsDisposed);
        }

        Assert.True(unexpected.IsEmpty, string.Join(Environment.NewLine + "---" + Environment.NewLine, unexpected));
        Assert.True(Interlocked.Read(ref operations) > Rounds, $"only {operations} calls ran before the Stops");

        void CycleBuffers(ProvidedBufferRing group)
        {
            while (true)
            {
                for (ushort id = 0; id < Buffers; id++)
                {
                    // What a completion that used buffer `id` reports; the group checks and marks it lent.
                    // Take, Recycle and GetBuffer race Stop; the spans they hand out are not written through (see above).
                    ProvidedBuffer taken = group.Take(8, CqeFlags.Buffer | (CqeFlags)((uint)id << 16));
                    _ = taken.Data.Length;
                    group.Recycle(taken);
                    _ = group.GetBuffer(id);
                    Interlocked.Increment(ref operations);
                }
            }
        }

        void Run(Barrier go, Action body)
        {
            go.SignalAndWait();
            try
            {
                body();
            }
            catch (ObjectDisposedException disposed) when (disposed.ObjectName == nameof(Ring))
            {
                // The only acceptable end: the ring was stopped.
            }
            catch (Exception other)
            {
                unexpected.Enqueue(other);
            }
        }
    }

    [Fact]
    public void A_group_call_on_a_multi_issuer_ring_waits_for_the_lock_Stop_frees_the_group_under()
    {
        using Ring ring = TestRings.Started(new RingOptions { Entries = 8, MultiIssuers = true, NotifySucceed = true });
        using ProvidedBufferRing group = ring.RegisterProvidedBufferRing(2, 4, 64);
        ring.RegisterBuffers(1, 4096);
        Action[] calls =
        [
            () => group.Take(8, CqeFlags.Buffer | (CqeFlags)(1u << 16)),
            () => group.Recycle(1),
            () => group.GetBuffer(0),
            () => group.Publish(),
            () => ring.RegisteredBuffer(0),
        ];

        foreach (Action call in calls)
        {
            // A prepare call holds a multi-issuer ring's lock while its filler runs.
            Exception? error = null;
            TestThread caller = new(() => error = Record.Exception(call)) { IsBackground = true };
            Assert.True(ring.TryPrepare(SqeContext.FromValue(1), UringOpKind.Other, caller, static (ref SubmissionSlot slot, scoped in TestThread caller) =>
            {
                slot.Sqe.Opcode = (byte)IoUringOp.Nop;
                caller.Start();
                Assert.False(caller.Join(TimeSpan.FromMilliseconds(200)), "the call ran while another thread held the ring's lock");
            }));
            Assert.True(caller.Join(JoinLimit));
            Assert.Null(error);
        }
    }

    [Fact]
    public void A_group_disposed_by_two_threads_at_once_is_unregistered_and_freed_once()
    {
        KernelRequirement.Require();
        for (int round = 0; round < 100; round++)
        {
            using Ring ring = TestRings.Started(new RingOptions { Entries = 8, MultiIssuers = true, NotifySucceed = true });
            ProvidedBufferRing group = ring.RegisterProvidedBufferRing(3, 4, 64);
            using Barrier go = new(2);
            Exception?[] errors = new Exception?[2];
            TestThread[] disposers = new TestThread[2];
            for (int i = 0; i < disposers.Length; i++)
            {
                int index = i;
                disposers[i] = new TestThread(() =>
                {
                    go.SignalAndWait();
                    errors[index] = Record.Exception(group.Dispose);
                })
                { IsBackground = true };
                disposers[i].Start();
            }

            foreach (TestThread disposer in disposers)
            {
                Assert.True(disposer.Join(JoinLimit));
            }

            Assert.All(errors, Assert.Null);
            Assert.True(group.IsDisposed);
            Assert.Equal(0, ring.ProvidedBufferRingCount);

            // The id is free again: exactly one unregister reached the kernel, and the ring is intact.
            using ProvidedBufferRing again = ring.RegisterProvidedBufferRing(3, 4, 64);
            Assert.Equal(4, again.ProvidedCount);
        }
    }

    [Fact]
    public void Buffers_of_a_stopped_ring_throw_ObjectDisposedException_named_Ring_and_a_disposed_group_names_itself()
    {
        Ring ring = TestRings.Started(new RingOptions { Entries = 8, NotifySucceed = true });
        ProvidedBufferRing freedByStop = ring.RegisterProvidedBufferRing(4, 2, 64);
        ProvidedBufferRing disposed = ring.RegisterProvidedBufferRing(5, 2, 64);
        ring.RegisterBuffers(2, 4096);
        Assert.Equal(4096, ring.RegisteredBuffer(1).Length);
        disposed.Dispose();
        ring.Stop();

        Action[] afterStop =
        [
            () => ring.RegisteredBuffer(0),
            () => ring.RegisteredBuffer(5),
            () => ring.UnregisterBuffers(),
            () => freedByStop.GetBuffer(0),
            () => freedByStop.Take(8, CqeFlags.Buffer),
            () => freedByStop.Recycle(0),
            () => freedByStop.Publish(),
            () => freedByStop.IsProvided(0),
        ];
        foreach (Action call in afterStop)
        {
            Assert.Equal(nameof(Ring), Assert.Throws<ObjectDisposedException>(call).ObjectName);
        }

        Assert.Equal(nameof(ProvidedBufferRing), Assert.Throws<ObjectDisposedException>(() => disposed.GetBuffer(0)).ObjectName);
        freedByStop.Dispose();
        disposed.Dispose();
        ring.Dispose();
    }

    [Fact]
    public void Registered_buffer_lookups_name_the_index_and_say_what_is_registered()
    {
        using Ring ring = TestRings.Started(new RingOptions { Entries = 8, NotifySucceed = true });
        ArgumentOutOfRangeException none = Assert.Throws<ArgumentOutOfRangeException>(() => ring.RegisteredBuffer(0));
        Assert.Equal("index", none.ParamName);
        Assert.Contains("RegisterBuffers", none.Message);

        ring.RegisterBuffers(2, 100);
        Assert.Equal(100, ring.RegisteredBuffer(1).Length);
        ArgumentOutOfRangeException beyond = Assert.Throws<ArgumentOutOfRangeException>(() => ring.RegisteredBuffer(2));
        Assert.Equal("index", beyond.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.RegisteredBuffer(-1));

        // Buffers are page-strided: buffer 1 starts one page after buffer 0 (what the kernel was given).
        unsafe
        {
            fixed (byte* first = ring.RegisteredBuffer(0))
            fixed (byte* second = ring.RegisteredBuffer(1))
            {
                Assert.Equal(4096, (int)(second - first));
            }
        }
    }
}
