namespace Uring;

/// <summary>
/// <c>BLOCK_URING_CMD_*</c>: the block-device sub-commands of <c>IORING_OP_URING_CMD</c> (the SQE
/// <c>cmd_op</c>), from ../shared/reference/uapi-io_uring.md §7.11 (linux/fs.h: <c>_IO(0x12, n)</c>).
/// </summary>
public enum BlockCommand : uint
{
    /// <summary>
    /// <c>BLOCK_URING_CMD_DISCARD</c> = <c>_IO(0x12, 0)</c> (6.12): discard a byte range (<c>addr</c> = offset,
    /// <c>addr3</c> = length), like <c>ioctl(BLKDISCARD)</c>.
    /// </summary>
    Discard = 0x1200,
}
