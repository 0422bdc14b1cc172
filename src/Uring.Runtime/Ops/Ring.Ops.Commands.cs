using System;
using static Uring.SqeField;

namespace Uring;

public sealed partial class Ring
{
    /// <summary>
    /// A driver- or protocol-specific command on <paramref name="fd"/> (<c>IORING_OP_URING_CMD</c>:
    /// <c>cmd_op</c> @8 = <paramref name="commandOp"/>, <paramref name="command"/> copied inline into the SQE at
    /// +48). A 64-byte SQE holds 16 bytes of command data, a 128-byte one (<see cref="RingOptions.Sqe128"/>) 80;
    /// longer data throws before anything is queued. <see cref="UringCmdFlags.FixedBuffer"/> with
    /// <paramref name="bufferIndex"/> names a registered buffer. For sockets, <c>cmd_op</c> 0 is
    /// <c>SOCKET_URING_OP_SIOCINQ</c> (result: bytes queued); on Linux 6.18 it works on TCP and UDP sockets but
    /// an <c>AF_UNIX</c> socket (no protocol ioctl) and a file without a command handler give
    /// <c>-EOPNOTSUPP</c>. Result: defined by the command.
    /// </summary>
    [UringOp(IoUringOp.UringCmd)]
    public partial bool TryPrepareUringCmd(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(CmdOp)] uint commandOp,
        [Sqe(Cmd)] ReadOnlySpan<byte> command = default,
        [Sqe(OpFlags)] UringCmdFlags flags = UringCmdFlags.None,
        [Sqe(BufIndex)] ushort bufferIndex = 0,
        in OpOptions options = default);

    /// <summary>
    /// A command with up to 80 bytes of inline data in a 128-byte SQE. The opcode follows the kernel's probe:
    /// where it lists <see cref="IoUringOp.UringCmd128"/> (opcode 64, Linux 6.19) that opcode is used; where it
    /// does not (Linux 6.18) the command goes out as <c>IORING_OP_URING_CMD</c>, which on a ring with 128-byte
    /// SQEs also carries all 80 bytes of <c>cmd[]</c>. Either way the ring needs 128-byte SQEs
    /// (<see cref="RingOptions.Sqe128"/>). Otherwise as <see cref="TryPrepareUringCmd"/>.
    /// </summary>
    /// <exception cref="NotSupportedException">The ring has 64-byte SQEs.</exception>
    /// <exception cref="ArgumentException"><paramref name="command"/> is longer than 80 bytes.</exception>
    [IssuerThreadOnly]
    [GenerateContextOverload]
    public bool TryPrepareUringCmd128(
        SqeContext context,
        int fd,
        uint commandOp,
        ReadOnlySpan<byte> command = default,
        UringCmdFlags flags = UringCmdFlags.None,
        ushort bufferIndex = 0,
        in OpOptions options = default)
    {
        if (Features.SqeBytes != 128)
        {
            throw new NotSupportedException("A 128-byte command needs 128-byte SQEs: create the ring with RingOptions.Sqe128 = true (Uring places only 64-byte entries in a RingOptions.SqeMixed queue).");
        }

        return Features.IsSupported(IoUringOp.UringCmd128)
            ? TryPrepareUringCmd128Core(context, fd, commandOp, command, flags, bufferIndex, options)
            : TryPrepareUringCmd(context, fd, commandOp, command, flags, bufferIndex, options);
    }

    /// <summary>
    /// A no-op in a 128-byte SQE (<c>IORING_OP_NOP128</c>, opcode 63, Linux 6.19+). Linux 6.18 does not have it:
    /// its probe ends at opcode 62, so this throws <see cref="NotSupportedException"/> there instead of queuing a
    /// request the kernel would fail. Needs a ring whose probe lists the opcode and 128-byte SQEs
    /// (<see cref="RingOptions.Sqe128"/>). Result: 0.
    /// </summary>
    /// <exception cref="NotSupportedException">The kernel does not support the opcode, or the ring has 64-byte SQEs.</exception>
    [IssuerThreadOnly]
    [GenerateContextOverload]
    public bool TryPrepareNop128(SqeContext context, in OpOptions options = default)
    {
        if (!Features.IsSupported(IoUringOp.Nop128))
        {
            throw new NotSupportedException(
                $"IORING_OP_NOP128 (63) is not supported by this kernel: its probe ends at opcode {Features.LastOp}. NOP128 is a Linux 6.19 op; use TryPrepareNop.");
        }

        if (Features.SqeBytes != 128)
        {
            throw new NotSupportedException("IORING_OP_NOP128 needs 128-byte SQEs: create the ring with RingOptions.Sqe128 = true (Uring places only 64-byte entries in a RingOptions.SqeMixed queue).");
        }

        return TryPrepareNop128Core(context, options);
    }

    [UringOp(IoUringOp.Nop128, Fd = -1)]
    private partial bool TryPrepareNop128Core(SqeContext context, in OpOptions options);

    [UringOp(IoUringOp.UringCmd128)]
    private partial bool TryPrepareUringCmd128Core(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(CmdOp)] uint commandOp,
        [Sqe(Cmd)] ReadOnlySpan<byte> command,
        [Sqe(OpFlags)] UringCmdFlags flags,
        [Sqe(BufIndex)] ushort bufferIndex,
        in OpOptions options);
}
