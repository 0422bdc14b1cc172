using System;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Setup;

/// <summary>
/// IORING_REGISTER_MEM_REGION and registered waits (IORING_ENTER_EXT_ARG_REG): the kernel really reads each wait's
/// timeout and minimum wait from the slot it is named by. A 5-second IORING_OP_TIMEOUT guards every wait: had the kernel
/// ignored the slot, the guard's completion would end the wait instead, 5 s later and with one more completion.
/// </summary>
public sealed class MemoryRegionTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public unsafe void Registered_waits_take_their_arguments_from_the_region(bool userMemory)
    {
        KernelRequirement.Require();
        using Ring ring = new(new RingOptions { Entries = 8, NotifySucceed = true });
        MemoryRegionFlags flags = MemoryRegionFlags.WaitArguments | (userMemory ? MemoryRegionFlags.UserMemory : MemoryRegionFlags.None);
        RingMemoryRegion region = ring.RegisterMemoryRegion(4096, flags);
        ring.Start();
        Assert.Same(region, ring.MemoryRegion);
        Assert.Equal(Environment.SystemPageSize, region.Size);
        Assert.Equal(Environment.SystemPageSize / 64, region.WaitSlotCount);
        Assert.True(region.HoldsWaitArguments);
        Assert.Equal(userMemory, Posix.MappingAt((nint)region.Address)?.Contains("io_uring", StringComparison.Ordinal) != true);

        Assert.True(ring.TryPrepareTimeout(SqeContext.FromValue(999), TimeSpan.FromSeconds(5)));
        ring.Submit();
        CqeView[] got = new CqeView[4];

        // A timeout: nothing completes, and the wait ends after 30 ms, not at the guard.
        region.SetWait(3, TimeSpan.FromMilliseconds(30));
        Assert.Equal(0L, MemoryMarshal.Read<long>(region.Memory[(3 * 64)..]));
        Assert.Equal(30_000_000L, MemoryMarshal.Read<long>(region.Memory[((3 * 64) + 8)..]));
        Assert.Equal(1u, MemoryMarshal.Read<uint>(region.Memory[((3 * 64) + 20)..]));
        Stopwatch clock = Stopwatch.StartNew();
        Assert.Equal(0, ring.WaitRegistered(got, 1, 3));
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(4));

        // A minimum wait: one of two completions is enough once 30 ms passed.
        region.SetWait(4, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(30));
        Assert.Equal(30_000u, MemoryMarshal.Read<uint>(region.Memory[((4 * 64) + 16)..]));
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(1), NopFlags.InjectResult, result: 41));
        clock.Restart();
        Assert.Equal(1, ring.WaitRegistered(got, 2, 4));
        Assert.Equal(41, got[0].Result);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"The minimum wait was not applied: {clock.Elapsed}.");

        // No time limit: the completion ends it.
        region.SetWait(5, System.Threading.Timeout.InfiniteTimeSpan);
        Assert.Equal(0u, MemoryMarshal.Read<uint>(region.Memory[((5 * 64) + 20)..]));
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(2), NopFlags.InjectResult, result: 42));
        Assert.Equal(1, ring.WaitRegistered(got, 1, 5));
        Assert.Equal(42, got[0].Result);
    }

    [Fact]
    public void A_wait_region_must_be_registered_before_start_and_once()
    {
        using Ring started = TestRings.Started();
        Assert.Throws<InvalidOperationException>(() => started.RegisterMemoryRegion(4096, MemoryRegionFlags.WaitArguments));
        Assert.Null(started.MemoryRegion);

        KernelRequirement.Require();
        using Ring ring = new(new RingOptions { Entries = 8 });
        ring.RegisterMemoryRegion(4096, MemoryRegionFlags.WaitArguments);
        Assert.Throws<InvalidOperationException>(() => ring.RegisterMemoryRegion(4096));
        Assert.Equal("size", Assert.Throws<ArgumentOutOfRangeException>(() => ring.RegisterMemoryRegion(0)).ParamName);
    }

    [Fact]
    public void Registered_waits_need_a_wait_region_and_a_slot_of_it()
    {
        using Ring none = TestRings.Started();
        Assert.Throws<InvalidOperationException>(() => none.WaitRegistered(new CqeView[1], 1, 0));

        using Ring plain = TestRings.Started();
        RingMemoryRegion region = plain.RegisterMemoryRegion(4096);
        Assert.False(region.HoldsWaitArguments);
        Assert.Equal(0, region.WaitSlotCount);
        Assert.Throws<InvalidOperationException>(() => plain.WaitRegistered(new CqeView[1], 1, 0));
        Assert.Throws<InvalidOperationException>(() => region.SetWait(0, TimeSpan.FromSeconds(1)));

        KernelRequirement.Require();
        using Ring waits = new(new RingOptions { Entries = 8 });
        RingMemoryRegion waitRegion = waits.RegisterMemoryRegion(4096, MemoryRegionFlags.WaitArguments);
        waits.Start();
        Assert.Equal("waitSlot", Assert.Throws<ArgumentOutOfRangeException>(() => waits.WaitRegistered(new CqeView[1], 1, waitRegion.WaitSlotCount)).ParamName);
        Assert.Equal("slot", Assert.Throws<ArgumentOutOfRangeException>(() => waitRegion.SetWait(-1, TimeSpan.FromSeconds(1))).ParamName);
        Assert.Equal("minWait", Assert.Throws<ArgumentOutOfRangeException>(() => waitRegion.SetWait(0, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2))).ParamName);
    }

    [Fact]
    public unsafe void A_kernel_region_is_mapped_from_the_ring_until_it_stops()
    {
        Ring ring = TestRings.Started();
        RingMemoryRegion region = ring.RegisterMemoryRegion(100);
        Assert.Equal(Environment.SystemPageSize, region.Size);
        nint address = (nint)region.Address;
        string? mapped = Posix.MappingAt(address);
        Assert.Contains("io_uring", mapped);
        region.Memory.Fill(0x5A);
        Assert.Equal(0x5A, region.Memory[^1]);
        ring.Dispose();
        Assert.Throws<ObjectDisposedException>(() => region.Memory.Length);

        // Tests run in parallel and another ring may be mapped at the same address at once. Every ring file has an
        // inode of its own, so the mapping is gone if what is there now (if anything) is not the same file.
        Assert.NotEqual(MappedInode(mapped!), MappedInode(Posix.MappingAt(address)));
    }

    [Fact]
    public unsafe void A_user_region_is_page_aligned_native_memory()
    {
        using Ring ring = TestRings.Started();
        RingMemoryRegion region = ring.RegisterMemoryRegion(5000, MemoryRegionFlags.UserMemory);
        Assert.Equal(2 * Environment.SystemPageSize, region.Size);
        Assert.Equal(0, (long)region.Address % Environment.SystemPageSize);
        Assert.DoesNotContain("io_uring", Posix.MappingAt((nint)region.Address) ?? string.Empty);
        Assert.All(region.Memory.ToArray(), b => Assert.Equal(0, b));
    }

    /// <summary>The inode column of a <c>/proc/self/maps</c> line (null for no mapping).</summary>
    private static string? MappedInode(string? line) =>
        line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[4];
}
