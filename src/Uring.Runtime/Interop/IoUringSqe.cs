using System.Runtime.InteropServices;

namespace Uring;

/// <summary>
/// The kernel's 64-byte submission queue entry (<c>struct io_uring_sqe</c>, Linux 6.18 layout).
/// Members that share an offset are the kernel's unions. Prep methods write every field; this type is
/// public for user-declared ops and for inspecting what was submitted.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 64)]
public struct IoUringSqe
{
    /// <summary>Byte size of one SQE (128-byte rings use two of these per slot).</summary>
    public const int Size = 64;

    /// <summary><c>opcode</c> (+0).</summary>
    [FieldOffset(0)] public byte Opcode;
    /// <summary><c>flags</c> (+1): <see cref="SqeFlags"/>.</summary>
    [FieldOffset(1)] public byte Flags;
    /// <summary><c>ioprio</c> (+2): I/O priority, or per-op flags for send/recv/accept.</summary>
    [FieldOffset(2)] public ushort IoPrio;
    /// <summary><c>fd</c> (+4).</summary>
    [FieldOffset(4)] public int Fd;
    /// <summary><c>off</c> (+8).</summary>
    [FieldOffset(8)] public ulong Off;
    /// <summary><c>addr2</c> (+8), the same bytes as <see cref="Off"/>.</summary>
    [FieldOffset(8)] public ulong Addr2;
    /// <summary><c>cmd_op</c> (+8) for URING_CMD.</summary>
    [FieldOffset(8)] public uint CmdOp;
    /// <summary><c>__pad1</c> (+12), must be zero for URING_CMD.</summary>
    [FieldOffset(12)] public uint Pad1;
    /// <summary><c>addr</c> (+16).</summary>
    [FieldOffset(16)] public ulong Addr;
    /// <summary><c>splice_off_in</c> (+16), the same bytes as <see cref="Addr"/>.</summary>
    [FieldOffset(16)] public ulong SpliceOffIn;
    /// <summary><c>level</c> (+16) for socket URING_CMD.</summary>
    [FieldOffset(16)] public uint Level;
    /// <summary><c>optname</c> (+20) for socket URING_CMD.</summary>
    [FieldOffset(20)] public uint OptName;
    /// <summary><c>len</c> (+24).</summary>
    [FieldOffset(24)] public uint Len;
    /// <summary>The +28 per-op flags union (<c>rw_flags</c>, <c>timeout_flags</c>, <c>open_flags</c>, ...).</summary>
    [FieldOffset(28)] public uint OpFlags;
    /// <summary><c>user_data</c> (+32), copied to the CQE.</summary>
    [FieldOffset(32)] public ulong UserData;
    /// <summary><c>buf_index</c> (+40): registered-buffer index.</summary>
    [FieldOffset(40)] public ushort BufIndex;
    /// <summary><c>buf_group</c> (+40): provided-buffer group, the same bytes as <see cref="BufIndex"/>.</summary>
    [FieldOffset(40)] public ushort BufGroup;
    /// <summary><c>personality</c> (+42).</summary>
    [FieldOffset(42)] public ushort Personality;
    /// <summary><c>file_index</c> (+44): direct-descriptor slot + 1, or <c>IORING_FILE_INDEX_ALLOC</c>.</summary>
    [FieldOffset(44)] public uint FileIndex;
    /// <summary><c>splice_fd_in</c> (+44).</summary>
    [FieldOffset(44)] public int SpliceFdIn;
    /// <summary><c>optlen</c> (+44) for socket URING_CMD.</summary>
    [FieldOffset(44)] public uint OptLen;
    /// <summary><c>zcrx_ifq_idx</c> (+44): the zero-copy receive queue (<c>zcrx_id</c>) of <c>IORING_OP_RECV_ZC</c>.</summary>
    [FieldOffset(44)] public uint ZcrxIfqIdx;
    /// <summary><c>addr_len</c> (+44, 16 bits) for send with a destination address.</summary>
    [FieldOffset(44)] public ushort AddrLen;
    /// <summary><c>write_stream</c> (+44, 8 bits), 6.16+; absent from liburing.</summary>
    [FieldOffset(44)] public byte WriteStream;
    /// <summary><c>addr3</c> (+48).</summary>
    [FieldOffset(48)] public ulong Addr3;
    /// <summary><c>optval</c> (+48) for socket URING_CMD.</summary>
    [FieldOffset(48)] public ulong OptVal;
    /// <summary><c>__pad2[0]</c> / <c>attr_type_mask</c> (+56).</summary>
    [FieldOffset(56)] public ulong Pad2;
}

/// <summary>
/// A 128-byte SQE slot (<c>IORING_SETUP_SQE128</c>): the 64-byte SQE, then 64 more bytes that extend the
/// inline command area, so <c>cmd[]</c> spans bytes 48–127 (80 bytes).
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal unsafe struct IoUringSqe128
{
    [FieldOffset(0)] public IoUringSqe Sqe;
    [FieldOffset(64)] public fixed byte Extension[64];
}
