using System;
using static Uring.SqeField;

namespace Uring;

public sealed partial class Ring
{
    /// <summary>
    /// Moves up to <paramref name="length"/> bytes from <paramref name="inputFd"/> to
    /// <paramref name="outputFd"/> without copying through user space, like <c>splice(2)</c>
    /// (<c>IORING_OP_SPLICE</c>); one side must be a pipe. An offset of -1 uses (and advances) the file
    /// position and is required for a pipe; another value reads/writes a file at that offset without moving
    /// its position. <see cref="SpliceFlags.InputFdFixed"/> makes <paramref name="inputFd"/> a registered-file
    /// slot, <see cref="OpOptions.FixedFile"/> does the same for <paramref name="outputFd"/>. Result: bytes
    /// moved, 0 at end of input.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Splice)]
    public partial bool PrepareSplice(
        SqeContext context,
        [Sqe(SpliceFdIn)] int inputFd,
        [Sqe(Fd)] int outputFd,
        [Sqe(Len)] uint length,
        [Sqe(SpliceOffIn)] long inputOffset = -1,
        [Sqe(Off)] long outputOffset = -1,
        [Sqe(OpFlags)] SpliceFlags flags = SpliceFlags.None,
        in OpOptions options = default);

    /// <summary>
    /// Duplicates up to <paramref name="length"/> bytes from pipe <paramref name="inputFd"/> into pipe
    /// <paramref name="outputFd"/> without consuming them, like <c>tee(2)</c> (<c>IORING_OP_TEE</c>).
    /// Result: bytes duplicated, 0 if the input pipe is empty and has no writers.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Tee)]
    public partial bool PrepareTee(
        SqeContext context,
        [Sqe(SpliceFdIn)] int inputFd,
        [Sqe(Fd)] int outputFd,
        [Sqe(Len)] uint length,
        [Sqe(OpFlags)] SpliceFlags flags = SpliceFlags.None,
        in OpOptions options = default);

    /// <summary>
    /// Creates a pipe, like <c>pipe2(2)</c> (<c>IORING_OP_PIPE</c>, 6.16). The kernel writes the two fds into
    /// <paramref name="result"/> at completion, so it must not move until then. <paramref name="flags"/> may
    /// hold <see cref="OpenFlags.CloseOnExec"/>, <see cref="OpenFlags.NonBlock"/> and
    /// <see cref="OpenFlags.Direct"/> (packet mode). Result: 0.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Pipe)]
    public partial bool PreparePipe(
        SqeContext context,
        [Sqe(Addr, NotEmpty = true)] [HeldUntilCompletion] Span<PipeDescriptors> result,
        [Sqe(OpFlags)] OpenFlags flags = 0,
        in OpOptions options = default);

    /// <summary>
    /// Creates a pipe whose ends become direct descriptors: the read end in registered-file slot
    /// <paramref name="slot"/>, the write end in <paramref name="slot"/> + 1 (<c>IORING_OP_PIPE</c> with
    /// <c>file_index</c> = slot + 1). <see cref="OpenFlags.CloseOnExec"/> is rejected with <c>-EINVAL</c>.
    /// The kernel also writes the two slots into <paramref name="result"/>, which must not move until the
    /// completion. Result: 0.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Pipe)]
    public partial bool PreparePipeDirect(
        SqeContext context,
        [Sqe(Addr, NotEmpty = true)] [HeldUntilCompletion] Span<PipeDescriptors> result,
        [Sqe(FileIndex, Bias = 1)] uint slot,
        [Sqe(OpFlags)] OpenFlags flags = 0,
        in OpOptions options = default);

    /// <summary>
    /// Creates a pipe whose ends go into two free registered-file slots the kernel picks
    /// (<c>IORING_FILE_INDEX_ALLOC</c>); the slots are written into <paramref name="result"/>.
    /// Result: 0.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Pipe, FileIndex = 0xFFFF_FFFF)]
    public partial bool PreparePipeDirectAlloc(
        SqeContext context,
        [Sqe(Addr, NotEmpty = true)] [HeldUntilCompletion] Span<PipeDescriptors> result,
        [Sqe(OpFlags)] OpenFlags flags = 0,
        in OpOptions options = default);
}
