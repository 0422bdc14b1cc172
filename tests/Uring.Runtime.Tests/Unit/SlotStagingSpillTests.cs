using Xunit;

namespace Uring.Tests.Unit;

/// <summary>The spill count that lets a reservation skip its staging reset: exact, so no spill chain is leaked or kept.</summary>
public sealed unsafe class SlotStagingSpillTests
{
    [Fact]
    public void Spilled_slots_are_counted_once_and_freed_only_by_their_own_reset()
    {
        using SlotStagingArena arena = new(4);
        Assert.Equal(0u, arena.SpilledSlots);

        byte* first = arena.AllocateOverflow(1, 1000);
        byte* second = arena.AllocateOverflow(1, 2000);
        first[999] = 1;
        second[1999] = 2;
        Assert.Equal(1u, arena.SpilledSlots);

        arena.AllocateOverflow(3, 600);
        Assert.Equal(2u, arena.SpilledSlots);

        arena.Reset(0);
        Assert.Equal(2u, arena.SpilledSlots);
        arena.Reset(1);
        Assert.Equal(1u, arena.SpilledSlots);
        arena.Reset(1);
        Assert.Equal(1u, arena.SpilledSlots);
        arena.Reset(3);
        Assert.Equal(0u, arena.SpilledSlots);
    }
}
