using System;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>
/// Budget presets (the reference's budget_test.go cases): clamping, the entry-count steps, the registered share,
/// the tier set and shards the rest pays for, the 25 % system share, and that a plan never exceeds its budget.
/// </summary>
public sealed class RingMemoryBudgetTests
{
    private const long MiB = 1L << 20;
    private const long GiB = 1L << 30;

    [Theory]
    [InlineData(1 * MiB, 16 * MiB)]
    [InlineData(16 * MiB, 16 * MiB)]
    [InlineData(256 * MiB, 256 * MiB)]
    [InlineData(128 * GiB, 128 * GiB)]
    [InlineData(256 * GiB, 128 * GiB)]
    [InlineData(-5, 16 * MiB)]
    public void Budgets_are_clamped_to_16_mebibytes_through_128_gibibytes(long budget, long clamped)
    {
        RingMemoryBudget plan = RingMemoryBudget.For(budget);
        RingMemoryBudget same = RingMemoryBudget.For(clamped);
        Assert.Equal(clamped, plan.Budget);
        Assert.Equal(same.Entries, plan.Entries);
        Assert.Equal(same.RegisteredBufferBytes, plan.RegisteredBufferBytes);
        Assert.Equal(same.ProvidedBuffers.ToString(), plan.ProvidedBuffers.ToString());
    }

    [Theory]
    [InlineData(16 * MiB, 512)]
    [InlineData(31 * MiB, 512)]
    [InlineData(32 * MiB, 2048)]
    [InlineData(128 * MiB, 2048)]
    [InlineData(255 * MiB, 2048)]
    [InlineData(256 * MiB, 8192)]
    [InlineData(999 * MiB, 8192)]
    [InlineData(1 * GiB, 32768)]
    [InlineData(4 * GiB, 32768)]
    public void Entries_step_up_with_the_budget(long budget, int entries)
    {
        Assert.Equal(entries, RingMemoryBudget.For(budget).Entries);
        Assert.Equal(entries, RingOptions.ForMemoryBudget(budget).Entries);
    }

    [Theory]
    [InlineData(16 * MiB, 8 * MiB)]
    [InlineData(64 * MiB, 16 * MiB)]
    [InlineData(100 * MiB, 32 * MiB)]
    [InlineData(256 * MiB, 64 * MiB)]
    [InlineData(1 * GiB, 256 * MiB)]
    [InlineData(4 * GiB, 1 * GiB)]
    [InlineData(16 * GiB, 4 * GiB)]
    public void A_quarter_is_kept_for_registered_buffers_at_least_8_mebibytes_and_a_power_of_two(long budget, long registered)
    {
        RingMemoryBudget plan = RingMemoryBudget.For(budget);
        Assert.Equal(registered, plan.RegisteredBufferBytes);
        Assert.Equal((int)Math.Min(registered / (128 * 1024), 16384), plan.RegisteredBufferCount);
    }

    [Theory]
    [InlineData(16 * MiB, 0, 1)]                   // 7.95 MiB left: not even the minimal set, so single-size buffers
    [InlineData(64 * MiB, 5, 1)]                   // 48 MiB - 192 KiB left: Pico..Medium (31 MiB)
    [InlineData(128 * MiB, 6, 1)]                  // 96 MiB - 192 KiB: Pico..Big (63 MiB)
    [InlineData(256 * MiB, 7, 1)]                  // 192 MiB - 768 KiB: Pico..Large (127 MiB)
    [InlineData(1 * GiB, 9, 1)]                    // 768 MiB - 3 MiB: Pico..Huge (511 MiB)
    [InlineData(4 * GiB, 11, 1)]                   // 3 GiB - 3 MiB: Pico..Giant (2047 MiB)
    [InlineData(16 * GiB, 12, 2)]                  // 12 GiB - 3 MiB: the full set, twice
    [InlineData(128 * GiB, 12, 16)]                // 96 GiB - 3 MiB: the full set, 16 shards
    public void The_rest_pays_for_the_largest_tier_set_that_fits_in_as_many_shards_as_fit(long budget, int tiers, int shards)
    {
        RingMemoryBudget plan = RingMemoryBudget.For(budget);
        ProvidedBufferOptions provided = plan.ProvidedBuffers;
        Assert.Equal(plan.Budget - plan.RegisteredBufferBytes - (96L * plan.Entries), plan.ProvidedBufferBytes);
        Assert.True(provided.TotalBufferBytes <= plan.ProvidedBufferBytes, plan.ToString());
        Assert.Equal(shards, provided.Shards);
        if (tiers == 0)
        {
            Assert.False(provided.IsMultiSize);
            Assert.Equal(8192, provided.BufferSize);
            Assert.Equal(512, provided.BufferCount); // the largest power of two of 8 KiB buffers that fits, at most 2 × entries
            return;
        }

        Assert.Equal(tiers, provided.Tiers!.EnabledTierCount);
        Assert.Equal((BufferTier)(tiers - 1), provided.Tiers.LargestEnabled);
        Assert.Equal(BufferTierSet.DefaultCountOf(provided.Tiers.LargestEnabled), provided.Tiers[provided.Tiers.LargestEnabled]);

        // One more shard, or the next tier, would not fit.
        Assert.True(provided.TotalBufferBytes * 2 > plan.ProvidedBufferBytes || shards == ProvidedBufferOptions.MaxShards);
        if (tiers < BufferTierSet.TierCount)
        {
            Assert.True(provided.Tiers.BytesPerShard + (MiB << tiers) > plan.ProvidedBufferBytes);
        }
    }

