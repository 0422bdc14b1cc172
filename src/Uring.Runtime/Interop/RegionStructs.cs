using System.Runtime.InteropServices;

namespace Uring.Interop;

/// <summary><c>struct io_uring_region_desc</c> (64 bytes): the memory of an <c>IORING_REGISTER_MEM_REGION</c>.</summary>
[StructLayout(LayoutKind.Explicit, Size = 64)]
internal struct RegionDesc
{
    /// <summary>+0: the memory, with <see cref="RegionFlags.TypeUser"/>; 0 for kernel-allocated memory.</summary>
    [FieldOffset(0)] public ulong UserAddr;

    /// <summary>+8: bytes, a multiple of the page size.</summary>
    [FieldOffset(8)] public ulong Size;

    /// <summary>+16: <c>IORING_MEM_REGION_TYPE_*</c>.</summary>
    [FieldOffset(16)] public uint Flags;

    /// <summary>+20: must be 0.</summary>
    [FieldOffset(20)] public uint Id;

    /// <summary>+24: out, for kernel-allocated memory: the mmap offset on the ring fd.</summary>
    [FieldOffset(24)] public ulong MmapOffset;
}

/// <summary><c>struct io_uring_mem_region_reg</c> (32 bytes): the argument of <c>IORING_REGISTER_MEM_REGION</c>.</summary>
[StructLayout(LayoutKind.Explicit, Size = 32)]
internal struct MemRegionRegister
{
    /// <summary>+0: pointer to the <see cref="RegionDesc"/>.</summary>
    [FieldOffset(0)] public ulong RegionUptr;

    /// <summary>+8: <c>IORING_MEM_REGION_REG_*</c>.</summary>
    [FieldOffset(8)] public ulong Flags;
}

/// <summary><c>struct io_uring_reg_wait</c> (64 bytes): one wait's arguments in a registered wait region.</summary>
[StructLayout(LayoutKind.Explicit, Size = 64)]
internal struct RegisteredWaitArgument
{
    /// <summary>+0: the timeout, when <see cref="RegionFlags.WaitHasTimeout"/> is set in <see cref="Flags"/>.</summary>
    [FieldOffset(0)] public KernelTimespec Timeout;

    /// <summary>+16: <c>min_wait_usec</c>.</summary>
    [FieldOffset(16)] public uint MinWaitUsec;

    /// <summary>+20: <c>IORING_REG_WAIT_TS</c>.</summary>
    [FieldOffset(20)] public uint Flags;

    /// <summary>+24: a sigmask pointer, or 0.</summary>
    [FieldOffset(24)] public ulong SigMask;

    /// <summary>+32: the sigmask size (8), or 0.</summary>
    [FieldOffset(32)] public uint SigMaskSize;
}

/// <summary>Memory-region and registered-wait constants.</summary>
internal static class RegionFlags
{
    /// <summary><c>IORING_MEM_REGION_TYPE_USER</c>: the application provides the memory.</summary>
    public const uint TypeUser = 1;

    /// <summary><c>IORING_MEM_REGION_REG_WAIT_ARG</c>: the region holds <c>io_uring_reg_wait</c> entries.</summary>
    public const ulong RegisterWaitArguments = 1;

    /// <summary><c>IORING_REG_WAIT_TS</c>: the entry's timeout is valid.</summary>
    public const uint WaitHasTimeout = 1;
}
