using System;

namespace Uring;

/// <summary>
/// The kernel's limits on registered and provided buffers, checked before the runtime allocates anything, so a
/// bad size or count fails with the parameter's name and the limit instead of an unnamed
/// <see cref="OutOfMemoryException"/>, a kernel EINVAL/EFAULT, or seconds of committed memory.
/// </summary>
public static class BufferLimits
{
    /// <summary>
    /// Registered (fixed) buffers per table: <c>IORING_MAX_REG_BUFFERS</c> (1 &lt;&lt; 14). Verified on Linux 6.18:
    /// 16384 sparse buffers register, 16385 fail with EINVAL.
    /// </summary>
    public const int MaxRegisteredBuffers = 16384;

    /// <summary>
    /// The largest registered buffer: 1 GiB (<c>SZ_1G</c> in the kernel's buffer validation). Verified on Linux
    /// 6.18: 1 GiB registers, 1 GiB + 1 fails with EFAULT.
    /// </summary>
    public const int MaxRegisteredBufferBytes = 1 << 30;

    /// <summary>The most entries a provided-buffer ring holds (a power of two; the ring tail is a u16).</summary>
    public const int MaxProvidedBuffers = BufferOpConstants.MaxRingEntries;

    /// <summary>
    /// The most bytes one request transfers: <c>MAX_RW_COUNT</c> (<c>INT_MAX &amp; PAGE_MASK</c>, 2 GiB - 4 KiB).
    /// Bytes beyond it in one buffer could never be filled or sent by one request.
    /// </summary>
    public const int MaxTransferBytes = int.MaxValue & ~4095;

    /// <summary>The largest provided buffer: <see cref="MaxTransferBytes"/>, so no byte of it is out of a request's reach.</summary>
    public const int MaxProvidedBufferBytes = MaxTransferBytes;

    /// <summary>The largest <see cref="NativeBuffer"/>: <see cref="MaxTransferBytes"/>. Use several buffers for more memory.</summary>
    public const int MaxNativeBufferBytes = MaxTransferBytes;

    /// <summary>
    /// The largest alignment a <see cref="NativeBuffer"/> takes: 2 MiB, a huge page. No kernel path asks for more,
    /// and a larger alignment only wastes address space.
    /// </summary>
    public const int MaxNativeBufferAlignment = 1 << 21;

    /// <summary>Rejects a fixed-buffer table of <paramref name="count"/> buffers outside 1..<see cref="MaxRegisteredBuffers"/>.</summary>
    internal static void ThrowIfBadRegisteredBufferCount(int count, string parameterName)
    {
        if (count < 1 || count > MaxRegisteredBuffers)
        {
            throw new ArgumentOutOfRangeException(
                parameterName,
                count,
                $"A fixed-buffer table holds 1 to {MaxRegisteredBuffers} buffers (IORING_MAX_REG_BUFFERS). Use fewer, larger buffers "
                + "(up to 1 GiB each) and address parts of them with bufferOffset.");
        }
    }

    /// <summary>
    /// Rejects a registered buffer of <paramref name="size"/> bytes outside 1..<see cref="MaxRegisteredBufferBytes"/>,
    /// naming <paramref name="parameterName"/>; <paramref name="which"/> names the buffer in the message ("buffer 3"),
    /// or is null for the size of every buffer.
    /// </summary>
    internal static void ThrowIfBadRegisteredBufferSize(long size, string parameterName, string? which = null)
    {
        if (size < 1 || size > MaxRegisteredBufferBytes)
        {
            throw new ArgumentOutOfRangeException(
                parameterName,
                size,
                $"{(which is null ? "A registered buffer" : "Registered " + which)} must hold 1 to {MaxRegisteredBufferBytes} bytes (1 GiB, the "
                + "kernel's per-buffer maximum; larger ones fail with EFAULT). Register several buffers instead.");
        }
    }

    /// <summary>
    /// Rejects <paramref name="count"/> × <paramref name="stride"/> bytes of buffer memory that exceed what this
    /// process can have (physical memory, or the container's limit): the allocation would fail with an
    /// <see cref="OutOfMemoryException"/> that names nothing, or commit memory the machine does not have.
    /// </summary>
    internal static void ThrowIfBeyondMemory(long count, long stride, string countName, string what)
        => ThrowIfBytesBeyondMemory((ulong)count * (ulong)stride, countName, count, what);

    /// <summary>
    /// Rejects <paramref name="total"/> bytes of buffer memory beyond what this process can have, reported on
    /// <paramref name="parameterName"/> with <paramref name="actualValue"/>.
    /// </summary>
    internal static void ThrowIfBytesBeyondMemory(ulong total, string parameterName, object actualValue, string what)
    {
        ulong available = (ulong)Math.Max(0, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
        if (available > 0 && total > available)
        {
            throw new ArgumentOutOfRangeException(
                parameterName,
                actualValue,
                $"{what} would need {total} bytes ({total >> 30} GiB), more than the {available} bytes "
                    + $"({available >> 30} GiB) of memory this process can have. Use fewer or smaller buffers.");
        }
    }
}
