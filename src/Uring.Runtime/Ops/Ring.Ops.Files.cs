using System;
using System.IO;
using static Uring.SqeField;

namespace Uring;

public sealed partial class Ring
{
    /// <summary>
    /// Opens a file, like <c>openat(2)</c> (<c>IORING_OP_OPENAT</c>). <paramref name="path"/> is staged as
    /// UTF-8 (a NUL or more than 4095 bytes throws <see cref="ArgumentException"/> before anything is
    /// queued). Result: the new fd.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.OpenAt)]
    public partial bool PrepareOpenAt(
        SqeContext context,
        [Sqe(Fd)] int directoryFd,
        [Sqe(Addr)] ReadOnlySpan<char> path,
        [Sqe(OpFlags)] OpenFlags flags,
        [Sqe(Len)] UnixFileMode mode = UnixFileMode.None,
        in OpOptions options = default);

    /// <summary>Closes a file descriptor, like <c>close(2)</c> (<c>IORING_OP_CLOSE</c>). Result: 0.</summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Close)]
    public partial bool PrepareClose(
        SqeContext context,
        [Sqe(Fd)] int fd,
        in OpOptions options = default);

    /// <summary>
    /// Closes registered-file slot <paramref name="slot"/> (a direct descriptor, <c>IORING_OP_CLOSE</c> with
    /// <c>fd</c> = 0 and <c>file_index</c> = slot + 1), leaving the slot empty. Result: 0, or <c>-EBADF</c>
    /// if the slot is empty.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Close)]
    public partial bool PrepareCloseDirect(
        SqeContext context,
        [Sqe(FileIndex, Bias = 1)] uint slot,
        in OpOptions options = default);

    /// <summary>
    /// Reads file status, like <c>statx(2)</c> (<c>IORING_OP_STATX</c>). The kernel writes
    /// <paramref name="result"/> at completion, so it must not move until then (native memory or a pinned
    /// array). Result: 0.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Statx)]
    public partial bool PrepareStatx(
        SqeContext context,
        [Sqe(Fd)] int directoryFd,
        [Sqe(Addr)] ReadOnlySpan<char> path,
        [Sqe(Addr2, NotEmpty = true)] Span<Statx> result,
        [Sqe(Len)] StatxMask mask = StatxMask.BasicStats,
        [Sqe(OpFlags)] AtFlags flags = AtFlags.None,
        in OpOptions options = default);
}
