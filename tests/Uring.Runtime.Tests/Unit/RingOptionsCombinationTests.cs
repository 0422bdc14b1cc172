using System;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>Combinations the kernel would refuse with a bare EINVAL are refused first, naming the option.</summary>
public sealed class RingOptionsCombinationTests
{
    [Fact]
    public void Submission_polling_drops_deferred_task_running_and_keeps_one_issuer()
    {
        SetupFlags flags = new RingOptions { SubmissionPolling = true }.ToSetupFlags();
        Assert.Equal(SetupFlags.RDisabled | SetupFlags.SqPoll | SetupFlags.SingleIssuer | SetupFlags.NoSqArray, flags);
        Assert.True(new RingOptions { SubmissionPolling = true, SubmissionPollingCpu = 0 }.ToSetupFlags().HasFlag(SetupFlags.SqAff));
        Assert.False(new RingOptions { SubmissionPolling = true, MultiIssuers = true }.ToSetupFlags().HasFlag(SetupFlags.SingleIssuer));
    }

    [Fact]
    public void Io_polling_is_iopoll_without_the_hybrid_flag()
    {
        SetupFlags flags = new RingOptions { IoPolling = true }.ToSetupFlags();
        Assert.True(flags.HasFlag(SetupFlags.IoPoll | SetupFlags.SingleIssuer));
        Assert.False(flags.HasFlag(SetupFlags.HybridIoPoll));
        Assert.False(flags.HasFlag(SetupFlags.DeferTaskrun));
        Assert.True(new RingOptions { IoPolling = true, SubmissionPolling = true }.ToSetupFlags().HasFlag(SetupFlags.IoPoll | SetupFlags.SqPoll));
    }

    [Fact]
    public void Clamp_and_mixed_sizes_map_to_their_flags()
    {
        Assert.True(new RingOptions { ClampEntries = true }.ToSetupFlags().HasFlag(SetupFlags.Clamp));
        Assert.True(new RingOptions { CqeMixed = true }.ToSetupFlags().HasFlag(SetupFlags.CqeMixed));
        Assert.True(new RingOptions { SqeMixed = true }.ToSetupFlags().HasFlag(SetupFlags.SqeMixed));
    }

    [Theory]
    [InlineData(nameof(RingOptions.SubmissionPollingCpu))]
    [InlineData(nameof(RingOptions.SubmissionPollingIdle))]
    public void Sqpoll_settings_need_sqpoll(string option)
    {
        RingOptions options = option == nameof(RingOptions.SubmissionPollingCpu)
            ? new RingOptions { SubmissionPollingCpu = 0 }
            : new RingOptions { SubmissionPollingIdle = TimeSpan.FromMilliseconds(5) };
        ArgumentException error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Equal(option, error.ParamName);
        Assert.Contains("SubmissionPolling", error.Message);
    }

    [Fact]
    public void Sqpoll_settings_out_of_range_are_refused()
    {
        Assert.Equal(
            nameof(RingOptions.SubmissionPollingCpu),
            Assert.Throws<ArgumentOutOfRangeException>(new RingOptions { SubmissionPolling = true, SubmissionPollingCpu = -1 }.Validate).ParamName);
        Assert.Equal(
            nameof(RingOptions.SubmissionPollingIdle),
            Assert.Throws<ArgumentOutOfRangeException>(new RingOptions { SubmissionPolling = true, SubmissionPollingIdle = TimeSpan.FromMilliseconds(-1) }.Validate).ParamName);
    }

    [Fact]
    public void The_idle_time_is_rounded_up_to_whole_milliseconds()
    {
        Assert.Equal(0u, new RingOptions { SubmissionPolling = true }.SubmissionPollingIdleMilliseconds);
        Assert.Equal(2u, new RingOptions { SubmissionPolling = true, SubmissionPollingIdle = TimeSpan.FromMicroseconds(1500) }.SubmissionPollingIdleMilliseconds);
    }

    [Theory]
    [InlineData(8, 4, false)]
    [InlineData(100, 90, true)]
    [InlineData(100_000, 40_000, true)]
    public void The_cq_size_is_compared_after_clamping_and_rounding(int entries, int completionEntries, bool valid)
    {
        RingOptions options = new() { Entries = entries, CompletionEntries = completionEntries, ClampEntries = entries > RingOptions.EntriesHuge };
        Exception? error = Record.Exception(options.Validate);
        Assert.Equal(valid, error is null);
    }
}
