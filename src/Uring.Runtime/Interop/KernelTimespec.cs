using System;
using System.Runtime.InteropServices;

namespace Uring;

/// <summary><c>struct __kernel_timespec</c> (16 bytes: seconds, nanoseconds).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct KernelTimespec
{
    /// <summary>Seconds.</summary>
    public long Seconds;
    /// <summary>Nanoseconds, 0 to 999,999,999.</summary>
    public long Nanoseconds;

    /// <summary>Converts a non-negative duration (100 ns resolution).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is negative.</exception>
    public static KernelTimespec FromTimeSpan(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "A kernel timeout cannot be negative.");
        }

        long ticks = duration.Ticks;
        return new KernelTimespec
        {
            Seconds = ticks / TimeSpan.TicksPerSecond,
            Nanoseconds = (ticks % TimeSpan.TicksPerSecond) * 100,
        };
    }
}

/// <summary>A <c>struct iovec</c>: one (address, length) pair for vectored I/O.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly unsafe struct IoVector
{
    /// <summary>Start address.</summary>
    public readonly void* Base;
    /// <summary>Length in bytes.</summary>
    public readonly nuint Length;

    /// <summary>Describes <paramref name="length"/> bytes at <paramref name="address"/>.</summary>
    public IoVector(void* address, nuint length)
    {
        Base = address;
        Length = length;
    }

    /// <summary>
    /// Describes the memory of <paramref name="buffer"/>. The memory must not move until the request
    /// completes: native memory, a pinned (POH) array, or a registered buffer.
    /// </summary>
    public static IoVector FromPinned(Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            return new IoVector(p, (nuint)buffer.Length);
        }
    }
}
