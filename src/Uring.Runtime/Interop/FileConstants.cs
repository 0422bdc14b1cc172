using System;

namespace Uring;

/// <summary>
/// <c>open(2)</c> flags for <see cref="Ring.TryPrepareOpenAt"/>. Values are the x86-64 ones; on arm64
/// <see cref="Directory"/>, <see cref="NoFollow"/>, <see cref="Direct"/> and <see cref="LargeFile"/> differ,
/// so use <see cref="OpenFlagsExtensions.ForCurrentArchitecture"/> when you build for both.
/// </summary>
[Flags]
public enum OpenFlags : uint
{
    /// <summary><c>O_RDONLY</c>.</summary>
    ReadOnly = 0,
    /// <summary><c>O_WRONLY</c>.</summary>
    WriteOnly = 0x1,
    /// <summary><c>O_RDWR</c>.</summary>
    ReadWrite = 0x2,
    /// <summary><c>O_CREAT</c>.</summary>
    Create = 0x40,
    /// <summary><c>O_EXCL</c>.</summary>
    Exclusive = 0x80,
    /// <summary><c>O_NOCTTY</c>.</summary>
    NoCtty = 0x100,
    /// <summary><c>O_TRUNC</c>.</summary>
    Truncate = 0x200,
    /// <summary><c>O_APPEND</c>.</summary>
    Append = 0x400,
    /// <summary><c>O_NONBLOCK</c>.</summary>
    NonBlock = 0x800,
    /// <summary><c>O_DSYNC</c>.</summary>
    DataSync = 0x1000,
    /// <summary><c>O_DIRECT</c> (x86-64 value).</summary>
    Direct = 0x4000,
    /// <summary><c>O_LARGEFILE</c> (x86-64 value).</summary>
    LargeFile = 0x8000,
    /// <summary><c>O_DIRECTORY</c> (x86-64 value).</summary>
    Directory = 0x10000,
    /// <summary><c>O_NOFOLLOW</c> (x86-64 value).</summary>
    NoFollow = 0x20000,
    /// <summary><c>O_NOATIME</c>.</summary>
    NoAccessTime = 0x40000,
    /// <summary><c>O_CLOEXEC</c>.</summary>
    CloseOnExec = 0x80000,
    /// <summary><c>O_SYNC</c>.</summary>
    Sync = 0x101000,
    /// <summary><c>O_PATH</c>.</summary>
    Path = 0x200000,
}

/// <summary>Architecture translation for <see cref="OpenFlags"/>.</summary>
public static class OpenFlagsExtensions
{
    private const uint X64ArchBits = 0x4000 | 0x8000 | 0x10000 | 0x20000;

    /// <summary>
    /// Rewrites the four architecture-dependent bits (<c>O_DIRECT</c>, <c>O_LARGEFILE</c>,
    /// <c>O_DIRECTORY</c>, <c>O_NOFOLLOW</c>) from their x86-64 values to this process's architecture.
    /// </summary>
    public static OpenFlags ForCurrentArchitecture(this OpenFlags flags)
    {
        if (System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture
            != System.Runtime.InteropServices.Architecture.Arm64)
        {
            return flags;
        }

        uint value = (uint)flags & ~X64ArchBits;
        if ((flags & OpenFlags.Directory) != 0) value |= 0x4000;
        if ((flags & OpenFlags.NoFollow) != 0) value |= 0x8000;
        if ((flags & OpenFlags.Direct) != 0) value |= 0x10000;
        if ((flags & OpenFlags.LargeFile) != 0) value |= 0x20000;
        return (OpenFlags)value;
    }
}

/// <summary>The <c>AT_*</c> flags and the <c>AT_FDCWD</c> directory descriptor.</summary>
[Flags]
public enum AtFlags : uint
{
    /// <summary>No flags.</summary>
    None = 0,
    /// <summary><c>AT_SYMLINK_NOFOLLOW</c>.</summary>
    SymlinkNoFollow = 0x100,
    /// <summary><c>AT_REMOVEDIR</c> (for unlinkat).</summary>
    RemoveDir = 0x200,
    /// <summary><c>AT_SYMLINK_FOLLOW</c> (for linkat).</summary>
    SymlinkFollow = 0x400,
    /// <summary><c>AT_NO_AUTOMOUNT</c>.</summary>
    NoAutomount = 0x800,
    /// <summary><c>AT_EMPTY_PATH</c>: operate on the dirfd itself.</summary>
    EmptyPath = 0x1000,
    /// <summary><c>AT_STATX_FORCE_SYNC</c>.</summary>
    StatxForceSync = 0x2000,
    /// <summary><c>AT_STATX_DONT_SYNC</c>.</summary>
    StatxDontSync = 0x4000,
}

/// <summary>Well-known descriptor values.</summary>
public static class FileDescriptors
{
    /// <summary><c>AT_FDCWD</c> (-100): resolve relative paths against the current directory.</summary>
    public const int CurrentDirectory = -100;
}

/// <summary>The <c>STATX_*</c> request mask.</summary>
[Flags]
public enum StatxMask : uint
{
    /// <summary>Nothing.</summary>
    None = 0,
    /// <summary><c>STATX_TYPE</c>.</summary>
    Type = 0x1,
    /// <summary><c>STATX_MODE</c>.</summary>
    Mode = 0x2,
    /// <summary><c>STATX_NLINK</c>.</summary>
    LinkCount = 0x4,
    /// <summary><c>STATX_UID</c>.</summary>
    Uid = 0x8,
    /// <summary><c>STATX_GID</c>.</summary>
    Gid = 0x10,
    /// <summary><c>STATX_ATIME</c>.</summary>
    AccessTime = 0x20,
    /// <summary><c>STATX_MTIME</c>.</summary>
    ModifyTime = 0x40,
    /// <summary><c>STATX_CTIME</c>.</summary>
    ChangeTime = 0x80,
    /// <summary><c>STATX_INO</c>.</summary>
    Inode = 0x100,
    /// <summary><c>STATX_SIZE</c>.</summary>
    Size = 0x200,
    /// <summary><c>STATX_BLOCKS</c>.</summary>
    Blocks = 0x400,
    /// <summary><c>STATX_BASIC_STATS</c>: everything above.</summary>
    BasicStats = 0x7ff,
    /// <summary><c>STATX_BTIME</c>.</summary>
    BirthTime = 0x800,
    /// <summary><c>STATX_MNT_ID</c>.</summary>
    MountId = 0x1000,
}
