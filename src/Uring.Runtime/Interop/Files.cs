using System;
using System.IO;
using System.Runtime.InteropServices;

namespace Uring;

/// <summary><c>fallocate(2)</c> modes (<c>FALLOC_FL_*</c>), the <c>len</c> of <c>IORING_OP_FALLOCATE</c>.</summary>
[Flags]
public enum FallocateMode : uint
{
    /// <summary>Allocate the range and extend the file size if the range ends past it.</summary>
    None = 0,
    /// <summary><c>FALLOC_FL_KEEP_SIZE</c>: allocate without changing the file size.</summary>
    KeepSize = 0x01,
    /// <summary><c>FALLOC_FL_PUNCH_HOLE</c>: deallocate the range; must be combined with <see cref="KeepSize"/> (<c>-EOPNOTSUPP</c> otherwise).</summary>
    PunchHole = 0x02,
    /// <summary><c>FALLOC_FL_NO_HIDE_STALE</c>: reserved by the kernel.</summary>
    NoHideStale = 0x04,
    /// <summary><c>FALLOC_FL_COLLAPSE_RANGE</c>: remove the range and shift the rest of the file down.</summary>
    CollapseRange = 0x08,
    /// <summary><c>FALLOC_FL_ZERO_RANGE</c>: zero the range.</summary>
    ZeroRange = 0x10,
    /// <summary><c>FALLOC_FL_INSERT_RANGE</c>: insert a hole, shifting the rest of the file up.</summary>
    InsertRange = 0x20,
    /// <summary><c>FALLOC_FL_UNSHARE_RANGE</c>: unshare shared (reflinked) blocks.</summary>
    UnshareRange = 0x40,
}

/// <summary><c>sync_file_range(2)</c> flags (<c>SYNC_FILE_RANGE_*</c>), the SQE <c>sync_range_flags</c>.</summary>
[Flags]
public enum SyncFileRangeFlags : uint
{
    /// <summary>No flags: the call does nothing.</summary>
    None = 0,
    /// <summary><c>SYNC_FILE_RANGE_WAIT_BEFORE</c>: wait for writeout already in progress.</summary>
    WaitBefore = 1,
    /// <summary><c>SYNC_FILE_RANGE_WRITE</c>: start writeout of dirty pages.</summary>
    Write = 2,
    /// <summary><c>SYNC_FILE_RANGE_WAIT_AFTER</c>: wait for the writeout to finish.</summary>
    WaitAfter = 4,
    /// <summary><c>SYNC_FILE_RANGE_WRITE_AND_WAIT</c>: all three.</summary>
    WriteAndWait = WaitBefore | Write | WaitAfter,
}

/// <summary>
/// <c>posix_fadvise(2)</c> advice (<c>POSIX_FADV_*</c>), the SQE <c>fadvise_advice</c>. Values are the
/// x86-64 and arm64 ones (s390x differs for <see cref="DontNeed"/> and <see cref="NoReuse"/>).
/// </summary>
public enum FileAdvice : uint
{
    /// <summary><c>POSIX_FADV_NORMAL</c>.</summary>
    Normal = 0,
    /// <summary><c>POSIX_FADV_RANDOM</c>.</summary>
    Random = 1,
    /// <summary><c>POSIX_FADV_SEQUENTIAL</c>.</summary>
    Sequential = 2,
    /// <summary><c>POSIX_FADV_WILLNEED</c>: start reading the range into the page cache.</summary>
    WillNeed = 3,
    /// <summary><c>POSIX_FADV_DONTNEED</c>: drop the range's clean pages from the page cache.</summary>
    DontNeed = 4,
    /// <summary><c>POSIX_FADV_NOREUSE</c>.</summary>
    NoReuse = 5,
}

/// <summary><c>madvise(2)</c> advice (<c>MADV_*</c>, the generic values used by x86-64 and arm64).</summary>
public enum MemoryAdvice : uint
{
    /// <summary><c>MADV_NORMAL</c>.</summary>
    Normal = 0,
    /// <summary><c>MADV_RANDOM</c>.</summary>
    Random = 1,
    /// <summary><c>MADV_SEQUENTIAL</c>.</summary>
    Sequential = 2,
    /// <summary><c>MADV_WILLNEED</c>.</summary>
    WillNeed = 3,
    /// <summary><c>MADV_DONTNEED</c>: private anonymous pages read back as zeros afterwards.</summary>
    DontNeed = 4,
    /// <summary><c>MADV_FREE</c>.</summary>
    Free = 8,
    /// <summary><c>MADV_REMOVE</c>.</summary>
    Remove = 9,
    /// <summary><c>MADV_DONTFORK</c>.</summary>
    DontFork = 10,
    /// <summary><c>MADV_DOFORK</c>.</summary>
    DoFork = 11,
    /// <summary><c>MADV_MERGEABLE</c>.</summary>
    Mergeable = 12,
    /// <summary><c>MADV_UNMERGEABLE</c>.</summary>
    Unmergeable = 13,
    /// <summary><c>MADV_HUGEPAGE</c>.</summary>
    HugePage = 14,
    /// <summary><c>MADV_NOHUGEPAGE</c>.</summary>
    NoHugePage = 15,
    /// <summary><c>MADV_DONTDUMP</c>.</summary>
    DontDump = 16,
    /// <summary><c>MADV_DODUMP</c>.</summary>
    DoDump = 17,
    /// <summary><c>MADV_WIPEONFORK</c>.</summary>
    WipeOnFork = 18,
    /// <summary><c>MADV_KEEPONFORK</c>.</summary>
    KeepOnFork = 19,
    /// <summary><c>MADV_COLD</c>.</summary>
    Cold = 20,
    /// <summary><c>MADV_PAGEOUT</c>.</summary>
    PageOut = 21,
    /// <summary><c>MADV_POPULATE_READ</c>.</summary>
    PopulateRead = 22,
    /// <summary><c>MADV_POPULATE_WRITE</c>.</summary>
    PopulateWrite = 23,
    /// <summary><c>MADV_DONTNEED_LOCKED</c>.</summary>
    DontNeedLocked = 24,
    /// <summary><c>MADV_COLLAPSE</c>.</summary>
    Collapse = 25,
}

