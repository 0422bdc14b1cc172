using static Uring.SqeField;

namespace Uring;

// Block-device URING_CMD sub-ops.
public sealed partial class Ring
{
    /// <summary>
    /// Discards <paramref name="length"/> bytes at <paramref name="offset"/> of a block device, like
    /// <c>ioctl(BLKDISCARD)</c> (<c>IORING_OP_URING_CMD</c>, <c>BLOCK_URING_CMD_DISCARD</c> = 0x1200 in
    /// <c>cmd_op</c> @8, the offset in <c>addr</c> @16, the length in <c>addr3</c> @48; Linux 6.12). The device
    /// must be open for writing, and both numbers must be multiples of its logical block size (else
    /// <c>-EINVAL</c>); a device without discard support answers <c>-EOPNOTSUPP</c>. What the range reads back
    /// as afterwards is the device's business (a loop device over a sparse file punches a hole: zeros).
    /// Result: 0.
    /// </summary>
    [UringOp(IoUringOp.UringCmd, Off = (long)BlockCommand.Discard)]
    public partial bool TryPrepareBlockDiscard(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr)] ulong offset,
        [Sqe(Addr3)] ulong length,
        in OpOptions options = default);
}
