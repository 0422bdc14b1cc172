using System.Runtime.InteropServices;

namespace Uring.Interop;

/// <summary><c>struct io_uring_rsrc_register</c> (32 bytes): FILES2 / BUFFERS2.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RsrcRegister
{
    public uint Nr;
    public uint Flags;
    public ulong Resv2;
    public ulong Data;
    public ulong Tags;
}

/// <summary><c>struct io_uring_rsrc_update2</c> (32 bytes): FILES_UPDATE2 / BUFFERS_UPDATE.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RsrcUpdate2
{
    public uint Offset;
    public uint Resv;
    public ulong Data;
    public ulong Tags;
    public uint Nr;
    public uint Resv2;
}

/// <summary><c>struct io_uring_rsrc_update</c> (16 bytes): REGISTER_RING_FDS / UNREGISTER_RING_FDS.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RsrcUpdate
{
    /// <summary>The registered-ring slot (<see cref="RegistrationFlags.AnySlot"/> lets the kernel pick; it writes the slot back).</summary>
    public uint Offset;
    public uint Resv;

    /// <summary>The ring fd to register.</summary>
    public ulong Data;
}

/// <summary><c>struct io_uring_file_index_range</c> (16 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FileIndexRange
{
    public uint Offset;
    public uint Length;
    public ulong Resv;
}

/// <summary><c>struct io_uring_sync_cancel_reg</c> (64 bytes): SYNC_CANCEL.</summary>
[StructLayout(LayoutKind.Explicit, Size = 64)]
internal struct SyncCancelRegister
{
    /// <summary>+0: the <c>user_data</c> to match.</summary>
    [FieldOffset(0)] public ulong Addr;

    /// <summary>+8: the fd to match (with <c>IORING_ASYNC_CANCEL_FD</c>).</summary>
    [FieldOffset(8)] public int Fd;

    /// <summary>+12: <c>IORING_ASYNC_CANCEL_*</c>.</summary>
    [FieldOffset(12)] public uint Flags;

    /// <summary>+16: how long to wait for the cancelled requests (<c>__kernel_timespec</c>; -1/-1 for no limit).</summary>
    [FieldOffset(16)] public KernelTimespec Timeout;

    /// <summary>+32: the opcode to match (with <c>IORING_ASYNC_CANCEL_OP</c>).</summary>
    [FieldOffset(32)] public byte Opcode;
}

/// <summary>Registration constants.</summary>
internal static class RegistrationFlags
{
    /// <summary><c>IORING_RSRC_REGISTER_SPARSE</c>.</summary>
    public const uint Sparse = 1;

    /// <summary>-1U in <see cref="RsrcUpdate.Offset"/> of <c>IORING_REGISTER_RING_FDS</c>: any free registered-ring slot.</summary>
    public const uint AnySlot = uint.MaxValue;
}
