using System;
using System.Runtime.InteropServices;
using Uring.Interop;

namespace Uring;

public sealed unsafe partial class Ring
{
    private RingMemoryRegion? _memoryRegion;
    private byte* _memoryRegionBlock;
    private nuint _memoryRegionBytes;
    private bool _memoryRegionMapped;

    /// <summary>The ring's memory region, or null when none is registered.</summary>
    public RingMemoryRegion? MemoryRegion => _memoryRegion;

    /// <summary>
    /// Registers the ring's memory region (<c>IORING_REGISTER_MEM_REGION</c>, Linux 6.13+) of <paramref name="size"/> bytes,
    /// rounded up to whole pages: kernel memory mapped from the ring fd, or (<see cref="MemoryRegionFlags.UserMemory"/>)
    /// native memory the ring allocates and the kernel pins. With <see cref="MemoryRegionFlags.WaitArguments"/> it holds the
    /// arguments of <see cref="WaitRegistered"/>; the kernel takes such a region only before <see cref="Start"/>. A ring has
    /// one region, kept until <see cref="Stop"/> (the kernel cannot unregister it).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is not positive, or exceeds 1 GiB.</exception>
    /// <exception cref="InvalidOperationException">The ring has a region already, or a wait region is asked for after <see cref="Start"/>.</exception>
    /// <exception cref="NotSupportedException">The kernel has no <c>IORING_REGISTER_MEM_REGION</c> (it needs Linux 6.13).</exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    /// <exception cref="UringException">The kernel refused (ENOMEM: the pinned memory exceeds <c>RLIMIT_MEMLOCK</c>).</exception>
    [IssuerThreadOnly]
    public RingMemoryRegion RegisterMemoryRegion(int size, MemoryRegionFlags flags = MemoryRegionFlags.None)
    {
        const int MaxRegionBytes = 1 << 30;
        if (size <= 0 || size > MaxRegionBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "A memory region holds 1 byte to 1 GiB (rounded up to whole pages).");
        }

        ThrowIfStopped();
        EnsureIssuer();
        using LockScope held = HoldLock();
        if (_memoryRegion is not null)
        {
            throw new InvalidOperationException("The ring has a memory region already: the kernel allows one per ring, kept until the ring stops.");
        }

        bool waitArguments = (flags & MemoryRegionFlags.WaitArguments) != 0;
        if (waitArguments && IsStarted)
        {
            throw new InvalidOperationException(
                "A wait-argument region must be registered before Start: the kernel accepts it only while the ring is disabled.");
        }

        int page = Environment.SystemPageSize;
        nuint bytes = (nuint)(((long)size + page - 1) / page * page);
        bool user = (flags & MemoryRegionFlags.UserMemory) != 0;

        // The kernel charges a region's pages to RLIMIT_MEMLOCK, whoever allocated them.
        MemlockLimit.EnsureCanPin(bytes, $"Registering a {bytes}-byte memory region");
        byte* block = user ? (byte*)NativeMemory.AlignedAlloc(bytes, (nuint)page) : null;
        if (user)
        {
            NativeMemory.Clear(block, bytes);
        }

        RegionDesc region = new() { UserAddr = (ulong)block, Size = bytes, Flags = user ? RegionFlags.TypeUser : 0 };
        MemRegionRegister register = new() { RegionUptr = (ulong)&region, Flags = waitArguments ? RegionFlags.RegisterWaitArguments : 0 };
        int rc = Syscalls.IoUringRegister(_fd, RegisterOp.RegisterMemRegion, &register, 1);
        if (rc < 0)
        {
            NativeMemory.AlignedFree(block);
            throw RegionFailure((Errno)(-rc));
        }

        if (!user)
        {
            block = (byte*)Syscalls.MapShared(_fd, bytes, (long)region.MmapOffset, out int errno);
            if (block == null)
            {
                // The kernel keeps the region until the ring goes; only this mapping of it failed.
                throw UringException.ForSyscall("mmap of the ring's memory region", (Errno)errno);
            }
        }

        _memoryRegionBlock = block;
        _memoryRegionBytes = bytes;
        _memoryRegionMapped = !user;
        _memoryRegion = new RingMemoryRegion(block, (int)bytes, flags);
        return _memoryRegion;
    }

    /// <summary>At teardown, after the fd's last use: unmap the kernel's memory or free ours.</summary>
    private void ReleaseMemoryRegion()
    {
        if (_memoryRegion is null)
        {
            return;
        }

        _memoryRegion.Detach();
        if (_memoryRegionMapped)
        {
            Syscalls.Unmap(_memoryRegionBlock, _memoryRegionBytes);
        }
        else
        {
            NativeMemory.AlignedFree(_memoryRegionBlock);
        }

        _memoryRegionBlock = null;
    }

    private static Exception RegionFailure(Errno errno) => errno switch
    {
        Errno.EINVAL when KernelCapabilities.Cached is null
            || KernelCapabilities.Cached.RegisterOpcodeCount <= (int)RegisterOp.RegisterMemRegion
            => new NotSupportedException(
                $"This kernel ({KernelSupport.Release}) refused IORING_REGISTER_MEM_REGION: memory regions and registered waits need Linux 6.13 or later."),
        _ => UringException.ForSyscall("io_uring_register(MEM_REGION)", errno),
    };
}
