using System;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>
/// The twelve buffer tiers and the tier sets (the reference's buffers_linux_test.go sizing cases): sizes, default
/// counts, the presets' tiers and bytes, the tier a receive size picks, and the checks on counts.
/// </summary>
public sealed class BufferTierSetTests
{
    private const long MiB = 1 << 20;

    [Fact]
    public void Tier_sizes_are_powers_of_four_from_32_bytes_to_128_mebibytes()
    {
        int[] expected = [32, 128, 512, 2048, 8192, 32 * 1024, 128 * 1024, 512 * 1024, 2 << 20, 8 << 20, 32 << 20, 128 << 20];
        for (int tier = 0; tier < BufferTierSet.TierCount; tier++)
        {
            Assert.Equal(expected[tier], BufferTierSet.SizeOf((BufferTier)tier));
        }

        Assert.Equal(12, Enum.GetValues<BufferTier>().Length);
        Assert.Equal(11, (int)BufferTier.Titan);
    }

    [Fact]
    public void Default_counts_halve_from_32768_pico_buffers_to_16_titan_buffers()
    {
        Assert.Equal(1 << 15, BufferTierSet.DefaultCountOf(BufferTier.Pico));
        Assert.Equal(1 << 4, BufferTierSet.DefaultCountOf(BufferTier.Titan));
        for (int tier = 1; tier < BufferTierSet.TierCount; tier++)
        {
            Assert.Equal(BufferTierSet.DefaultCountOf((BufferTier)(tier - 1)) / 2, BufferTierSet.DefaultCountOf((BufferTier)tier));

            // Each tier at its default count takes twice the memory of the one below: 1 MiB, 2 MiB, ... 2 GiB.
            Assert.Equal(MiB << tier, (long)BufferTierSet.DefaultCountOf((BufferTier)tier) * BufferTierSet.SizeOf((BufferTier)tier));
        }
    }

    [Fact]
    public void The_presets_enable_five_seven_and_twelve_tiers()
    {
        Assert.Equal(5, BufferTierSet.Minimal.EnabledTierCount);
        Assert.Equal(BufferTier.Medium, BufferTierSet.Minimal.LargestEnabled);
        Assert.Equal(31 * MiB, BufferTierSet.Minimal.BytesPerShard);

        Assert.Equal(7, BufferTierSet.Default.EnabledTierCount);
        Assert.Equal(BufferTier.Large, BufferTierSet.Default.LargestEnabled);
        Assert.Equal(127 * MiB, BufferTierSet.Default.BytesPerShard);

        Assert.Equal(12, BufferTierSet.Full.EnabledTierCount);
        Assert.Equal(BufferTier.Titan, BufferTierSet.Full.LargestEnabled);
        Assert.Equal(4095 * MiB, BufferTierSet.Full.BytesPerShard);
        foreach (BufferTier tier in Enum.GetValues<BufferTier>())
        {
            Assert.Equal(BufferTierSet.DefaultCountOf(tier), BufferTierSet.Full[tier]);
            Assert.Equal(tier <= BufferTier.Large ? BufferTierSet.DefaultCountOf(tier) : 0, BufferTierSet.Default[tier]);
            Assert.Equal(tier <= BufferTier.Medium, BufferTierSet.Minimal.IsEnabled(tier));
        }

        Assert.Equal(BufferTier.Pico, BufferTierSet.Full.SmallestEnabled);
        Assert.Equal(0, BufferTierSet.Empty.EnabledTierCount);
        Assert.Throws<InvalidOperationException>(() => BufferTierSet.Empty.LargestEnabled);
    }

    [Fact]
    public void Ring_entry_bytes_round_each_tier_up_to_a_power_of_two_and_a_page()
    {
        // Full: 32768 + 16384 + ... + 16 entries of 16 bytes, each ring at least one page (the last five are 512 .. 16 entries).
        long expected = 0;
        for (int tier = 0; tier < BufferTierSet.TierCount; tier++)
        {
            expected += Math.Max(4096, (long)BufferTierSet.DefaultCountOf((BufferTier)tier) * 16);
        }

        Assert.Equal(expected, BufferTierSet.Full.RingEntryBytesPerShard);
        Assert.Equal(4096, BufferTierSet.Empty.With(BufferTier.Nano, 3).RingEntryBytesPerShard);
        Assert.Equal(32 * 1024, BufferTierSet.Empty.With(BufferTier.Nano, 1025).RingEntryBytesPerShard); // 2048 entries
    }

