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
    [UringOp(IoUringOp.Splice)]
    public partial bool TryPrepareSplice(
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
    [UringOp(IoUringOp.Tee)]
    public partial bool TryPrepareTee(
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
    /// <see cref="OpenFlags.Direct"/> (packet mode). With a slot <paramref name="target"/> the ends become
    /// direct descriptors: <see cref="FileTarget.Slot(uint)"/> puts the read end in slot n and the write end in
    /// slot n + 1; <see cref="FileTarget.AnySlot"/> lets the kernel pick two free slots. <paramref name="result"/>
    /// then receives the two slots, and the <see cref="OpenFlags.CloseOnExec"/> bit is not sent (see
    /// <see cref="FileTarget"/>). Result: 0.
    /// </summary>
    [UringOp(IoUringOp.Pipe)]
    public partial bool TryPreparePipe(
        SqeContext context,
        [Sqe(Addr, NotEmpty = true)] [HeldUntilCompletion] Span<PipeDescriptors> result,
        [Sqe(OpFlags, CarriesCloseOnExec = true)] OpenFlags flags = 0,
        [Sqe(FileIndex)] FileTarget target = default,
        in OpOptions options = default);
}
