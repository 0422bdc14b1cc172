// The one list of SQE field names and numbers. Uring.Generators and Uring.Analyzers compile this file too
// (URING_ROSLYN, as an internal copy: they cannot reference the runtime), so the numbers the generator reads
// from [Sqe] attributes and the names the analyzers report are these.
#if URING_ROSLYN
namespace Uring.Generators.Model;
#else
namespace Uring;
#endif

/// <summary>
/// The SQE members a <see cref="SqeAttribute"/> can target. Names follow <c>struct io_uring_sqe</c>;
/// members that share bytes (the kernel's unions) are listed separately so a declaration says which
/// meaning it uses.
/// </summary>
#if URING_ROSLYN
internal
#else
public
#endif
enum SqeField
{
    /// <summary>Not mapped.</summary>
    None = 0,
    /// <summary><c>flags</c> (+1, u8): <see cref="SqeFlags"/>.</summary>
    Flags,
    /// <summary><c>ioprio</c> (+2, u16).</summary>
    IoPrio,
    /// <summary><c>fd</c> (+4, s32).</summary>
    Fd,
    /// <summary><c>off</c> (+8, u64).</summary>
    Off,
    /// <summary><c>addr2</c> (+8, u64), the bytes of <see cref="Off"/>.</summary>
    Addr2,
    /// <summary><c>cmd_op</c> (+8, u32).</summary>
    CmdOp,
    /// <summary><c>addr</c> (+16, u64).</summary>
    Addr,
    /// <summary><c>splice_off_in</c> (+16, u64), the bytes of <see cref="Addr"/>.</summary>
    SpliceOffIn,
    /// <summary><c>level</c> (+16, u32).</summary>
    Level,
    /// <summary><c>optname</c> (+20, u32).</summary>
    OptName,
    /// <summary><c>len</c> (+24, u32).</summary>
    Len,
    /// <summary>The +28 per-op flags union (u32).</summary>
    OpFlags,
    /// <summary><c>buf_index</c> (+40, u16).</summary>
    BufIndex,
    /// <summary><c>buf_group</c> (+40, u16), the bytes of <see cref="BufIndex"/>.</summary>
    BufGroup,
    /// <summary><c>personality</c> (+42, u16).</summary>
    Personality,
    /// <summary><c>file_index</c> (+44, u32).</summary>
    FileIndex,
    /// <summary><c>splice_fd_in</c> (+44, s32).</summary>
    SpliceFdIn,
    /// <summary><c>optlen</c> (+44, u32).</summary>
    OptLen,
    /// <summary><c>addr_len</c> (+44, u16).</summary>
    AddrLen,
    /// <summary><c>write_stream</c> (+44, u8).</summary>
    WriteStream,
    /// <summary><c>addr3</c> (+48, u64).</summary>
    Addr3,
    /// <summary><c>optval</c> (+48, u64).</summary>
    OptVal,
    /// <summary><c>__pad2[0]</c> / <c>attr_type_mask</c> (+56, u64).</summary>
    Pad2,
    /// <summary>The inline command bytes at +48 (16 bytes, or 80 in a 128-byte SQE).</summary>
    Cmd,
    /// <summary><c>zcrx_ifq_idx</c> (+44, u32): the zero-copy receive queue of <c>IORING_OP_RECV_ZC</c>. Listed after
    /// <see cref="Cmd"/> so the numbers of the earlier members stay as they were.</summary>
    ZcrxIfqIdx,
}
