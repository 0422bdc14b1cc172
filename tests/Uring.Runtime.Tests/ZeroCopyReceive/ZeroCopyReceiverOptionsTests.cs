using System;
using Xunit;

namespace Uring.Tests.ZeroCopyReceive;

/// <summary>The options' defaults, and every refusal naming the option to change.</summary>
public sealed class ZeroCopyReceiverOptionsTests
{
    private static readonly ZeroCopyReceiverOptions s_valid = new() { InterfaceName = "eth0" };

    [Fact]
    public void Defaults_are_a_4_MiB_area_2048_refill_entries_and_page_chunks()
    {
        ZeroCopyReceiverOptions options = new();
        Assert.Equal(string.Empty, options.InterfaceName);
        Assert.Equal(0, options.RxQueue);
        Assert.Equal(4L << 20, options.AreaSize);
        Assert.Equal(2048, options.RefillEntries);
        Assert.Equal(Environment.SystemPageSize, options.ChunkSize);
        s_valid.Validate();
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("a/b")]
    [InlineData("eth 0")]
    [InlineData("sixteen-chars-xx")]
    public void An_interface_name_that_cannot_be_one_is_refused(string name)
    {
        ArgumentException refused = Assert.Throws<ArgumentException>(() => (s_valid with { InterfaceName = name }).Validate());
        Assert.Equal(nameof(ZeroCopyReceiverOptions.InterfaceName), refused.ParamName);
    }

    [Fact]
    public void A_negative_queue_is_refused()
        => AssertOutOfRange(s_valid with { RxQueue = -1 }, nameof(ZeroCopyReceiverOptions.RxQueue));

    [Theory]
    [InlineData(0)]
    [InlineData(-4096)]
    [InlineData(6144)]
    [InlineData(2048)]
    [InlineData(12288)]
    public void A_chunk_size_that_is_not_a_power_of_two_multiple_of_the_page_is_refused(int chunk)
        => AssertOutOfRange(s_valid with { ChunkSize = chunk }, nameof(ZeroCopyReceiverOptions.ChunkSize));

    [Theory]
    [InlineData(0L)]
    [InlineData(-4096L)]
    [InlineData(4097L)]
    [InlineData(1L << 48)]
    public void An_area_that_is_not_whole_chunks_is_refused(long size)
        => AssertOutOfRange(s_valid with { AreaSize = size }, nameof(ZeroCopyReceiverOptions.AreaSize));

    [Fact]
    public void An_area_must_be_whole_chunks_of_a_larger_chunk_size()
        => AssertOutOfRange(s_valid with { ChunkSize = 2 * Environment.SystemPageSize, AreaSize = 3L * Environment.SystemPageSize }, nameof(ZeroCopyReceiverOptions.AreaSize));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(3)]
    [InlineData(65536)]
    public void Refill_entries_must_be_a_power_of_two_up_to_32768(int entries)
        => AssertOutOfRange(s_valid with { RefillEntries = entries }, nameof(ZeroCopyReceiverOptions.RefillEntries));

    [Theory]
    [InlineData(1)]
    [InlineData(32768)]
    public void The_refill_entry_limits_are_accepted(int entries) => (s_valid with { RefillEntries = entries }).Validate();

    [Fact]
    public void Register_validates_before_touching_the_ring()
    {
        ArgumentNullException refused = Assert.Throws<ArgumentNullException>(() => ZeroCopyReceiver.Register(null!, s_valid));
        Assert.Equal("ring", refused.ParamName);
        using Ring ring = Support.DetachedRings.Create(new RingOptions { Cqe32 = true });
        ArgumentException bad = Assert.Throws<ArgumentException>(() => ZeroCopyReceiver.Register(ring, new ZeroCopyReceiverOptions()));
        Assert.Equal(nameof(ZeroCopyReceiverOptions.InterfaceName), bad.ParamName);
    }

    private static void AssertOutOfRange(ZeroCopyReceiverOptions options, string parameter)
    {
        ArgumentOutOfRangeException refused = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
        Assert.Equal(parameter, refused.ParamName);
        Assert.Contains(parameter, refused.Message, StringComparison.Ordinal);
    }
}
