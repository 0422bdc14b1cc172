using System.Runtime.InteropServices;

namespace Uring.Interop;

/// <summary><c>struct io_uring_zcrx_rqe</c> (16 bytes): one refill-queue entry, a chunk handed back to the kernel.</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct ZcrxRefillEntry
{
    /// <summary>+0: the chunk's offset in its area, OR-ed with the area token (<see cref="ZcrxAreaRegister.RqAreaToken"/>).</summary>
    [FieldOffset(0)] public ulong Off;

    /// <summary>+8: the length the completion reported.</summary>
    [FieldOffset(8)] public uint Len;

    /// <summary>+12: <c>__pad</c>, 0.</summary>
    [FieldOffset(12)] public uint Pad;
}

/// <summary><c>struct io_uring_zcrx_cqe</c> (16 bytes): the <c>big_cqe</c> half of a <c>RECV_ZC</c> completion.</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct ZcrxCompletion
{
    /// <summary>+0: the area id in the bits from <see cref="ZcrxConstants.AreaShift"/> up, the offset in the area below.</summary>
    [FieldOffset(0)] public ulong Off;

    /// <summary>+8: <c>__pad</c>.</summary>
    [FieldOffset(8)] public ulong Pad;
}

/// <summary><c>struct io_uring_zcrx_offsets</c> (32 bytes): where the refill queue's parts are in its region (out).</summary>
[StructLayout(LayoutKind.Explicit, Size = 32)]
internal struct ZcrxOffsets
{
    /// <summary>+0: the consumer head (the kernel's).</summary>
    [FieldOffset(0)] public uint Head;

    /// <summary>+4: the producer tail (ours).</summary>
    [FieldOffset(4)] public uint Tail;

    /// <summary>+8: the entry array.</summary>
    [FieldOffset(8)] public uint Rqes;

    /// <summary>+12: <c>__resv2</c>.</summary>
    [FieldOffset(12)] public uint Resv2;
}

/// <summary><c>struct io_uring_zcrx_area_reg</c> (48 bytes): the memory the NIC receives into.</summary>
[StructLayout(LayoutKind.Explicit, Size = 48)]
internal struct ZcrxAreaRegister
{
    /// <summary>+0: the area's address (page aligned).</summary>
    [FieldOffset(0)] public ulong Addr;

    /// <summary>+8: its length (whole pages).</summary>
    [FieldOffset(8)] public ulong Len;

    /// <summary>+16: out: the token refill entries carry (the area id shifted by <see cref="ZcrxConstants.AreaShift"/>).</summary>
    [FieldOffset(16)] public ulong RqAreaToken;

    /// <summary>+24: <see cref="ZcrxConstants.AreaDmaBuf"/> or 0.</summary>
    [FieldOffset(24)] public uint Flags;

    /// <summary>+28: a dma-buf fd with <see cref="ZcrxConstants.AreaDmaBuf"/>.</summary>
    [FieldOffset(28)] public uint DmaBufFd;
}

/// <summary><c>struct io_uring_zcrx_ifq_reg</c> (96 bytes, Linux 6.18): the argument of <c>IORING_REGISTER_ZCRX_IFQ</c>.</summary>
[StructLayout(LayoutKind.Explicit, Size = 96)]
internal struct ZcrxIfqRegister
{
    /// <summary>+0: the interface index.</summary>
    [FieldOffset(0)] public uint IfIndex;

    /// <summary>+4: the receive queue of the interface.</summary>
    [FieldOffset(4)] public uint IfRxQueue;

    /// <summary>+8: refill-queue entries (a power of two).</summary>
    [FieldOffset(8)] public uint RqEntries;

    /// <summary>+12: flags (none in 6.18).</summary>
    [FieldOffset(12)] public uint Flags;

    /// <summary>+16: pointer to the <see cref="ZcrxAreaRegister"/>.</summary>
    [FieldOffset(16)] public ulong AreaPtr;

    /// <summary>+24: pointer to the <see cref="RegionDesc"/> of the refill queue's memory.</summary>
    [FieldOffset(24)] public ulong RegionPtr;

    /// <summary>+32: out: the refill queue's layout.</summary>
    [FieldOffset(32)] public ZcrxOffsets Offsets;

    /// <summary>+64: out: the queue's id, for <c>zcrx_ifq_idx</c> of <c>RECV_ZC</c>.</summary>
    [FieldOffset(64)] public uint ZcrxId;

    /// <summary>+68: <c>__resv2</c> in 6.18, which must be 0 (later kernels: <c>rx_buf_len</c>).</summary>
    [FieldOffset(68)] public uint Resv2;
}

/// <summary>zcrx constants (uapi §6.21).</summary>
internal static class ZcrxConstants
{
    /// <summary><c>IORING_ZCRX_AREA_SHIFT</c>: the area id sits in the offset's bits from here up.</summary>
    public const int AreaShift = 48;

    /// <summary><c>IORING_ZCRX_AREA_MASK</c> = ~((1 &lt;&lt; 48) − 1).</summary>
    public const ulong AreaMask = 0xFFFF_0000_0000_0000;

    /// <summary><c>IORING_ZCRX_AREA_DMABUF</c>.</summary>
    public const uint AreaDmaBuf = 1;

    /// <summary>
    /// Bytes before the entries in the refill queue's region: the kernel puts its head and tail (<c>struct io_uring</c>)
    /// first, cache-line aligned. A page is reserved, as liburing's example does, and the offsets the kernel returns are
    /// what is used.
    /// </summary>
    public const int RefillHeaderBytes = 4096;
}
