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

/// <summary><c>struct io_uring_file_index_range</c> (16 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FileIndexRange
{
    public uint Offset;
    public uint Length;
    public ulong Resv;
}

/// <summary>Registration constants.</summary>
internal static class RegistrationFlags
{
    /// <summary><c>IORING_RSRC_REGISTER_SPARSE</c>.</summary>
    public const uint Sparse = 1;
}
