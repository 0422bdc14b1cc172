using System.Collections.Generic;
using Uring.Hardening.Child.Support;

namespace Uring.Hardening.Child.Cases;

/// <summary>
/// user_data values that claim a pooled (Indirect or Extended) context but name none of the ring's rented
/// slots at their current generation. Any of them, dereferenced, may abort the process or call a function
/// pointer found in memory. Each builds its value in a <see cref="WildScope"/>.
/// </summary>
internal static class WildValues
{
    private const ulong Extended = 2UL << 62;
    private const ulong Indirect = 1UL << 62;
    private const ulong Unmapped = 0x7ffd_dead_0000;

    /// <summary>A value, and whether it names a live slot of some other ring (decodable, but not this ring's).</summary>
    public sealed record Wild(string Name, System.Func<WildScope, ulong> Build, bool OtherRingsSlot = false);

    public static IEnumerable<Wild> All()
    {
        yield return new("an unmapped Extended address", _ => Extended | Unmapped);
        yield return new("an unmapped Indirect address", _ => Indirect | Unmapped);
        yield return new("a kernel-half Extended address", _ => Extended | 0x0000_FFFF_FFFF_F000);
        yield return new("all 62 bits set", _ => Extended | ((1UL << 62) - 1));
        yield return new("8 bytes into a rented slot", scope => scope.Rented().Context.Raw + 8);
        yield return new("a slot of the pool that is not rented", scope => Extended | scope.ExtendedSlab().Highest);
        yield return new("one slot past the pool", scope => Extended | (scope.ExtendedSlab().Highest + 128));
        yield return new("one slot before the pool", scope => Extended | (scope.ExtendedSlab().Lowest - 128));
        yield return new("Indirect mode over a rented Extended slot", scope => (scope.Rented().Context.Raw & ~(3UL << 62)) | Indirect);
        yield return new("a context of a stopped ring", StoppedRingsContext);
        yield return new("a fake context block holding a function pointer", scope => Extended | scope.FakeBlockWithTrap());
        yield return new("a context returned and rented again", StaleGeneration);
        yield return new("another live ring's context holding a handler", scope => scope.OthersWithTrap().Context.Raw, OtherRingsSlot: true);
    }

    private static ulong StoppedRingsContext(WildScope scope)
    {
        Ring stopped = ChildRings.Started();
        Check.That(stopped.TryRentExtendedSqe(out ExtendedSqe ext), "no context");
        ext.As<CompletionHandler>() = Trap.Handler;
        ulong raw = ext.Context.Raw;
        stopped.Stop();
        return raw;
    }

    private static ulong StaleGeneration(WildScope scope)
    {
        Check.That(scope.Ring.TryRentExtendedSqe(out ExtendedSqe first), "no context");
        ulong raw = first.Context.Raw;
        scope.Ring.ReturnExtendedSqe(first);
        scope.Rented();
        return raw;
    }
}
