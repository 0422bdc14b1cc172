using System;
using static Uring.SqeField;

namespace Uring;

public sealed partial class Ring
{
    /// <summary>
    /// Reads into <paramref name="buffer"/> at <paramref name="offset"/>, like <c>pread(2)</c>
    /// (<c>IORING_OP_READ</c>); offset -1 reads at the file position. Result: bytes read (0 at end of file).
    /// The kernel writes <paramref name="buffer"/> until the completion: it must not move (native memory, a
    /// pinned array).
    /// </summary>
    [UringOp(IoUringOp.Read, Kind = UringOpKind.ReadLike)]
    public partial bool TryPrepareRead(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr, LengthField = Len)] [HeldUntilCompletion] Span<byte> buffer,
        [Sqe(Off)] long offset = -1,
        [Sqe(OpFlags)] ReadWriteFlags flags = ReadWriteFlags.None,
        in OpOptions options = default);

    /// <summary>
    /// Writes <paramref name="buffer"/> at <paramref name="offset"/>, like <c>pwrite(2)</c>
    /// (<c>IORING_OP_WRITE</c>); offset -1 writes at the file position. Result: bytes written. Write-like:
    /// without <see cref="RingOptions.NotifySucceed"/> a success posts no completion. The kernel reads
    /// <paramref name="buffer"/> until the completion.
    /// </summary>
    [UringOp(IoUringOp.Write, Kind = UringOpKind.WriteLike)]
    public partial bool TryPrepareWrite(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr, LengthField = Len)] [HeldUntilCompletion] ReadOnlySpan<byte> buffer,
        [Sqe(Off)] long offset = -1,
        [Sqe(OpFlags)] ReadWriteFlags flags = ReadWriteFlags.None,
        in OpOptions options = default);

    /// <summary>
    /// Vectored read, like <c>preadv2(2)</c> (<c>IORING_OP_READV</c>). The iovec array is copied into the
    /// ring's staging (it may die after this call); the buffers it describes are written until the
    /// completion. Result: bytes read.
    /// </summary>
    [UringOp(IoUringOp.Readv, Kind = UringOpKind.ReadLike)]
    public partial bool TryPrepareReadv(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr, LengthField = Len, Staged = true, NotEmpty = true)] ReadOnlySpan<IoVector> vectors,
        [Sqe(Off)] long offset = -1,
        [Sqe(OpFlags)] ReadWriteFlags flags = ReadWriteFlags.None,
        in OpOptions options = default);

    /// <summary>
    /// Vectored write, like <c>pwritev2(2)</c> (<c>IORING_OP_WRITEV</c>). The iovec array is staged; the
    /// buffers are read until the completion. Write-like. Result: bytes written.
    /// </summary>
    [UringOp(IoUringOp.Writev, Kind = UringOpKind.WriteLike)]
    public partial bool TryPrepareWritev(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr, LengthField = Len, Staged = true, NotEmpty = true)] ReadOnlySpan<IoVector> vectors,
        [Sqe(Off)] long offset = -1,
        [Sqe(OpFlags)] ReadWriteFlags flags = ReadWriteFlags.None,
        in OpOptions options = default);

    /// <summary>
    /// Flushes a file to storage, like <c>fsync(2)</c>, or <c>fdatasync(2)</c> with
    /// <paramref name="dataSync"/> (<c>IORING_OP_FSYNC</c>). Result: 0.
    /// </summary>
    [UringOp(IoUringOp.Fsync)]
    public partial bool TryPrepareFsync(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [SqeFlag(OpFlags, FsyncFlags.DataSync)] bool dataSync = false,
        in OpOptions options = default);
}
