using System.Runtime.InteropServices;

namespace Uring.Interop;

/// <summary><c>struct io_uring_query_hdr</c> (40 bytes): one link of an <c>IORING_REGISTER_QUERY</c> chain.</summary>
[StructLayout(LayoutKind.Explicit, Size = 40)]
internal struct QueryHeader
{
    /// <summary>+0: the next header, or 0.</summary>
    [FieldOffset(0)] public ulong NextEntry;

    /// <summary>+8: the answer buffer.</summary>
    [FieldOffset(8)] public ulong QueryData;

    /// <summary>+16: <c>IO_URING_QUERY_*</c>.</summary>
    [FieldOffset(16)] public uint QueryOp;

    /// <summary>+20: the answer buffer's size in; the bytes written out.</summary>
    [FieldOffset(20)] public uint Size;

    /// <summary>+24: 0, or <c>-errno</c> for this query alone.</summary>
    [FieldOffset(24)] public int Result;
}

/// <summary><c>struct io_uring_query_opcode</c> (48 bytes), the answer to <c>IO_URING_QUERY_OPCODES</c>.</summary>
[StructLayout(LayoutKind.Explicit, Size = 48)]
internal struct QueryOpcodes
{
    [FieldOffset(0)] public uint RequestOpcodes;
    [FieldOffset(4)] public uint RegisterOpcodes;
    [FieldOffset(8)] public ulong FeatureFlags;
    [FieldOffset(16)] public ulong RingSetupFlags;
    [FieldOffset(24)] public ulong EnterFlags;
    [FieldOffset(32)] public ulong SqeFlags;
    [FieldOffset(40)] public uint QueryOpcodeCount;
}

/// <summary><c>IO_URING_QUERY_*</c> operations.</summary>
internal static class QueryOps
{
    /// <summary><c>IO_URING_QUERY_OPCODES</c> (6.18).</summary>
    public const uint Opcodes = 0;
}