/// <summary><c>renameat2(2)</c> flags (<c>RENAME_*</c>), the SQE <c>rename_flags</c>.</summary>
[Flags]
public enum RenameFlags : uint
{
    /// <summary>Replace the target if it exists.</summary>
    None = 0,
    /// <summary><c>RENAME_NOREPLACE</c>: fail with <c>-EEXIST</c> if the target exists.</summary>
    NoReplace = 1 << 0,
    /// <summary><c>RENAME_EXCHANGE</c>: atomically swap the two paths.</summary>
    Exchange = 1 << 1,
    /// <summary><c>RENAME_WHITEOUT</c>: leave a whiteout (overlay file systems).</summary>
    Whiteout = 1 << 2,
}

/// <summary><c>setxattr(2)</c> flags (<c>XATTR_*</c>), the SQE <c>xattr_flags</c>.</summary>
[Flags]
public enum XattrFlags : uint
{
    /// <summary>Create or replace.</summary>
    None = 0,
    /// <summary><c>XATTR_CREATE</c>: fail with <c>-EEXIST</c> if the attribute exists.</summary>
    Create = 0x1,
    /// <summary><c>XATTR_REPLACE</c>: fail with <c>-ENODATA</c> if the attribute does not exist.</summary>
    Replace = 0x2,
}

/// <summary><c>openat2(2)</c> path-resolution flags (<c>RESOLVE_*</c>), <see cref="OpenHow.Resolve"/>.</summary>
[Flags]
public enum ResolveFlags : ulong
{
    /// <summary>Ordinary path resolution.</summary>
    None = 0,
    /// <summary><c>RESOLVE_NO_XDEV</c>: do not cross mount points (<c>-EXDEV</c>).</summary>
    NoCrossDevice = 0x01,
    /// <summary><c>RESOLVE_NO_MAGICLINKS</c>: no procfs-style magic links (<c>-ELOOP</c>).</summary>
    NoMagicLinks = 0x02,
    /// <summary><c>RESOLVE_NO_SYMLINKS</c>: no symbolic links at all (<c>-ELOOP</c>).</summary>
    NoSymlinks = 0x04,
    /// <summary><c>RESOLVE_BENEATH</c>: the path must stay below the directory fd (<c>-EXDEV</c> otherwise).</summary>
    Beneath = 0x08,
    /// <summary><c>RESOLVE_IN_ROOT</c>: treat the directory fd as the root directory.</summary>
    InRoot = 0x10,
    /// <summary><c>RESOLVE_CACHED</c>: only succeed if resolution needs no I/O (<c>-EAGAIN</c> otherwise).</summary>
    Cached = 0x20,
}

/// <summary>
/// The kernel's <c>struct open_how</c> (24 bytes) for <see cref="Ring.TryPrepareOpenAt2"/>. The kernel copies it
/// when it consumes the SQE (<c>copy_struct_from_user</c> in the prep step), so the ring stages a copy and
/// the caller's value may die right after the prep call.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct OpenHow
{
    /// <summary><c>sizeof(struct open_how)</c>, the <c>len</c> of the SQE.</summary>
    public const int Size = 24;

    /// <summary>Open flags (<c>O_*</c>); unknown bits are rejected with <c>-EINVAL</c>, unlike <c>openat</c>.</summary>
    public ulong Flags;

    /// <summary>File mode for <c>O_CREAT</c>/<c>O_TMPFILE</c>; must be 0 otherwise (<c>-EINVAL</c>).</summary>
    public ulong Mode;

    /// <summary>Path-resolution restrictions.</summary>
    public ResolveFlags Resolve;

    /// <summary>Describes an <c>openat2</c> request.</summary>
    public OpenHow(OpenFlags flags, UnixFileMode mode = UnixFileMode.None, ResolveFlags resolve = ResolveFlags.None)
    {
        Flags = (ulong)flags;
        Mode = (ulong)mode;
        Resolve = resolve;
    }
}
