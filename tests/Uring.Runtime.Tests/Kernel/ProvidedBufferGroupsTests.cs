using System;
using System.Collections.Generic;
using System.Linq;
using Uring.Interop;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>
/// Provided-buffer sets on a real kernel: single-size groups sharded by fd, multi-size tiers provisioned at Start
/// (the minimal and default sets for real, scaled-down sets for the routing cases), receives over real sockets landing
/// in the group of the tier that fits, buffers recycled, and sets that do not fit refused before anything is allocated.
/// </summary>
public sealed class ProvidedBufferGroupsTests
{
    private static readonly BufferTierSet Small = BufferTierSet.Empty
        .With(BufferTier.Pico, 64).With(BufferTier.Nano, 32).With(BufferTier.Micro, 16).With(BufferTier.Small, 8).With(BufferTier.Medium, 4);

    private static byte[] Pattern(int length, int seed) => Enumerable.Range(0, length).Select(i => (byte)((i * 7) + seed)).ToArray();

    private static Ring Started(ProvidedBufferOptions? provided)
        => TestRings.Started(new RingOptions { Entries = RingOptions.EntriesNano, NotifySucceed = true, ProvidedBuffers = provided });

    /// <summary>Receives <paramref name="expected"/>'s bytes on <paramref name="fd"/> through the set, asserting every completion came from <paramref name="group"/>.</summary>
    private static void ReceiveThrough(Ring ring, ProvidedBufferGroups groups, int fd, int receiveSize, byte[] expected, ProvidedBufferRing group)
    {
        byte[] got = new byte[expected.Length];
        int have = 0;
        while (have < expected.Length)
        {
            Assert.True(groups.TryPrepareRecv(SqeContext.ForFd(fd), fd, receiveSize));
            CqeView cqe = ring.WaitOne();
            Assert.True(cqe.Result > 0, $"recv failed: {cqe.Error}");
            Assert.True(cqe.HasBuffer);
            Assert.Equal(group.GroupId, cqe.BufGroup);
            ProvidedBuffer buffer = groups.Take(cqe);
            Assert.True(buffer.Length <= Math.Min(receiveSize, group.BufferSize));
            buffer.Data.CopyTo(got.AsSpan(have));
            have += buffer.Length;
            group.Recycle(buffer);
        }

        Assert.Equal(expected, got);
        Assert.Equal(group.BufferCount, group.ProvidedCount);
    }

    [Fact]
    public void Single_size_groups_shard_sockets_by_fd()
    {
        // 65536 buffers: two groups of 32768, ids 20 and 21; an fd uses 20 + (fd & 1).
        ProvidedBufferOptions options = ProvidedBufferOptions.SingleSize(65536, 16, groupIdOffset: 20);
        using Ring ring = Started(options);
        ProvidedBufferGroups groups = ring.ProvidedBufferGroups!;
        Assert.Same(options, groups.Options);
        Assert.Equal(2, groups.Count);
        Assert.Equal(2, ring.ProvidedBufferRingCount);
        Assert.Equal([20, 21], new[] { groups[0].GroupId, groups[1].GroupId }.Select(id => (int)id));
        Assert.All(new[] { groups[0], groups[1] }, group => Assert.Equal((32768, 16, 32768), (group.BufferCount, group.BufferSize, group.ProvidedCount)));

        // Ends whose fds differ in parity, so they land in different groups. Usually the first pair's fds are
        // consecutive, but tests on other threads open fds meanwhile: keep other pairs open until one fits.
        List<int> spare = new();
        (int a, int b) = Posix.UnixStreamPair();
        while ((a & 1) == (b & 1) && spare.Count < 64)
        {
            spare.Add(a);
            spare.Add(b);
            (a, b) = Posix.UnixStreamPair();
        }

        spare.ForEach(Posix.CloseQuietly);
        try
        {
            foreach ((int from, int to, int seed) in new[] { (b, a, 1), (a, b, 2) })
            {
                ProvidedBufferRing group = groups.GroupFor(to);
                Assert.Equal(20 + (to & 1), group.GroupId);
                Assert.True(groups.TryGetGroup(group.GroupId, out ProvidedBufferRing? same));
                Assert.Same(group, same);
                byte[] message = Pattern(40, seed);
                Posix.WriteAll(from, message);
                ReceiveThrough(ring, groups, to, 16, message, group);
            }

            Assert.NotEqual(groups.GroupFor(a).GroupId, groups.GroupFor(b).GroupId);
        }
        finally
        {
            Posix.CloseQuietly(ref a);
            Posix.CloseQuietly(ref b);
        }
    }

