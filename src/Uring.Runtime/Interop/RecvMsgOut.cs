using System.Runtime.InteropServices;

namespace Uring;

/// <summary>
/// <c>struct io_uring_recvmsg_out</c> (16 bytes, ../shared/reference/uapi-io_uring.md §6.17): the header a
/// multishot RECVMSG writes at the start of every provided buffer it fills, followed by the name region,
/// the control region and the payload (see <see cref="MultishotMessageLayout"/>).
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct RecvMsgOut
{
    /// <summary>The size of the header.</summary>
    public const int Size = 16;

    /// <summary><c>namelen</c> @0: the source address's full length (it may exceed the name region: truncated).</summary>
    public uint NameLength;

    /// <summary><c>controllen</c> @4: the control bytes written (at most the control region).</summary>
    public uint ControlLength;

    /// <summary><c>payloadlen</c> @8: what the receive returned (with <c>MSG_TRUNC</c> requested, a datagram's full length, which may exceed the payload copied).</summary>
    public uint PayloadLength;

    /// <summary><c>flags</c> @12: the <c>msg_flags</c> of the receive (<c>MSG_TRUNC</c>, <c>MSG_CTRUNC</c>, ...).</summary>
    public uint Flags;
}
