using System.Runtime.InteropServices;

namespace Uring.Interop;

/// <summary>
/// <c>struct io_uring_buf</c> (16 bytes): one entry of a provided-buffer ring. The ring's tail (u16)
/// overlays <see cref="Reserved"/> of entry 0, so entries are written member by member, never as a whole.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct IoUringBuf
{
    /// <summary><c>addr</c> (+0).</summary>
    [FieldOffset(0)] public ulong Address;
    /// <summary><c>len</c> (+8).</summary>
    [FieldOffset(8)] public uint Length;
    /// <summary><c>bid</c> (+12).</summary>
    [FieldOffset(12)] public ushort BufferId;
    /// <summary><c>resv</c> (+14); in entry 0 these bytes are the ring tail.</summary>
    [FieldOffset(14)] public ushort Reserved;

    /// <summary>Byte offset of the ring tail inside the ring.</summary>
    public const int TailOffset = 14;
}

/// <summary>
/// <c>struct io_uring_buf_reg</c> (40 bytes), the argument of <c>IORING_(UN)REGISTER_PBUF_RING</c>. Every
/// byte not set here must stay zero (the kernel rejects nonzero reserved bytes with EINVAL).
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 40)]
internal struct BufRingRegistration
{
    /// <summary><c>ring_addr</c> (+0); 0 with <c>IOU_PBUF_RING_MMAP</c>.</summary>
    [FieldOffset(0)] public ulong RingAddress;
    /// <summary><c>ring_entries</c> (+8), a power of two up to 32768.</summary>
    [FieldOffset(8)] public uint RingEntries;
    /// <summary><c>bgid</c> (+12).</summary>
    [FieldOffset(12)] public ushort GroupId;
    /// <summary><c>flags</c> (+14): <c>IOU_PBUF_RING_*</c>.</summary>
    [FieldOffset(14)] public ushort Flags;
    /// <summary>
    /// <c>min_left</c> (+16) on this 6.18.44 kernel (a backport; mainline 6.18.0 has reserved bytes here):
    /// accepted only with <c>IOU_PBUF_RING_INC</c>.
    /// </summary>
    [FieldOffset(16)] public uint MinLeft;
}

/// <summary><c>struct io_uring_buf_status</c> (40 bytes), the argument of <c>IORING_REGISTER_PBUF_STATUS</c>.</summary>
[StructLayout(LayoutKind.Explicit, Size = 40)]
internal struct BufRingStatus
{
    /// <summary><c>buf_group</c> (+0, in).</summary>
    [FieldOffset(0)] public uint GroupId;
    /// <summary><c>head</c> (+4, out): the kernel's consumer position.</summary>
    [FieldOffset(4)] public uint Head;
}