    [Fact]
    public void A_tcp_receive_lands_in_the_smallest_enabled_tier_that_fits_and_its_buffer_is_recycled()
    {
        using Ring ring = Started(null);
        Assert.Null(ring.ProvidedBufferGroups);
        ProvidedBufferOptions options = ProvidedBufferOptions.MultiSize(Small.With(BufferTier.Micro, 0), shards: 2, groupIdOffset: 40);
        ProvidedBufferGroups groups = ring.RegisterProvidedBufferGroups(options);
        Assert.Equal(8, groups.Count); // 4 enabled tiers × 2 shards
        Assert.False(groups.TryGetGroup((ushort)(40 + (int)BufferTier.Micro), out _));
        Assert.False(groups.TryGetGroup(39, out _));
        Assert.False(groups.TryGetGroup(40 + 24, out _));

        (int client, int server) = Loopback.TcpPair(ring);
        try
        {
            int shard = server & 1;
            (int Size, BufferTier Tier)[] cases =
            [
                (20, BufferTier.Pico), (32, BufferTier.Pico), (100, BufferTier.Nano),
                (300, BufferTier.Small), // Micro is off: the next enabled tier up
                (2000, BufferTier.Small), (5000, BufferTier.Medium),
                (20000, BufferTier.Medium), // beyond every tier: the largest enabled, several receives
            ];
            foreach ((int size, BufferTier tier) in cases)
            {
                ProvidedBufferRing group = groups.GroupFor(server, size);
                Assert.Equal(40 + (12 * shard) + (int)tier, group.GroupId);
                Assert.Equal(BufferTierSet.SizeOf(tier), group.BufferSize);
                byte[] message = Pattern(size, size);
                Posix.WriteAll(client, message);
                ReceiveThrough(ring, groups, server, size, message, group);
            }

            // The other shard's groups were never touched.
            for (int i = 0; i < groups.Count; i++)
            {
                Assert.Equal(groups[i].BufferCount, groups[i].ProvidedCount);
                bool ownShard = (groups[i].GroupId - 40) / 12 == shard;
                Assert.True(ownShard == (groups[i].ReadKernelHead() > 0), $"group {groups[i].GroupId}: head {groups[i].ReadKernelHead()}");
            }
        }
        finally
        {
            Loopback.Close(ring, client, server);
        }

        groups.Dispose();
        Assert.True(groups.IsDisposed);
        Assert.Equal(0, ring.ProvidedBufferRingCount);
    }

    [Fact]
    public void The_minimal_and_default_tier_sets_are_provisioned_at_start()
    {
        foreach (BufferTierSet tiers in new[] { BufferTierSet.Minimal, BufferTierSet.Default })
        {
            ProvidedBufferGroups groups;
            using (Ring ring = Started(ProvidedBufferOptions.MultiSize(tiers)))
            {
                groups = ring.ProvidedBufferGroups!;
                Assert.Equal(tiers.EnabledTierCount, groups.Count);
                Assert.Equal(tiers.EnabledTierCount, ring.ProvidedBufferRingCount);
                for (int i = 0; i < groups.Count; i++)
                {
                    BufferTier tier = (BufferTier)i;
                    Assert.Equal(i, groups[i].GroupId);
                    Assert.Equal(BufferTierSet.DefaultCountOf(tier), groups[i].BufferCount);
                    Assert.Equal(BufferTierSet.SizeOf(tier), groups[i].BufferSize);
                    Assert.Equal(groups[i].BufferCount, groups[i].ProvidedCount);
                    Assert.Equal(0, groups[i].ReadKernelHead());
                }

                (int a, int b) = Posix.UnixStreamPair();
                try
                {
                    int size = BufferTierSet.SizeOf(tiers.LargestEnabled);
                    byte[] message = Pattern(size, 3);
                    Posix.WriteAll(b, message.AsSpan(0, Math.Min(size, 64 * 1024)));
                    ReceiveThrough(ring, groups, a, size, message[..Math.Min(size, 64 * 1024)], groups[groups.Count - 1]);
                }
                finally
                {
                    Posix.CloseQuietly(ref a);
                    Posix.CloseQuietly(ref b);
                }
            }

            Assert.True(groups.IsDisposed); // Stop freed them
        }
    }

