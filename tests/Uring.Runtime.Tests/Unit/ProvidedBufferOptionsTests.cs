using System;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>
/// The shapes of a provided-buffer set without a kernel: how single-size buffers split into fd-sharded groups, the
/// group ids of the multi-size tiers (the full set included, which this machine does not provision), and the
/// group a receive of a size on an fd selects.
/// </summary>
public sealed class ProvidedBufferOptionsTests
{
    [Fact]
    public void Single_size_buffers_split_into_a_power_of_two_of_groups_of_at_most_32768()
    {
        ProvidedBufferOptions small = ProvidedBufferOptions.SingleSize();
        Assert.False(small.IsMultiSize);
        Assert.Equal(4096, small.BufferCount);
        Assert.Equal(8192, small.BufferSize);
        Assert.Equal(1, small.GroupCount);
        Assert.Equal(4096, small.BuffersPerGroup);
        Assert.Equal(4096L * 8192, small.TotalBufferBytes);
        Assert.Equal(4096L * 16, small.RingEntryBytes);

        ProvidedBufferOptions exact = ProvidedBufferOptions.SingleSize(4 * 32768, 64, groupIdOffset: 100);
        Assert.Equal(4, exact.GroupCount);
        Assert.Equal(32768, exact.BuffersPerGroup);
        Assert.Equal(4, exact.GroupIdCount);

        // 3 groups' worth needs a power of two of groups (the fd mask): 4 groups of 24577 (rounded up).
        ProvidedBufferOptions uneven = ProvidedBufferOptions.SingleSize(98305, 16);
        Assert.Equal(4, uneven.GroupCount);
        Assert.Equal(24577, uneven.BuffersPerGroup);
        Assert.Equal(4L * 24577 * 16, uneven.TotalBufferBytes);
        Assert.Equal(4L * 32768 * 16, uneven.RingEntryBytes);
    }

    [Fact]
    public void Single_size_groups_are_picked_by_fd_modulo_the_group_count()
    {
        ProvidedBufferOptions options = ProvidedBufferOptions.SingleSize(4 * 32768, 64, groupIdOffset: 100);
        Assert.Equal(100, options.GroupIdFor(0));
        Assert.Equal(101, options.GroupIdFor(1));
        Assert.Equal(103, options.GroupIdFor(7));
        Assert.Equal(100, options.GroupIdFor(8, receiveSize: 1 << 20)); // the size does not matter
        Assert.Equal(0, ProvidedBufferOptions.SingleSize(16, 16).GroupIdFor(12345));
        Assert.Throws<InvalidOperationException>(() => options.GroupIdOf(0, BufferTier.Pico));
    }

    [Fact]
    public void Multi_size_ids_are_offset_plus_12_per_shard_plus_the_tier()
    {
        ProvidedBufferOptions options = ProvidedBufferOptions.MultiSize(BufferTierSet.Default, shards: 4, groupIdOffset: 7);
        Assert.True(options.IsMultiSize);
        Assert.Same(BufferTierSet.Default, options.Tiers);
        Assert.Equal(4 * 7, options.GroupCount);
        Assert.Equal(48, options.GroupIdCount);
        Assert.Equal(4 * 127L << 20, options.TotalBufferBytes);

        Assert.Equal(7, options.GroupIdOf(0, BufferTier.Pico));
        Assert.Equal(7 + 6, options.GroupIdOf(0, BufferTier.Large));
        Assert.Equal(7 + 36 + 4, options.GroupIdOf(3, BufferTier.Medium));

        // fd 5 is shard 1; 100 bytes need Nano (128 B); 8 KiB is Medium; 1 MiB is beyond Large, the largest enabled.
        Assert.Equal(7 + 12 + 1, options.GroupIdFor(5, 100));
        Assert.Equal(7 + 12 + 4, options.GroupIdFor(5));
        Assert.Equal(7 + 12 + 6, options.GroupIdFor(5, 1 << 20));
        Assert.Equal(7 + 36 + 0, options.GroupIdFor(11, 1));
        Assert.Equal("fd", Assert.Throws<ArgumentOutOfRangeException>(() => options.GroupIdFor(-1)).ParamName);
        Assert.Equal("receiveSize", Assert.Throws<ArgumentOutOfRangeException>(() => options.GroupIdFor(3, 0)).ParamName);
        Assert.Equal("receiveSize", Assert.Throws<ArgumentOutOfRangeException>(() => ProvidedBufferOptions.SingleSize(8, 8).GroupIdFor(3, -5)).ParamName);
        Assert.Equal("shard", Assert.Throws<ArgumentOutOfRangeException>(() => options.GroupIdOf(4, BufferTier.Pico)).ParamName);
    }

