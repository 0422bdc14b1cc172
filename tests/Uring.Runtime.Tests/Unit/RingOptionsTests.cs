using System;
using Xunit;

namespace Uring.Tests.Unit;

public sealed class RingOptionsTests
{
    [Fact]
    public void Defaults_are_single_issuer_deferred_without_sq_array()
    {
        RingOptions options = new();
        Assert.Equal(RingOptions.EntriesMedium, options.Entries);
        Assert.False(options.NotifySucceed);
        SetupFlags flags = options.ToSetupFlags();
        Assert.Equal(
            SetupFlags.RDisabled | SetupFlags.SingleIssuer | SetupFlags.DeferTaskrun | SetupFlags.TaskrunFlag | SetupFlags.NoSqArray,
            flags);
    }

    [Fact]
    public void Multi_issuers_switch_to_cooperative_task_running()
    {
        SetupFlags flags = new RingOptions { MultiIssuers = true }.ToSetupFlags();
        Assert.True(flags.HasFlag(SetupFlags.CoopTaskrun));
        Assert.False(flags.HasFlag(SetupFlags.SingleIssuer));
        Assert.False(flags.HasFlag(SetupFlags.DeferTaskrun));
    }

    [Fact]
    public void Hybrid_polling_drops_the_task_run_flags()
    {
        SetupFlags flags = new RingOptions { HybridPolling = true }.ToSetupFlags();
        Assert.True(flags.HasFlag(SetupFlags.IoPoll | SetupFlags.HybridIoPoll));
        Assert.False(flags.HasFlag(SetupFlags.DeferTaskrun));
        Assert.False(flags.HasFlag(SetupFlags.CoopTaskrun));
        Assert.False(flags.HasFlag(SetupFlags.TaskrunFlag));
    }

    [Fact]
    public void Optional_features_map_to_their_setup_flags()
    {
        SetupFlags flags = new RingOptions { Sqe128 = true, Cqe32 = true, IndirectSubmissionQueue = true, CompletionEntries = 4096 }.ToSetupFlags();
        Assert.True(flags.HasFlag(SetupFlags.Sqe128 | SetupFlags.Cqe32 | SetupFlags.CqSize));
        Assert.False(flags.HasFlag(SetupFlags.NoSqArray));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(32769, 0)]
    [InlineData(8, 4)]
    [InlineData(8, 70000)]
    public void Out_of_range_entries_are_rejected(int entries, int completionEntries)
        => Assert.Throws<ArgumentOutOfRangeException>(() => new RingOptions { Entries = entries, CompletionEntries = completionEntries }.Validate());

    [Fact]
    public void Presets_are_powers_of_four()
    {
        Assert.Equal(new[] { 8, 32, 128, 512, 2048, 8192, 32768 }, new[]
        {
            RingOptions.EntriesPico, RingOptions.EntriesNano, RingOptions.EntriesMicro, RingOptions.EntriesSmall,
            RingOptions.EntriesMedium, RingOptions.EntriesLarge, RingOptions.EntriesHuge,
        });
    }
}
