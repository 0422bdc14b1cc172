using System;
using System.Runtime.InteropServices;
using Uring.Interop;

namespace Uring;

/// <summary>
/// A ring's memory region (<c>IORING_REGISTER_MEM_REGION</c>, Linux 6.13+): memory the kernel and the application both
/// see, owned by the ring and freed by <see cref="Ring.Stop"/>. A ring has at most one. With
/// <see cref="MemoryRegionFlags.WaitArguments"/> it holds the arguments of registered waits
/// (<see cref="Ring.WaitRegistered"/>), so a wait passes a slot number instead of copying its arguments in.
/// </summary>
public sealed unsafe class RingMemoryRegion
{
    /// <summary>Bytes per wait slot (<c>sizeof(struct io_uring_reg_wait)</c>).</summary>
    public const int WaitSlotBytes = 64;

    private byte* _memory;

    internal RingMemoryRegion(byte* memory, int size, MemoryRegionFlags flags)
    {
        _memory = memory;
        Size = size;
        Flags = flags;
    }

    /// <summary>Bytes in the region (the requested size rounded up to whole pages).</summary>
    public int Size { get; }

    /// <summary>How the region was set up.</summary>
    public MemoryRegionFlags Flags { get; }

    /// <summary>True when the region holds wait arguments.</summary>
    public bool HoldsWaitArguments => (Flags & MemoryRegionFlags.WaitArguments) != 0;

    /// <summary>Wait slots in a wait-argument region (0 otherwise).</summary>
    public int WaitSlotCount => HoldsWaitArguments ? Size / WaitSlotBytes : 0;

    /// <summary>The region's memory. Valid until the ring stops.</summary>
    /// <exception cref="ObjectDisposedException">The ring was stopped (the memory is gone).</exception>
    public Span<byte> Memory
    {
        get
        {
            byte* memory = _memory;
            return memory == null ? throw new ObjectDisposedException(nameof(Ring), "The ring was stopped; its memory region is gone.") : new Span<byte>(memory, Size);
        }
    }

    /// <summary>The region's address (for tests and for passing it to the kernel by hand).</summary>
    internal byte* Address => _memory;

    /// <summary>
    /// Fills wait slot <paramref name="slot"/>: a wait that names it returns after <paramref name="timeout"/> at the latest
    /// (<see cref="System.Threading.Timeout.InfiniteTimeSpan"/>: no limit) and, with <paramref name="minWait"/>, as soon as
    /// <paramref name="minWait"/> passed and at least one completion is there (as
    /// <see cref="Ring.WaitMinTimeout"/> describes). The kernel reads the slot when a wait
    /// names it, so change a slot only between waits.
    /// </summary>
    /// <exception cref="InvalidOperationException">The region holds no wait arguments.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="slot"/> is not a slot of the region, or a time is out of range.</exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    public void SetWait(int slot, TimeSpan timeout, TimeSpan minWait = default)
    {
        if (!HoldsWaitArguments)
        {
            throw new InvalidOperationException("This memory region holds no wait arguments: register one with MemoryRegionFlags.WaitArguments.");
        }

        ThrowIfBadSlot(slot, nameof(slot));
        uint minWaitUsec = Ring.MinWaitMicroseconds(timeout, minWait);
        bool limited = timeout != System.Threading.Timeout.InfiniteTimeSpan;
        Span<byte> memory = Memory;
        RegisteredWaitArgument argument = new()
        {
            Timeout = limited ? KernelTimespec.FromTimeSpan(timeout) : default,
            MinWaitUsec = minWaitUsec,
            Flags = limited ? RegionFlags.WaitHasTimeout : 0,
        };
        MemoryMarshal.Write(memory[(slot * WaitSlotBytes)..], in argument);
    }

    internal void ThrowIfBadSlot(int slot, string parameterName)
    {
        if ((uint)slot >= (uint)WaitSlotCount)
        {
            throw new ArgumentOutOfRangeException(parameterName, slot, $"The wait region has {WaitSlotCount} slots (0 to {WaitSlotCount - 1}).");
        }
    }

    /// <summary>At teardown: the memory is freed or unmapped by the ring; nothing may reach it after this.</summary>
    internal void Detach() => _memory = null;
}
