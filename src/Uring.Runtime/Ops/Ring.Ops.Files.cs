using System;
using System.IO;
using static Uring.SqeField;

namespace Uring;

public sealed partial class Ring
{
    /// <summary>
    /// Opens a file, like <c>openat(2)</c> (<c>IORING_OP_OPENAT</c>). <paramref name="path"/> is staged as
    /// UTF-8 (a NUL or more than 4095 bytes throws <see cref="ArgumentException"/> before anything is
    /// queued). <paramref name="target"/> says where the file goes: a process fd, or a registered-file slot
    /// (a "direct descriptor", named by later ops with <see cref="OpOptions.FixedFile"/>; no process fd is
    /// created). For a slot the <see cref="OpenFlags.CloseOnExec"/> bit is not sent (see
    /// <see cref="FileTarget"/>). Result: the new fd for <see cref="FileTarget.Descriptor"/>, 0 for
    /// <see cref="FileTarget.Slot(uint)"/>, the 0-based slot for <see cref="FileTarget.AnySlot"/>
    /// (<c>-ENFILE</c> when the table or its allocation range is full).
    /// </summary>
    [UringOp(IoUringOp.OpenAt)]
    public partial bool TryPrepareOpenAt(
        SqeContext context,
        [Sqe(Fd)] int directoryFd,
        [Sqe(Addr)] ReadOnlySpan<char> path,
        [Sqe(OpFlags, CarriesCloseOnExec = true)] OpenFlags flags,
        [Sqe(Len)] UnixFileMode mode = UnixFileMode.None,
        [Sqe(FileIndex)] FileTarget target = default,
        in OpOptions options = default);

    /// <summary>
    /// Opens a file with resolution controls, like <c>openat2(2)</c> (<c>IORING_OP_OPENAT2</c>).
    /// <paramref name="how"/> is staged (the kernel copies it when it consumes the SQE), and so is
    /// <paramref name="path"/>. Unlike <c>openat</c>, unknown flags and a mode without <c>O_CREAT</c> are
    /// rejected (<c>-EINVAL</c>); <see cref="ResolveFlags.Beneath"/> turns an escape such as <c>../x</c> into
    /// <c>-EXDEV</c>. <paramref name="target"/> says where the file goes, as for
    /// <see cref="TryPrepareOpenAt"/> (for a slot the staged copy's <c>O_CLOEXEC</c> bit is cleared). Result: the
    /// new fd, 0 for a <see cref="FileTarget.Slot(uint)"/>, the 0-based slot for <see cref="FileTarget.AnySlot"/>.
    /// </summary>
    [UringOp(IoUringOp.OpenAt2, Len = OpenHow.Size)]
    public partial bool TryPrepareOpenAt2(
        SqeContext context,
        [Sqe(Fd)] int directoryFd,
        [Sqe(Addr)] ReadOnlySpan<char> path,
        [Sqe(Addr2, Staged = true, CarriesCloseOnExec = true)] in OpenHow how,
        [Sqe(FileIndex)] FileTarget target = default,
        in OpOptions options = default);

    /// <summary>Closes a file descriptor, like <c>close(2)</c> (<c>IORING_OP_CLOSE</c>). Result: 0.</summary>
    [UringOp(IoUringOp.Close)]
    public partial bool TryPrepareClose(
        SqeContext context,
        [Sqe(Fd)] int fd,
        in OpOptions options = default);

    /// <summary>
    /// Closes registered-file slot <paramref name="slot"/> (a direct descriptor, <c>IORING_OP_CLOSE</c> with
    /// <c>fd</c> = 0 and <c>file_index</c> = slot + 1), leaving the slot empty. Result: 0, or <c>-EBADF</c>
    /// if the slot is empty.
    /// </summary>
    [UringOp(IoUringOp.Close)]
    public partial bool TryPrepareCloseDirect(
        SqeContext context,
        [Sqe(FileIndex, Bias = 1)] uint slot,
        in OpOptions options = default);

    /// <summary>
    /// Reads file status, like <c>statx(2)</c> (<c>IORING_OP_STATX</c>). The kernel writes
    /// <paramref name="result"/> at completion, so it must not move until then (native memory or a pinned
    /// array). Result: 0.
    /// </summary>
    [UringOp(IoUringOp.Statx)]
    public partial bool TryPrepareStatx(
        SqeContext context,
        [Sqe(Fd)] int directoryFd,
        [Sqe(Addr)] ReadOnlySpan<char> path,
        [Sqe(Addr2, NotEmpty = true)] [HeldUntilCompletion] Span<Statx> result,
        [Sqe(Len)] StatxMask mask = StatxMask.BasicStats,
        [Sqe(OpFlags)] AtFlags flags = AtFlags.None,
        in OpOptions options = default);

