using System;
using System.Runtime.InteropServices;

namespace Uring;

/// <summary>
/// futex2 flags (<c>FUTEX2_*</c> from linux/futex.h). For <c>IORING_OP_FUTEX_WAIT</c>/<c>WAKE</c> they go in
/// the SQE <b><c>fd</c></b>; for <c>FUTEX_WAITV</c> in each <see cref="FutexWaitV.Flags"/>. On Linux 6.18
/// io_uring supports only <see cref="SizeU32"/>: the other sizes complete with <c>-EINVAL</c>.
/// </summary>
[Flags]
public enum FutexFlags : uint
{
    /// <summary><c>FUTEX2_SIZE_U8</c> (rejected by 6.18 io_uring).</summary>
    SizeU8 = 0x00,
    /// <summary><c>FUTEX2_SIZE_U16</c> (rejected by 6.18 io_uring).</summary>
    SizeU16 = 0x01,
    /// <summary><c>FUTEX2_SIZE_U32</c>: a 32-bit futex word, the only size 6.18 io_uring accepts.</summary>
    SizeU32 = 0x02,
    /// <summary><c>FUTEX2_SIZE_U64</c> (rejected by 6.18 io_uring).</summary>
    SizeU64 = 0x03,
    /// <summary><c>FUTEX2_NUMA</c>.</summary>
    Numa = 0x04,
    /// <summary><c>FUTEX2_MPOL</c> (6.16).</summary>
    MemoryPolicy = 0x08,
    /// <summary><c>FUTEX2_PRIVATE</c>: the futex is not shared with other processes (faster).</summary>
    Private = 0x80,
    /// <summary>A process-private 32-bit futex: <see cref="SizeU32"/> | <see cref="Private"/>.</summary>
    PrivateU32 = SizeU32 | Private,
}

/// <summary>Futex constants.</summary>
public static class Futex
{
    /// <summary><c>FUTEX_BITSET_MATCH_ANY</c>: the wait/wake mask that matches every waiter.</summary>
    public const uint MatchAny = 0xFFFF_FFFF;

    /// <summary><c>FUTEX_WAITV_MAX</c>: at most this many futexes in one <c>FUTEX_WAITV</c>.</summary>
    public const int WaitVMax = 128;
}

/// <summary>
/// The kernel's <c>struct futex_waitv</c> (24 bytes): one futex of a <see cref="Ring.TryPrepareFutexWaitV"/>.
/// The kernel copies the array when it consumes the SQE, so the ring stages it; the futex words it points at
/// are read until the completion and must not move.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct FutexWaitV
{
    /// <summary>The value the futex word must hold for the wait to start.</summary>
    public ulong Value;

    /// <summary>The address of the futex word.</summary>
    public ulong Address;

    /// <summary>futex2 flags of this futex.</summary>
    public FutexFlags Flags;

    private readonly uint _reserved;

    /// <summary>Waits on the futex word at <paramref name="address"/> while it holds <paramref name="expected"/>.</summary>
    public FutexWaitV(uint* address, uint expected, FutexFlags flags = FutexFlags.PrivateU32)
    {
        Value = expected;
        Address = (ulong)address;
        Flags = flags;
        _reserved = 0;
    }

    /// <summary>
    /// Waits on the first word of <paramref name="futex"/>, which must not move until the completion
    /// (native memory or a pinned array).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="futex"/> is empty.</exception>
    public static FutexWaitV FromPinned(ReadOnlySpan<uint> futex, uint expected, FutexFlags flags = FutexFlags.PrivateU32)
    {
        if (futex.IsEmpty)
        {
            throw new ArgumentException("The futex span must not be empty.", nameof(futex));
        }

        fixed (uint* p = futex)
        {
            return new FutexWaitV(p, expected, flags);
        }
    }
}