    [Theory]
    [InlineData(1, BufferTier.Pico)]
    [InlineData(32, BufferTier.Pico)]
    [InlineData(33, BufferTier.Nano)]
    [InlineData(128, BufferTier.Nano)]
    [InlineData(129, BufferTier.Micro)]
    [InlineData(512, BufferTier.Micro)]
    [InlineData(513, BufferTier.Small)]
    [InlineData(8192, BufferTier.Medium)]
    [InlineData(8193, BufferTier.Big)]
    [InlineData(128 * 1024, BufferTier.Large)]
    [InlineData((2 << 20) + 1, BufferTier.Vast)]
    [InlineData(128 << 20, BufferTier.Titan)]
    [InlineData((128 << 20) + 1, BufferTier.Titan)]
    [InlineData(int.MaxValue, BufferTier.Titan)]
    public void A_size_maps_to_the_smallest_tier_that_holds_it(int size, BufferTier tier)
    {
        Assert.Equal(tier, BufferTierSet.TierOfSize(size));
        Assert.Equal(tier, BufferTierSet.Full.TierFor(size));
    }

    [Fact]
    public void A_receive_picks_the_smallest_enabled_tier_that_fits_else_the_largest_enabled()
    {
        BufferTierSet sparse = BufferTierSet.Empty.With(BufferTier.Nano, 8).With(BufferTier.Medium, 4);
        Assert.Equal(BufferTier.Nano, sparse.TierFor(1));        // Pico is off: the next enabled tier up
        Assert.Equal(BufferTier.Nano, sparse.TierFor(128));
        Assert.Equal(BufferTier.Medium, sparse.TierFor(129));    // Micro and Small are off
        Assert.Equal(BufferTier.Medium, sparse.TierFor(8192));
        Assert.Equal(BufferTier.Medium, sparse.TierFor(1 << 20)); // nothing holds 1 MiB: the largest enabled
        Assert.Equal(BufferTier.Large, BufferTierSet.Default.TierFor(10 << 20));
        Assert.Throws<ArgumentOutOfRangeException>(() => sparse.TierFor(0));
        Assert.Throws<InvalidOperationException>(() => BufferTierSet.Empty.TierFor(64));
    }

    [Fact]
    public void With_returns_a_changed_copy_and_checks_the_count()
    {
        BufferTierSet changed = BufferTierSet.Minimal.With(BufferTier.Pico, 0).With(BufferTier.Big, 100);
        Assert.Equal(BufferTierSet.DefaultCountOf(BufferTier.Pico), BufferTierSet.Minimal[BufferTier.Pico]);
        Assert.Equal(0, changed[BufferTier.Pico]);
        Assert.Equal(100, changed[BufferTier.Big]);
        Assert.Equal(BufferTier.Nano, changed.SmallestEnabled);
        Assert.Equal(31 * MiB - MiB + (100 * 32 * 1024), changed.BytesPerShard);
        Assert.Equal(BufferTierSet.Minimal, BufferTierSet.Empty
            .With(BufferTier.Pico, 32768).With(BufferTier.Nano, 16384).With(BufferTier.Micro, 8192).With(BufferTier.Small, 4096).With(BufferTier.Medium, 2048));
        Assert.NotEqual(BufferTierSet.Minimal, BufferTierSet.Default);
        Assert.Contains("Pico × 32768", BufferTierSet.Minimal.ToString(), StringComparison.Ordinal);

        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => BufferTierSet.Empty.With(BufferTier.Pico, 32769)).ParamName);
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => BufferTierSet.Empty.With(BufferTier.Pico, -1)).ParamName);
        Assert.Equal("tier", Assert.Throws<ArgumentOutOfRangeException>(() => BufferTierSet.Empty.With((BufferTier)12, 1)).ParamName);
        Assert.Equal("tier", Assert.Throws<ArgumentOutOfRangeException>(() => BufferTierSet.SizeOf((BufferTier)(-1))).ParamName);
    }
}