    [Fact]
    public void A_set_beyond_the_memory_of_the_process_is_refused_before_anything_is_allocated()
    {
        // The full set is 4095 MiB per shard; 4096 shards (16 TiB) exceed any machine.
        ProvidedBufferOptions huge = ProvidedBufferOptions.MultiSize(BufferTierSet.Full, ProvidedBufferOptions.MaxShards);
        Assert.True(huge.TotalBufferBytes > RingMemoryBudget.SystemMemoryBytes);
        long before = Environment.WorkingSet;
        KernelRequirement.Require();
        using (Ring notStarted = new(new RingOptions { Entries = 8, ProvidedBuffers = huge }))
        {
            ArgumentOutOfRangeException atStart = Assert.Throws<ArgumentOutOfRangeException>(notStarted.Start);
            Assert.Equal("ProvidedBuffers", atStart.ParamName);
            Assert.Contains("more than the", atStart.Message, StringComparison.Ordinal);
            Assert.Contains("Use fewer or smaller buffers", atStart.Message, StringComparison.Ordinal);
            Assert.False(notStarted.IsStarted);
            Assert.False(notStarted.IsStopped);
        }

        using Ring ring = Started(null);
        ArgumentOutOfRangeException registered = Assert.Throws<ArgumentOutOfRangeException>(() => ring.RegisterProvidedBufferGroups(huge));
        Assert.Equal("options", registered.ParamName);
        Assert.Contains($"{huge.TotalBufferBytes} bytes", registered.Message, StringComparison.Ordinal);
        Assert.Equal(0, ring.ProvidedBufferRingCount);
        Assert.True(Environment.WorkingSet - before < 256L << 20, "the refused buffers were allocated anyway");
    }

    [Fact]
    public void A_group_id_in_use_fails_the_set_and_unregisters_the_groups_before_it()
    {
        using Ring ring = Started(null);
        using ProvidedBufferRing taken = ring.RegisterProvidedBufferRing(groupId: 3, bufferCount: 4, bufferSize: 16);
        UringException error = Assert.Throws<UringException>(() => ring.RegisterProvidedBufferGroups(ProvidedBufferOptions.MultiSize(Small)));
        Assert.Equal(Errno.EEXIST, error.Errno);
        Assert.Contains("group 3", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, ring.ProvidedBufferRingCount);

        // The ids are free again: the set registers at another offset, and at 0 once group 3 is gone.
        using ProvidedBufferGroups moved = ring.RegisterProvidedBufferGroups(ProvidedBufferOptions.MultiSize(Small, groupIdOffset: 100));
        taken.Dispose();
        using ProvidedBufferGroups atZero = ring.RegisterProvidedBufferGroups(ProvidedBufferOptions.MultiSize(Small));
        Assert.Equal(10, ring.ProvidedBufferRingCount);
    }

    [Fact]
    public void Set_receives_and_recycles_allocate_nothing_in_the_steady_state()
    {
        using Ring ring = Started(ProvidedBufferOptions.MultiSize(Small, shards: 2));
        ProvidedBufferGroups groups = ring.ProvidedBufferGroups!;
        (int a, int b) = Posix.UnixStreamPair();
        try
        {
            byte[] message = Pattern(100, 9);
            for (int round = 0; round < 2; round++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                int received = 0;
                for (int i = 0; i < 2_000; i++)
                {
                    Posix.Write(b, message);
                    groups.TryPrepareRecv(SqeContext.ForFd(a), a, 100);
                    CqeView cqe = ring.WaitOne();
                    ProvidedBuffer buffer = groups.Take(cqe);
                    received += buffer.Length;
                    groups.GroupFor(a, 100).Recycle(buffer);
                }

                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.Equal(2_000 * message.Length, received);
                if (round == 1)
                {
                    Assert.Equal(0, allocated);
                }
            }
        }
        finally
        {
            Posix.CloseQuietly(ref a);
            Posix.CloseQuietly(ref b);
        }
    }
}
