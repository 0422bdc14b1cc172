using System;
using System.Threading;
using Uring.Interop;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>
/// Provided-buffer rings and <c>RLIMIT_MEMLOCK</c>: the kernel pins a group's ring entries and, for a ring set up
/// without <c>CAP_IPC_LOCK</c>, counts them against the limit (the buffers themselves are not pinned). A set whose
/// entries exceed the hard limit is refused before anything is allocated; a set that passes that check but meets
/// the kernel's refusal midway is unregistered again, and at <see cref="Ring.Start"/> the ring is stopped.
/// </summary>
public sealed partial class MemlockTests
{
    /// <summary>32768 Pico buffers per shard: 512 KiB of ring entries (the buffers are only 1 MiB).</summary>
    private static readonly BufferTierSet PicoOnly = BufferTierSet.Empty.With(BufferTier.Pico, 32768);

    [Fact]
    public void Without_cap_ipc_lock_the_kernel_counts_provided_ring_entries_against_the_limit()
    {
        RunOnThread(dropIpcLock: true, () =>
        {
            Assert.Equal(0, Syscalls.GetMemlockLimit(out _, out ulong hard));
            using Ring ring = TestRings.Started(new RingOptions { Entries = 8, NotifySucceed = true });
            if (hard == ulong.MaxValue || hard > 1UL << 30)
            {
                // No limit worth filling on this machine: nothing may be refused.
                using ProvidedBufferRing one = ring.RegisterProvidedBufferRing(0, 32768, 1);
                return;
            }

            // Groups of 32768 entries (512 KiB each) one by one, each within the limit on its own: the kernel refuses
            // the one that takes the ring's pinned total past the limit.
            int registered = 0;
            UringException? refused = null;
            ushort id = 0;
            for (; id < (hard / (512 * 1024)) + 2; id++)
            {
                try
                {
                    ring.RegisterProvidedBufferRing(id, 32768, 1);
                    registered++;
                }
                catch (UringException error)
                {
                    refused = error;
                    break;
                }
            }

            Assert.NotNull(refused);
            Assert.Equal(Errno.ENOMEM, refused!.Errno);
            Assert.True((ulong)registered * 512 * 1024 <= hard, $"{registered} groups registered past the {hard}-byte limit");
            Assert.Equal(registered, ring.ProvidedBufferRingCount);
        });
    }

    [Fact]
    public void Without_cap_ipc_lock_a_set_beyond_the_limit_is_refused_before_anything_is_allocated()
    {
        RunOnThread(dropIpcLock: true, () =>
        {
            Assert.Equal(0, Syscalls.GetMemlockLimit(out _, out ulong hard));
            if (hard == ulong.MaxValue)
            {
                return; // no limit to exceed; the checks before allocating are covered by the memory refusal in ProvidedBufferGroupsTests
            }

            int shards = (int)Math.Min(ProvidedBufferOptions.MaxShards, System.Numerics.BitOperations.RoundUpToPowerOf2((hard / (512 * 1024)) + 1));
            ProvidedBufferOptions beyond = ProvidedBufferOptions.MultiSize(PicoOnly, shards);
            Assert.True((ulong)beyond.RingEntryBytes > hard);

            using Ring ring = TestRings.Started(new RingOptions { Entries = 8, NotifySucceed = true });
            UringException error = Assert.Throws<UringException>(() => ring.RegisterProvidedBufferGroups(beyond));
            Assert.Equal(Errno.ENOMEM, error.Errno);
            Assert.Contains("RLIMIT_MEMLOCK", error.Message, StringComparison.Ordinal);
            Assert.Contains($"{beyond.RingEntryBytes} bytes", error.Message, StringComparison.Ordinal);
            Assert.Contains("Nothing was allocated", error.Message, StringComparison.Ordinal);
            Assert.Equal(0, ring.ProvidedBufferRingCount);

            // At Start the same refusal comes before the ring is enabled: it stays not started.
            using Ring notStarted = new(new RingOptions { Entries = 8, ProvidedBuffers = beyond });
            Assert.Equal(Errno.ENOMEM, Assert.Throws<UringException>(notStarted.Start).Errno);
            Assert.False(notStarted.IsStarted);

            // A quarter of the set (at most half the limit) passes the check and registers.
            ProvidedBufferOptions quarter = ProvidedBufferOptions.MultiSize(PicoOnly, shards / 4);
            Assert.True((ulong)quarter.RingEntryBytes * 2 <= hard);
            ProvidedBufferGroups registered = AfterEarlierTeardowns(() => ring.RegisterProvidedBufferGroups(quarter));
            using ProvidedBufferGroups groups = registered;
            Assert.Equal(shards / 4, ring.ProvidedBufferRingCount);
        });
    }

    [Fact]
    public void Without_cap_ipc_lock_a_kernel_refusal_at_start_unregisters_the_set_and_stops_the_ring()
    {
        RunOnThread(dropIpcLock: true, () =>
        {
            Assert.Equal(0, Syscalls.GetMemlockLimit(out _, out ulong hard));

            if (hard == ulong.MaxValue)
            {
                return; // no limit for the kernel to enforce
            }

            // Exactly the limit in ring entries passes the check, but the ring's own queues are pinned too: the kernel
            // refuses the last group.
            int shards = (int)(hard / (512 * 1024));
            Assert.True(System.Numerics.BitOperations.IsPow2(shards), $"the memlock limit {hard} is not a power-of-two multiple of 512 KiB");
            ProvidedBufferOptions exact = ProvidedBufferOptions.MultiSize(PicoOnly, shards);
            Assert.Equal(hard, (ulong)exact.RingEntryBytes);
            KernelRequirement.Require();
            using Ring ring = new(new RingOptions { Entries = 8, NotifySucceed = true, ProvidedBuffers = exact });
            UringException error = Assert.Throws<UringException>(ring.Start);
            Assert.Equal(Errno.ENOMEM, error.Errno);
            Assert.Contains("REGISTER_PBUF_RING", error.Message, StringComparison.Ordinal);
            Assert.True(ring.IsStopped);
            Assert.Null(ring.ProvidedBufferGroups);
            Assert.Equal(0, ring.ProvidedBufferRingCount);
        });
    }
}