    [Fact]
    public void Larger_budgets_never_enable_fewer_tiers()
    {
        int previous = 0;
        for (long budget = 16 * MiB; budget <= 128 * GiB; budget *= 2)
        {
            ProvidedBufferOptions provided = RingMemoryBudget.For(budget).ProvidedBuffers;
            int tiers = provided.Tiers?.EnabledTierCount ?? 0;
            Assert.True(tiers >= previous, $"{budget}: {tiers} tiers after {previous}");
            previous = tiers;
            Assert.True(provided.TotalBufferBytes + RingMemoryBudget.For(budget).RegisteredBufferBytes <= Math.Max(budget, 16 * MiB));
        }
    }

    [Fact]
    public void System_memory_budgets_a_quarter_of_it()
    {
        Assert.Equal(128 * MiB, RingMemoryBudget.ForSystemMemory(512 * MiB).Budget);
        Assert.Equal(2048, RingOptions.ForSystemMemory(512 * MiB).Entries);
        Assert.Equal(8192, RingOptions.ForSystemMemory(1 * GiB).Entries);
        Assert.Equal(8192, RingOptions.ForSystemMemory(2 * GiB).Entries);
        Assert.Equal(32768, RingOptions.ForSystemMemory(4 * GiB).Entries);
        Assert.Equal(32768, RingOptions.ForSystemMemory(32 * GiB).Entries);
        Assert.Equal(RingMemoryBudget.For(2 * GiB * 25 / 100).ToString(), RingMemoryBudget.ForSystemMemory(2 * GiB).ToString());
        Assert.Equal(RingMemoryBudget.MaximumBytes, RingMemoryBudget.ForSystemMemory(long.MaxValue).Budget);
        Assert.Equal("systemMemoryBytes", Assert.Throws<ArgumentOutOfRangeException>(() => RingMemoryBudget.ForSystemMemory(-1)).ParamName);

        // This machine: a quarter of what the process can have, and options that validate.
        long system = RingMemoryBudget.SystemMemoryBytes;
        Assert.True(system > 0);
        RingOptions options = RingOptions.ForSystemMemory();
        Assert.Equal(RingMemoryBudget.ForSystemMemory(system).Entries, options.Entries);
        Assert.NotNull(options.ProvidedBuffers);
        Assert.True(options.ProvidedBuffers!.TotalBufferBytes <= system / 4);
        options.Validate();
    }

    [Fact]
    public void Options_from_a_budget_carry_its_entries_and_provided_buffers()
    {
        RingMemoryBudget plan = RingMemoryBudget.For(256 * MiB);
        RingOptions options = plan.ToRingOptions();
        Assert.Equal(plan.Entries, options.Entries);
        Assert.Same(plan.ProvidedBuffers, options.ProvidedBuffers);
        Assert.False(options.MultiIssuers);
        Assert.Contains("8192 entries", plan.ToString(), StringComparison.Ordinal);
    }
}
