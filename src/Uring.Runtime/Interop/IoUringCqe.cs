using System.Runtime.InteropServices;

namespace Uring.Interop;

/// <summary>The kernel's 16-byte completion queue entry (<c>struct io_uring_cqe</c>).</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct IoUringCqe
{
    [FieldOffset(0)] public ulong UserData;
    [FieldOffset(8)] public int Res;
    [FieldOffset(12)] public uint Flags;
}

/// <summary>
/// A 32-byte completion (<c>IORING_SETUP_CQE32</c>): the 16-byte CQE plus <c>big_cqe[2]</c>, which carries
/// op-specific data (for NOP with <c>IORING_NOP_CQE32</c>: the SQE's <c>off</c> and <c>addr</c>).
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 32)]
internal struct IoUringCqe32
{
    [FieldOffset(0)] public IoUringCqe Cqe;
    [FieldOffset(16)] public ulong BigCqe0;
    [FieldOffset(24)] public ulong BigCqe1;
}