    /// <summary>
    /// Allocates or manipulates file space, like <c>fallocate(2)</c> (<c>IORING_OP_FALLOCATE</c>; note the
    /// SQE carries the length in <c>addr</c> and the mode in <c>len</c>). Result: 0.
    /// A failure here does not break an <see cref="OpOptions.Linked"/> chain on Linux 6.18 (the kernel sets
    /// the result without failing the request), so the next linked request still runs.
    /// </summary>
    [UringOp(IoUringOp.Fallocate)]
    public partial bool TryPrepareFallocate(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Off)] long offset,
        [Sqe(Addr)] long length,
        [Sqe(Len)] FallocateMode mode = FallocateMode.None,
        in OpOptions options = default);

    /// <summary>
    /// Sets a file's size, like <c>ftruncate(2)</c> (<c>IORING_OP_FTRUNCATE</c>, 6.9). Result: 0.
    /// A failure here does not break an <see cref="OpOptions.Linked"/> chain on Linux 6.18 (the kernel sets
    /// the result without failing the request), so the next linked request still runs.
    /// </summary>
    [UringOp(IoUringOp.Ftruncate)]
    public partial bool TryPrepareFtruncate(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Off)] long length,
        in OpOptions options = default);

    /// <summary>
    /// Starts and/or waits for writeback of a file range, like <c>sync_file_range(2)</c>
    /// (<c>IORING_OP_SYNC_FILE_RANGE</c>). The SQE holds a 32-bit length; 0 means "to the end of the file".
    /// Result: 0.
    /// A failure here does not break an <see cref="OpOptions.Linked"/> chain on Linux 6.18 (the kernel sets
    /// the result without failing the request), so the next linked request still runs.
    /// </summary>
    [UringOp(IoUringOp.SyncFileRange)]
    public partial bool TryPrepareSyncFileRange(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Off)] long offset,
        [Sqe(Len)] uint length,
        [Sqe(OpFlags)] SyncFileRangeFlags flags,
        in OpOptions options = default);

    /// <summary>
    /// Declares an access pattern for a file range, like <c>posix_fadvise(2)</c> (<c>IORING_OP_FADVISE</c>).
    /// Uses the 64-bit form (length in <c>addr</c>, <c>len</c> = 0), which Linux 6.18 reads before the old
    /// 32-bit <c>len</c>, so ranges over 4 GiB work; length 0 means "to the end of the file". Result: 0.
    /// </summary>
    [UringOp(IoUringOp.Fadvise)]
    public partial bool TryPrepareFadvise(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Off)] long offset,
        [Sqe(Addr)] long length,
        [Sqe(OpFlags)] FileAdvice advice,
        in OpOptions options = default);

    /// <summary>
    /// Advises the kernel about this process's memory, like <c>madvise(2)</c> (<c>IORING_OP_MADVISE</c>), on
    /// <paramref name="length"/> bytes at <paramref name="address"/> (page-aligned, memory the caller owns).
    /// Uses the 64-bit form (length in <c>off</c>, <c>len</c> = 0), which Linux 6.18 reads before the old
    /// 32-bit <c>len</c>. The kernel runs it from a worker thread. Result: 0.
    /// A failure here does not break an <see cref="OpOptions.Linked"/> chain on Linux 6.18 (the kernel sets
    /// the result without failing the request), so the next linked request still runs.
    /// </summary>
    [UringOp(IoUringOp.Madvise, Fd = -1)]
    public partial bool TryPrepareMadvise(
        SqeContext context,
        [Sqe(Addr)] [HeldUntilCompletion] nint address,
        [Sqe(Off)] ulong length,
        [Sqe(OpFlags)] MemoryAdvice advice,
        in OpOptions options = default);

    /// <summary>
    /// Renames a file, like <c>renameat2(2)</c> (<c>IORING_OP_RENAMEAT</c>): the old path is relative to
    /// <paramref name="oldDirectoryFd"/>, the new one to <paramref name="newDirectoryFd"/> (stored in
    /// <c>len</c>). Both paths are staged. Result: 0.
    /// A failure here does not break an <see cref="OpOptions.Linked"/> chain on Linux 6.18 (the kernel sets
    /// the result without failing the request), so the next linked request still runs.
    /// </summary>
    [UringOp(IoUringOp.RenameAt)]
    public partial bool TryPrepareRenameAt(
        SqeContext context,
        [Sqe(Fd)] int oldDirectoryFd,
        [Sqe(Addr)] ReadOnlySpan<char> oldPath,
        [Sqe(Len)] int newDirectoryFd,
        [Sqe(Addr2)] ReadOnlySpan<char> newPath,
        [Sqe(OpFlags)] RenameFlags flags = RenameFlags.None,
        in OpOptions options = default);

    /// <summary>
    /// Removes a file, or with <see cref="AtFlags.RemoveDir"/> an empty directory, like <c>unlinkat(2)</c>
    /// (<c>IORING_OP_UNLINKAT</c>). Any other flag is rejected with <c>-EINVAL</c>. Result: 0.
    /// A failure here does not break an <see cref="OpOptions.Linked"/> chain on Linux 6.18 (the kernel sets
    /// the result without failing the request), so the next linked request still runs.
    /// </summary>
    [UringOp(IoUringOp.UnlinkAt)]
    public partial bool TryPrepareUnlinkAt(
        SqeContext context,
        [Sqe(Fd)] int directoryFd,
        [Sqe(Addr)] ReadOnlySpan<char> path,
        [Sqe(OpFlags)] AtFlags flags = AtFlags.None,
        in OpOptions options = default);

    /// <summary>
    /// Creates a directory, like <c>mkdirat(2)</c> (<c>IORING_OP_MKDIRAT</c>); <paramref name="mode"/>
    /// (default 0777) is reduced by the umask. Result: 0.
    /// A failure here does not break an <see cref="OpOptions.Linked"/> chain on Linux 6.18 (the kernel sets
    /// the result without failing the request), so the next linked request still runs.
    /// </summary>
    [UringOp(IoUringOp.MkdirAt)]
    public partial bool TryPrepareMkdirAt(
        SqeContext context,
        [Sqe(Fd)] int directoryFd,
        [Sqe(Addr)] ReadOnlySpan<char> path,
        [Sqe(Len)] UnixFileMode mode = (UnixFileMode)0x1FF,
        in OpOptions options = default);

    /// <summary>
    /// Creates a symbolic link at <paramref name="linkPath"/> (relative to <paramref name="newDirectoryFd"/>)
    /// that points to <paramref name="target"/>, like <c>symlinkat(2)</c> (<c>IORING_OP_SYMLINKAT</c>). The
    /// target is stored as given, not resolved. Both strings are staged. Result: 0.
    /// A failure here does not break an <see cref="OpOptions.Linked"/> chain on Linux 6.18 (the kernel sets
    /// the result without failing the request), so the next linked request still runs.
    /// </summary>
    [UringOp(IoUringOp.SymlinkAt)]
    public partial bool TryPrepareSymlinkAt(
        SqeContext context,
        [Sqe(Addr)] ReadOnlySpan<char> target,
        [Sqe(Fd)] int newDirectoryFd,
        [Sqe(Addr2)] ReadOnlySpan<char> linkPath,
        in OpOptions options = default);

    /// <summary>
    /// Creates a hard link, like <c>linkat(2)</c> (<c>IORING_OP_LINKAT</c>): the new directory fd goes in
    /// <c>len</c>; <see cref="AtFlags.SymlinkFollow"/> links the target of a symbolic link instead of the
    /// link. Both paths are staged. Result: 0.
    /// A failure here does not break an <see cref="OpOptions.Linked"/> chain on Linux 6.18 (the kernel sets
    /// the result without failing the request), so the next linked request still runs.
    /// </summary>
    [UringOp(IoUringOp.LinkAt)]
    public partial bool TryPrepareLinkAt(
        SqeContext context,
        [Sqe(Fd)] int oldDirectoryFd,
        [Sqe(Addr)] ReadOnlySpan<char> oldPath,
        [Sqe(Len)] int newDirectoryFd,
        [Sqe(Addr2)] ReadOnlySpan<char> newPath,
        [Sqe(OpFlags)] AtFlags flags = AtFlags.None,
        in OpOptions options = default);
}
