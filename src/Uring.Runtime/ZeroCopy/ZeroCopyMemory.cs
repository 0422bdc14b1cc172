using System;
using System.Runtime.InteropServices;
using System.Threading;
using Uring.Interop;

namespace Uring;

/// <summary>
/// The two blocks a zero-copy receive queue uses: the area the NIC writes into and the refill queue's region. Mapped
/// anonymous memory for a kernel registration (page aligned, never moved); aligned native memory for a detached
/// receiver in tests. Freed once, by its receiver.
/// </summary>
internal readonly unsafe struct ZeroCopyMemory
{
    private static long s_mappedBytes;

    private ZeroCopyMemory(byte* area, nuint areaBytes, byte* refill, nuint refillBytes, bool mapped)
    {
        Area = area;
        AreaBytes = areaBytes;
        Refill = refill;
        RefillBytes = refillBytes;
        Mapped = mapped;
    }

    public byte* Area { get; }

    public nuint AreaBytes { get; }

    public byte* Refill { get; }

    public nuint RefillBytes { get; }

    private bool Mapped { get; }

    /// <summary>Bytes of kernel-registrable memory mapped and not yet unmapped, process-wide (a leak check for tests).</summary>
    internal static long MappedBytes => Volatile.Read(ref s_mappedBytes);

    /// <summary>
    /// Bytes of the refill queue's region for <paramref name="entries"/> entries: the kernel's header first (a page is
    /// reserved for it), then the entries, in whole pages.
    /// </summary>
    public static nuint RefillRegionBytes(int entries)
    {
        nuint page = (nuint)Environment.SystemPageSize;
        nuint bytes = (nuint)ZcrxConstants.RefillHeaderBytes + ((nuint)entries * (nuint)sizeof(ZcrxRefillEntry));
        return (bytes + page - 1) & ~(page - 1);
    }

    /// <summary>Maps both blocks; throws with the errno when the system refuses.</summary>
    public static ZeroCopyMemory Map(long areaSize, int refillEntries)
    {
        nuint refillBytes = RefillRegionBytes(refillEntries);
        byte* area = (byte*)Syscalls.MapAnonymous((nuint)areaSize, out int errno);
        if (area is null)
        {
            throw UringException.ForSyscall($"mmap of the {areaSize}-byte zero-copy receive area", (Errno)errno);
        }

        byte* refill = (byte*)Syscalls.MapAnonymous(refillBytes, out errno);
        if (refill is null)
        {
            Syscalls.Unmap(area, (nuint)areaSize);
            throw UringException.ForSyscall("mmap of the zero-copy refill queue", (Errno)errno);
        }

        Interlocked.Add(ref s_mappedBytes, areaSize + (long)refillBytes);
        return new ZeroCopyMemory(area, (nuint)areaSize, refill, refillBytes, mapped: true);
    }

    /// <summary>Zeroed, page-aligned native memory (a detached receiver: no kernel behind it).</summary>
    public static ZeroCopyMemory Allocate(long areaSize, int refillEntries)
    {
        nuint page = (nuint)Environment.SystemPageSize;
        nuint refillBytes = RefillRegionBytes(refillEntries);
        byte* area = (byte*)NativeMemory.AlignedAlloc((nuint)areaSize, page);
        byte* refill = (byte*)NativeMemory.AlignedAlloc(refillBytes, page);
        NativeMemory.Clear(area, (nuint)areaSize);
        NativeMemory.Clear(refill, refillBytes);
        return new ZeroCopyMemory(area, (nuint)areaSize, refill, refillBytes, mapped: false);
    }

    public void Free()
    {
        if (Mapped)
        {
            Syscalls.Unmap(Refill, RefillBytes);
            Syscalls.Unmap(Area, AreaBytes);
            Interlocked.Add(ref s_mappedBytes, -(long)(AreaBytes + RefillBytes));
        }
        else
        {
            NativeMemory.AlignedFree(Refill);
            NativeMemory.AlignedFree(Area);
        }
    }
}