    [Fact]
    public void The_full_set_has_twelve_groups_per_shard_and_about_four_gibibytes()
    {
        ProvidedBufferOptions full = ProvidedBufferOptions.MultiSize(BufferTierSet.Full, shards: 2);
        Assert.Equal(24, full.GroupCount);
        Assert.Equal(2 * 4095L << 20, full.TotalBufferBytes);
        Assert.Equal(2 * BufferTierSet.Full.RingEntryBytesPerShard, full.RingEntryBytes);
        Assert.Equal(12 + 11, full.GroupIdOf(1, BufferTier.Titan));
        Assert.Equal(12 + 11, full.GroupIdFor(3, 200 << 20));
        Assert.Equal(12 + 10, full.GroupIdFor(3, 32 << 20));

        // The most shards: 12 × 4096 ids from 0 fit below 65536; one more offset step does not.
        Assert.Equal(4096 * 12, ProvidedBufferOptions.MultiSize(BufferTierSet.Full, ProvidedBufferOptions.MaxShards).GroupCount);
        Assert.Equal(65535, ProvidedBufferOptions.MultiSize(BufferTierSet.Full, 4096, groupIdOffset: 65536 - 49152).GroupIdOf(4095, BufferTier.Titan));
        Assert.Equal("groupIdOffset", Assert.Throws<ArgumentOutOfRangeException>(
            () => ProvidedBufferOptions.MultiSize(BufferTierSet.Full, 4096, groupIdOffset: 65536 - 49151)).ParamName);
    }

    [Fact]
    public void Bad_values_are_refused_naming_the_parameter()
    {
        Assert.Equal("bufferCount", Assert.Throws<ArgumentOutOfRangeException>(() => ProvidedBufferOptions.SingleSize(0)).ParamName);
        Assert.Equal("bufferSize", Assert.Throws<ArgumentOutOfRangeException>(() => ProvidedBufferOptions.SingleSize(1, 0)).ParamName);
        Assert.Equal("bufferSize", Assert.Throws<ArgumentOutOfRangeException>(() => ProvidedBufferOptions.SingleSize(1, int.MaxValue)).ParamName);
        Assert.Equal("groupIdOffset", Assert.Throws<ArgumentOutOfRangeException>(() => ProvidedBufferOptions.SingleSize(2 * 32768, 16, 65535)).ParamName);
        Assert.Equal(65535, ProvidedBufferOptions.SingleSize(32768, 16, 65535).GroupIdFor(9));
        Assert.Equal("shards", Assert.Throws<ArgumentOutOfRangeException>(() => ProvidedBufferOptions.MultiSize(BufferTierSet.Minimal, 3)).ParamName);
        Assert.Equal("shards", Assert.Throws<ArgumentOutOfRangeException>(() => ProvidedBufferOptions.MultiSize(BufferTierSet.Minimal, 0)).ParamName);
        Assert.Equal("shards", Assert.Throws<ArgumentOutOfRangeException>(() => ProvidedBufferOptions.MultiSize(BufferTierSet.Minimal, 8192)).ParamName);
        Assert.Equal("tiers", Assert.Throws<ArgumentException>(() => ProvidedBufferOptions.MultiSize(BufferTierSet.Empty)).ParamName);
        Assert.Equal("tiers", Assert.Throws<ArgumentNullException>(() => ProvidedBufferOptions.MultiSize(null!)).ParamName);
    }
}
