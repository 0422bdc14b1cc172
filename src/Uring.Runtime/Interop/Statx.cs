using System.Runtime.InteropServices;

namespace Uring;

/// <summary>A <c>struct statx_timestamp</c> (16 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct StatxTimestamp
{
    /// <summary>Seconds since the epoch.</summary>
    public long Seconds;
    /// <summary>Nanoseconds within the second.</summary>
    public uint Nanoseconds;
    private readonly int _reserved;
}

/// <summary>
/// The kernel's <c>struct statx</c> (256 bytes), written by <c>IORING_OP_STATX</c> when the request
/// completes. The kernel writes it at completion time, so it must live in memory that does not move
/// (native memory or a pinned array) until the CQE is reaped.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
public struct Statx
{
    /// <summary>What the kernel filled in (<see cref="StatxMask"/>).</summary>
    [FieldOffset(0)] public StatxMask Mask;
    /// <summary>Preferred I/O block size.</summary>
    [FieldOffset(4)] public uint BlockSize;
    /// <summary><c>STATX_ATTR_*</c> attributes.</summary>
    [FieldOffset(8)] public ulong Attributes;
    /// <summary>Number of hard links.</summary>
    [FieldOffset(16)] public uint LinkCount;
    /// <summary>Owner user id.</summary>
    [FieldOffset(20)] public uint Uid;
    /// <summary>Owner group id.</summary>
    [FieldOffset(24)] public uint Gid;
    /// <summary>File type and mode bits.</summary>
    [FieldOffset(28)] public ushort Mode;
    /// <summary>Inode number.</summary>
    [FieldOffset(32)] public ulong Inode;
    /// <summary>Size in bytes.</summary>
    [FieldOffset(40)] public ulong Size;
    /// <summary>Allocated 512-byte blocks.</summary>
    [FieldOffset(48)] public ulong Blocks;
    /// <summary>Which attribute bits are supported.</summary>
    [FieldOffset(56)] public ulong AttributesMask;
    /// <summary>Last access.</summary>
    [FieldOffset(64)] public StatxTimestamp AccessTime;
    /// <summary>Creation.</summary>
    [FieldOffset(80)] public StatxTimestamp BirthTime;
    /// <summary>Last status change.</summary>
    [FieldOffset(96)] public StatxTimestamp ChangeTime;
    /// <summary>Last modification.</summary>
    [FieldOffset(112)] public StatxTimestamp ModifyTime;
    /// <summary>Device major (if a device file).</summary>
    [FieldOffset(128)] public uint RdevMajor;
    /// <summary>Device minor (if a device file).</summary>
    [FieldOffset(132)] public uint RdevMinor;
    /// <summary>Major of the device holding the file.</summary>
    [FieldOffset(136)] public uint DevMajor;
    /// <summary>Minor of the device holding the file.</summary>
    [FieldOffset(140)] public uint DevMinor;
    /// <summary>Mount id.</summary>
    [FieldOffset(144)] public ulong MountId;
}
