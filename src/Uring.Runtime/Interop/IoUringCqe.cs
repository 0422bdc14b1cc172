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
