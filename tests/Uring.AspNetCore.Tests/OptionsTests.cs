using System;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace Uring.AspNetCore.Tests;

/// <summary>Out-of-range options are refused when the factory is made, naming the option.</summary>
public sealed class OptionsTests
{
    [Theory]
    [InlineData(nameof(UringTransportOptions.LoopCount))]
    [InlineData(nameof(UringTransportOptions.RingEntries))]
    [InlineData(nameof(UringTransportOptions.ReceiveBufferSize))]
    [InlineData(nameof(UringTransportOptions.MaxReadBufferSize))]
    [InlineData(nameof(UringTransportOptions.MaxWriteBufferSize))]
    [InlineData(nameof(UringTransportOptions.Backlog))]
    [InlineData(nameof(UringTransportOptions.MaxIdleSpin))]
    public void An_out_of_range_option_is_refused_with_its_name(string name)
    {
        UringTransportOptions options = name switch
        {
            nameof(UringTransportOptions.LoopCount) => new() { LoopCount = -1 },
            nameof(UringTransportOptions.RingEntries) => new() { RingEntries = 0 },
            nameof(UringTransportOptions.ReceiveBufferSize) => new() { ReceiveBufferSize = 0 },
            nameof(UringTransportOptions.MaxReadBufferSize) => new() { MaxReadBufferSize = -1 },
            nameof(UringTransportOptions.MaxWriteBufferSize) => new() { MaxWriteBufferSize = -1 },
            nameof(UringTransportOptions.MaxIdleSpin) => new() { MaxIdleSpin = TimeSpan.FromMilliseconds(11) },
            _ => new() { Backlog = 0 },
        };

        ArgumentOutOfRangeException refused = Assert.Throws<ArgumentOutOfRangeException>(() => new UringTransportFactory(Options.Create(options), NullLoggerFactory.Instance));
        Assert.Equal(name, refused.ParamName);
    }

    [Fact]
    public void The_defaults_are_Kestrels_and_one_loop_per_two_cores()
    {
        UringTransportOptions options = new();
        options.Validate();
        Assert.Equal(0, options.LoopCount);
        Assert.Equal(Math.Max(1, Environment.ProcessorCount / 2), options.EffectiveLoopCount);
        Assert.Equal(1024 * 1024, options.MaxReadBufferSize);
        Assert.Equal(64 * 1024, options.MaxWriteBufferSize);
        Assert.Equal(512, options.Backlog);
        Assert.False(options.UnsafePreferInlineScheduling);
        Assert.False(options.Strict);
        Assert.Null(options.MaxIdleSpin);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_explicit_loop_count_is_kept_in_either_scheduling_mode(bool inline)
    {
        UringTransportOptions options = new() { LoopCount = 3, UnsafePreferInlineScheduling = inline };
        Assert.Equal(3, options.EffectiveLoopCount);
    }

    [Fact]
    public void Inline_scheduling_defaults_to_one_loop_per_core()
    {
        UringTransportOptions options = new() { UnsafePreferInlineScheduling = true };
        Assert.Equal(Environment.ProcessorCount, options.EffectiveLoopCount);
    }

    [Fact]
    public void The_loops_spin_as_long_as_the_loop_default_in_both_modes_unless_told_otherwise()
    {
        TimeSpan loopDefault = new EventLoopOptions().MaxIdleSpin;
        Assert.Equal(loopDefault, new UringTransportOptions().EffectiveMaxIdleSpin(loopDefault));
        Assert.Equal(loopDefault, new UringTransportOptions { UnsafePreferInlineScheduling = true }.EffectiveMaxIdleSpin(loopDefault));
        Assert.Equal(TimeSpan.FromMicroseconds(50), new UringTransportOptions { MaxIdleSpin = TimeSpan.FromMicroseconds(50) }.EffectiveMaxIdleSpin(loopDefault));
    }
}
