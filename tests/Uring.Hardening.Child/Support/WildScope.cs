using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace Uring.Hardening.Child.Support;

/// <summary>
/// The ring under test, a second ring, and whatever a forged user_data value needs to exist (rented slots,
/// a stopped ring, a fake context block); all released when the case ends.
/// </summary>
internal sealed unsafe class WildScope : IDisposable
{
    private readonly List<Action> _cleanup = [];
    private Ring? _other;

    public WildScope(bool multiIssuers = false) => Ring = ChildRings.Started(8, multiIssuers);

    public Ring Ring { get; }

    public Ring Other => _other ??= ChildRings.Started();

    /// <summary>The lowest and highest slot address of the ring's Extended pool (found by renting every slot).</summary>
    public (ulong Lowest, ulong Highest) ExtendedSlab()
    {
        List<ExtendedSqe> all = [];
        while (Ring.TryRentExtendedSqe(out ExtendedSqe ext))
        {
            all.Add(ext);
        }

        ulong lowest = ulong.MaxValue;
        ulong highest = 0;
        foreach (ExtendedSqe ext in all)
        {
            lowest = Math.Min(lowest, (ulong)ext.Address);
            highest = Math.Max(highest, (ulong)ext.Address);
            Ring.ReturnExtendedSqe(ext);
        }

        return (lowest, highest);
    }

    /// <summary>An Extended context of the ring under test, rented until the case ends.</summary>
    public ExtendedSqe Rented()
    {
        Check.That(Ring.TryRentExtendedSqe(out ExtendedSqe ext), "the pool is empty");
        _cleanup.Add(() => Ring.ReturnExtendedSqe(ext));
        return ext;
    }

    /// <summary>An Extended context of <see cref="Other"/> that holds the trap handler, rented until the case ends.</summary>
    public ExtendedSqe OthersWithTrap()
    {
        Ring other = Other;
        Check.That(other.TryRentExtendedSqe(out ExtendedSqe ext), "the other pool is empty");
        ext.As<CompletionHandler>() = Trap.Handler;
        _cleanup.Add(() => other.ReturnExtendedSqe(ext));
        return ext;
    }

    /// <summary>128 bytes of native memory laid out like a context block whose handler is the trap.</summary>
    public ulong FakeBlockWithTrap()
    {
        byte* block = (byte*)NativeMemory.AlignedAlloc(128, 128);
        new Span<byte>(block, 128).Clear();
        *(CompletionHandler*)(block + 64) = Trap.Handler;
        _cleanup.Add(() => NativeMemory.AlignedFree(block));
        return (ulong)block;
    }

    public void Dispose()
    {
        foreach (Action action in _cleanup)
        {
            action();
        }

        Ring.Dispose();
        _other?.Dispose();
    }
}
