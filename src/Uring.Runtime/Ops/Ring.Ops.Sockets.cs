using System;
using static Uring.SqeField;

namespace Uring;

// Sockets and socket I/O. Direct-descriptor variants write file_index = slot + 1, or
// uint.MaxValue (IORING_FILE_INDEX_ALLOC), whose CQE result is the 0-based slot. Ops whose ioprio holds
// io_uring's own flags (accept, send, recv and the zero-copy sends) set it themselves, so
// OpOptions.IoPriority does not reach them. A direct socket is closed with PrepareCloseDirect (fd 0,
// file_index = slot + 1): CLOSE with IOSQE_FIXED_FILE fails with EBADF on Linux 6.18.
public sealed partial class Ring
{
    /// <summary>
    /// Creates a socket, like <c>socket(2)</c> (<c>IORING_OP_SOCKET</c>): <paramref name="domain"/> in
    /// <c>fd</c>, <paramref name="type"/> (a <see cref="SocketKind"/> with optional
    /// <see cref="SocketKind.NonBlock"/>/<see cref="SocketKind.CloseOnExec"/>) in <c>off</c>,
    /// <paramref name="protocol"/> in <c>len</c>. Result: the new fd.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Socket)]
    public partial bool PrepareSocket(
        SqeContext context,
        [Sqe(Fd)] SocketDomain domain,
        [Sqe(Off)] SocketKind type,
        [Sqe(Len)] SocketProtocol protocol = SocketProtocol.Default,
        in OpOptions options = default);

    /// <summary>
    /// Creates a socket in registered-file slot <paramref name="slot"/> (<c>IORING_OP_SOCKET</c>,
    /// <c>file_index</c> = slot + 1), replacing what the slot held. <paramref name="type"/> must not have
    /// <see cref="SocketKind.CloseOnExec"/> (EINVAL). Result: 0.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Socket)]
    public partial bool PrepareSocketDirect(
        SqeContext context,
        [Sqe(Fd)] SocketDomain domain,
        [Sqe(Off)] SocketKind type,
        [Sqe(Len)] SocketProtocol protocol,
        [Sqe(FileIndex, Bias = 1)] uint slot,
        in OpOptions options = default);

    /// <summary>
    /// Creates a socket in a free registered-file slot the kernel picks (<c>IORING_OP_SOCKET</c>,
    /// <c>IORING_FILE_INDEX_ALLOC</c>; see <see cref="SetFileAllocRange"/>). <paramref name="type"/> must not
    /// have <see cref="SocketKind.CloseOnExec"/>. Result: the 0-based slot, <c>-ENFILE</c> when none is free.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Socket, FileIndex = uint.MaxValue)]
    public partial bool PrepareSocketDirectAlloc(
        SqeContext context,
        [Sqe(Fd)] SocketDomain domain,
        [Sqe(Off)] SocketKind type,
        [Sqe(Len)] SocketProtocol protocol,
        in OpOptions options = default);

    /// <summary>
    /// Creates a TCP/IPv4 socket: <c>socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_TCP)</c>
    /// (<c>IORING_OP_SOCKET</c>). Result: the new fd.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Socket, Fd = (int)SocketDomain.IPv4, Off = (long)(SocketKind.Stream | SocketKind.CloseOnExec), Len = (uint)SocketProtocol.Tcp)]
    public partial bool PrepareTcp4Socket(SqeContext context, in OpOptions options = default);

    /// <summary>
    /// Creates a TCP/IPv6 socket: <c>socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_TCP)</c>
    /// (<c>IORING_OP_SOCKET</c>). Result: the new fd.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Socket, Fd = (int)SocketDomain.IPv6, Off = (long)(SocketKind.Stream | SocketKind.CloseOnExec), Len = (uint)SocketProtocol.Tcp)]
    public partial bool PrepareTcp6Socket(SqeContext context, in OpOptions options = default);

    /// <summary>
    /// Creates a UDP/IPv4 socket: <c>socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDP)</c>
    /// (<c>IORING_OP_SOCKET</c>). Result: the new fd.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Socket, Fd = (int)SocketDomain.IPv4, Off = (long)(SocketKind.Datagram | SocketKind.CloseOnExec), Len = (uint)SocketProtocol.Udp)]
    public partial bool PrepareUdp4Socket(SqeContext context, in OpOptions options = default);

    /// <summary>
    /// Creates a UDP/IPv6 socket: <c>socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDP)</c>
    /// (<c>IORING_OP_SOCKET</c>). Result: the new fd.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Socket, Fd = (int)SocketDomain.IPv6, Off = (long)(SocketKind.Datagram | SocketKind.CloseOnExec), Len = (uint)SocketProtocol.Udp)]
    public partial bool PrepareUdp6Socket(SqeContext context, in OpOptions options = default);

    /// <summary>
    /// Creates a UDP-Lite/IPv4 socket: <c>socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDPLITE)</c>
    /// (<c>IORING_OP_SOCKET</c>). Result: the new fd;
    /// <c>-EPROTONOSUPPORT</c> or <c>-ESOCKTNOSUPPORT</c> where the kernel lacks the protocol.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Socket, Fd = (int)SocketDomain.IPv4, Off = (long)(SocketKind.Datagram | SocketKind.CloseOnExec), Len = (uint)SocketProtocol.UdpLite)]
    public partial bool PrepareUdpLite4Socket(SqeContext context, in OpOptions options = default);

    /// <summary>
    /// Creates a UDP-Lite/IPv6 socket: <c>socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDPLITE)</c>
    /// (<c>IORING_OP_SOCKET</c>). Result: the new fd;
    /// <c>-EPROTONOSUPPORT</c> or <c>-ESOCKTNOSUPPORT</c> where the kernel lacks the protocol.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Socket, Fd = (int)SocketDomain.IPv6, Off = (long)(SocketKind.Datagram | SocketKind.CloseOnExec), Len = (uint)SocketProtocol.UdpLite)]
    public partial bool PrepareUdpLite6Socket(SqeContext context, in OpOptions options = default);

    /// <summary>
    /// Creates an SCTP/IPv4 socket (one-to-many style): <c>socket(AF_INET, SOCK_SEQPACKET | SOCK_CLOEXEC, IPPROTO_SCTP)</c>
    /// (<c>IORING_OP_SOCKET</c>). Result: the new fd;
    /// <c>-EPROTONOSUPPORT</c> or <c>-ESOCKTNOSUPPORT</c> where the kernel lacks the protocol.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Socket, Fd = (int)SocketDomain.IPv4, Off = (long)(SocketKind.SeqPacket | SocketKind.CloseOnExec), Len = (uint)SocketProtocol.Sctp)]
    public partial bool PrepareSctp4Socket(SqeContext context, in OpOptions options = default);

    /// <summary>
    /// Creates an SCTP/IPv6 socket (one-to-many style): <c>socket(AF_INET6, SOCK_SEQPACKET | SOCK_CLOEXEC, IPPROTO_SCTP)</c>
    /// (<c>IORING_OP_SOCKET</c>). Result: the new fd;
    /// <c>-EPROTONOSUPPORT</c> or <c>-ESOCKTNOSUPPORT</c> where the kernel lacks the protocol.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Socket, Fd = (int)SocketDomain.IPv6, Off = (long)(SocketKind.SeqPacket | SocketKind.CloseOnExec), Len = (uint)SocketProtocol.Sctp)]
    public partial bool PrepareSctp6Socket(SqeContext context, in OpOptions options = default);

    /// <summary>
    /// Creates a Unix-domain SOCK_SEQPACKET socket: <c>socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0)</c>
    /// (<c>IORING_OP_SOCKET</c>). Result: the new fd.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Socket, Fd = (int)SocketDomain.Unix, Off = (long)(SocketKind.SeqPacket | SocketKind.CloseOnExec), Len = (uint)SocketProtocol.Default)]
    public partial bool PrepareUnixSocket(SqeContext context, in OpOptions options = default);

    /// <summary>
    /// Creates a TCP/IPv4 socket in registered-file slot <paramref name="slot"/>: <c>socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, IPPROTO_TCP)</c>
    /// as a direct descriptor (<c>IORING_OP_SOCKET</c>, <c>file_index</c> = slot + 1). Use it with
    /// <see cref="OpOptions.FixedFile"/>. Result: 0.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Socket, Fd = (int)SocketDomain.IPv4, Off = (long)(SocketKind.Stream | SocketKind.NonBlock), Len = (uint)SocketProtocol.Tcp)]
    public partial bool PrepareTcp4SocketDirect(SqeContext context, [Sqe(FileIndex, Bias = 1)] uint slot, in OpOptions options = default);

    /// <summary>
    /// Creates a TCP/IPv4 socket in a free registered-file slot the kernel picks: <c>socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, IPPROTO_TCP)</c>
    /// with <c>IORING_FILE_INDEX_ALLOC</c> (<c>IORING_OP_SOCKET</c>). Result: the 0-based slot.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Socket, Fd = (int)SocketDomain.IPv4, Off = (long)(SocketKind.Stream | SocketKind.NonBlock), Len = (uint)SocketProtocol.Tcp, FileIndex = uint.MaxValue)]
    public partial bool PrepareTcp4SocketDirectAlloc(SqeContext context, in OpOptions options = default);

    /// <summary>
    /// Creates a TCP/IPv6 socket in registered-file slot <paramref name="slot"/>: <c>socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK, IPPROTO_TCP)</c>
    /// as a direct descriptor (<c>IORING_OP_SOCKET</c>, <c>file_index</c> = slot + 1). Use it with
    /// <see cref="OpOptions.FixedFile"/>. Result: 0.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Socket, Fd = (int)SocketDomain.IPv6, Off = (long)(SocketKind.Stream | SocketKind.NonBlock), Len = (uint)SocketProtocol.Tcp)]
    public partial bool PrepareTcp6SocketDirect(SqeContext context, [Sqe(FileIndex, Bias = 1)] uint slot, in OpOptions options = default);

    /// <summary>
    /// Creates a TCP/IPv6 socket in a free registered-file slot the kernel picks: <c>socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK, IPPROTO_TCP)</c>
    /// with <c>IORING_FILE_INDEX_ALLOC</c> (<c>IORING_OP_SOCKET</c>). Result: the 0-based slot.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Socket, Fd = (int)SocketDomain.IPv6, Off = (long)(SocketKind.Stream | SocketKind.NonBlock), Len = (uint)SocketProtocol.Tcp, FileIndex = uint.MaxValue)]
    public partial bool PrepareTcp6SocketDirectAlloc(SqeContext context, in OpOptions options = default);

    /// <summary>
    /// Creates a UDP/IPv4 socket in registered-file slot <paramref name="slot"/>: <c>socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, IPPROTO_UDP)</c>
    /// as a direct descriptor (<c>IORING_OP_SOCKET</c>, <c>file_index</c> = slot + 1). Use it with
    /// <see cref="OpOptions.FixedFile"/>. Result: 0.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Socket, Fd = (int)SocketDomain.IPv4, Off = (long)(SocketKind.Datagram | SocketKind.NonBlock), Len = (uint)SocketProtocol.Udp)]
    public partial bool PrepareUdp4SocketDirect(SqeContext context, [Sqe(FileIndex, Bias = 1)] uint slot, in OpOptions options = default);

    /// <summary>
    /// Creates a UDP/IPv4 socket in a free registered-file slot the kernel picks: <c>socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, IPPROTO_UDP)</c>
    /// with <c>IORING_FILE_INDEX_ALLOC</c> (<c>IORING_OP_SOCKET</c>). Result: the 0-based slot.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Socket, Fd = (int)SocketDomain.IPv4, Off = (long)(SocketKind.Datagram | SocketKind.NonBlock), Len = (uint)SocketProtocol.Udp, FileIndex = uint.MaxValue)]
    public partial bool PrepareUdp4SocketDirectAlloc(SqeContext context, in OpOptions options = default);

    /// <summary>
    /// Creates a UDP/IPv6 socket in registered-file slot <paramref name="slot"/>: <c>socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK, IPPROTO_UDP)</c>
    /// as a direct descriptor (<c>IORING_OP_SOCKET</c>, <c>file_index</c> = slot + 1). Use it with
    /// <see cref="OpOptions.FixedFile"/>. Result: 0.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Socket, Fd = (int)SocketDomain.IPv6, Off = (long)(SocketKind.Datagram | SocketKind.NonBlock), Len = (uint)SocketProtocol.Udp)]
    public partial bool PrepareUdp6SocketDirect(SqeContext context, [Sqe(FileIndex, Bias = 1)] uint slot, in OpOptions options = default);

    /// <summary>
    /// Creates a UDP/IPv6 socket in a free registered-file slot the kernel picks: <c>socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK, IPPROTO_UDP)</c>
    /// with <c>IORING_FILE_INDEX_ALLOC</c> (<c>IORING_OP_SOCKET</c>). Result: the 0-based slot.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Socket, Fd = (int)SocketDomain.IPv6, Off = (long)(SocketKind.Datagram | SocketKind.NonBlock), Len = (uint)SocketProtocol.Udp, FileIndex = uint.MaxValue)]
    public partial bool PrepareUdp6SocketDirectAlloc(SqeContext context, in OpOptions options = default);

    /// <summary>
    /// Creates a UDP-Lite/IPv4 socket in registered-file slot <paramref name="slot"/>: <c>socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, IPPROTO_UDPLITE)</c>
    /// as a direct descriptor (<c>IORING_OP_SOCKET</c>, <c>file_index</c> = slot + 1). Use it with
    /// <see cref="OpOptions.FixedFile"/>. Result: 0.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Socket, Fd = (int)SocketDomain.IPv4, Off = (long)(SocketKind.Datagram | SocketKind.NonBlock), Len = (uint)SocketProtocol.UdpLite)]
    public partial bool PrepareUdpLite4SocketDirect(SqeContext context, [Sqe(FileIndex, Bias = 1)] uint slot, in OpOptions options = default);

    /// <summary>
    /// Creates a UDP-Lite/IPv4 socket in a free registered-file slot the kernel picks: <c>socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, IPPROTO_UDPLITE)</c>
    /// with <c>IORING_FILE_INDEX_ALLOC</c> (<c>IORING_OP_SOCKET</c>). Result: the 0-based slot.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Socket, Fd = (int)SocketDomain.IPv4, Off = (long)(SocketKind.Datagram | SocketKind.NonBlock), Len = (uint)SocketProtocol.UdpLite, FileIndex = uint.MaxValue)]
    public partial bool PrepareUdpLite4SocketDirectAlloc(SqeContext context, in OpOptions options = default);

    /// <summary>
    /// Creates a UDP-Lite/IPv6 socket in registered-file slot <paramref name="slot"/>: <c>socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK, IPPROTO_UDPLITE)</c>
    /// as a direct descriptor (<c>IORING_OP_SOCKET</c>, <c>file_index</c> = slot + 1). Use it with
    /// <see cref="OpOptions.FixedFile"/>. Result: 0.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Socket, Fd = (int)SocketDomain.IPv6, Off = (long)(SocketKind.Datagram | SocketKind.NonBlock), Len = (uint)SocketProtocol.UdpLite)]
    public partial bool PrepareUdpLite6SocketDirect(SqeContext context, [Sqe(FileIndex, Bias = 1)] uint slot, in OpOptions options = default);

    /// <summary>
    /// Creates a UDP-Lite/IPv6 socket in a free registered-file slot the kernel picks: <c>socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK, IPPROTO_UDPLITE)</c>
    /// with <c>IORING_FILE_INDEX_ALLOC</c> (<c>IORING_OP_SOCKET</c>). Result: the 0-based slot.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Socket, Fd = (int)SocketDomain.IPv6, Off = (long)(SocketKind.Datagram | SocketKind.NonBlock), Len = (uint)SocketProtocol.UdpLite, FileIndex = uint.MaxValue)]
    public partial bool PrepareUdpLite6SocketDirectAlloc(SqeContext context, in OpOptions options = default);

    /// <summary>
    /// Creates an SCTP/IPv4 socket (one-to-many style) in registered-file slot <paramref name="slot"/>: <c>socket(AF_INET, SOCK_SEQPACKET | SOCK_NONBLOCK, IPPROTO_SCTP)</c>
    /// as a direct descriptor (<c>IORING_OP_SOCKET</c>, <c>file_index</c> = slot + 1). Use it with
    /// <see cref="OpOptions.FixedFile"/>. Result: 0.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Socket, Fd = (int)SocketDomain.IPv4, Off = (long)(SocketKind.SeqPacket | SocketKind.NonBlock), Len = (uint)SocketProtocol.Sctp)]
    public partial bool PrepareSctp4SocketDirect(SqeContext context, [Sqe(FileIndex, Bias = 1)] uint slot, in OpOptions options = default);

    /// <summary>
    /// Creates an SCTP/IPv4 socket (one-to-many style) in a free registered-file slot the kernel picks: <c>socket(AF_INET, SOCK_SEQPACKET | SOCK_NONBLOCK, IPPROTO_SCTP)</c>
    /// with <c>IORING_FILE_INDEX_ALLOC</c> (<c>IORING_OP_SOCKET</c>). Result: the 0-based slot.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Socket, Fd = (int)SocketDomain.IPv4, Off = (long)(SocketKind.SeqPacket | SocketKind.NonBlock), Len = (uint)SocketProtocol.Sctp, FileIndex = uint.MaxValue)]
    public partial bool PrepareSctp4SocketDirectAlloc(SqeContext context, in OpOptions options = default);

    /// <summary>
    /// Creates an SCTP/IPv6 socket (one-to-many style) in registered-file slot <paramref name="slot"/>: <c>socket(AF_INET6, SOCK_SEQPACKET | SOCK_NONBLOCK, IPPROTO_SCTP)</c>
    /// as a direct descriptor (<c>IORING_OP_SOCKET</c>, <c>file_index</c> = slot + 1). Use it with
    /// <see cref="OpOptions.FixedFile"/>. Result: 0.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Socket, Fd = (int)SocketDomain.IPv6, Off = (long)(SocketKind.SeqPacket | SocketKind.NonBlock), Len = (uint)SocketProtocol.Sctp)]
    public partial bool PrepareSctp6SocketDirect(SqeContext context, [Sqe(FileIndex, Bias = 1)] uint slot, in OpOptions options = default);

    /// <summary>
    /// Creates an SCTP/IPv6 socket (one-to-many style) in a free registered-file slot the kernel picks: <c>socket(AF_INET6, SOCK_SEQPACKET | SOCK_NONBLOCK, IPPROTO_SCTP)</c>
    /// with <c>IORING_FILE_INDEX_ALLOC</c> (<c>IORING_OP_SOCKET</c>). Result: the 0-based slot.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Socket, Fd = (int)SocketDomain.IPv6, Off = (long)(SocketKind.SeqPacket | SocketKind.NonBlock), Len = (uint)SocketProtocol.Sctp, FileIndex = uint.MaxValue)]
    public partial bool PrepareSctp6SocketDirectAlloc(SqeContext context, in OpOptions options = default);

    /// <summary>
    /// Creates a Unix-domain SOCK_SEQPACKET socket in registered-file slot <paramref name="slot"/>: <c>socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK, 0)</c>
    /// as a direct descriptor (<c>IORING_OP_SOCKET</c>, <c>file_index</c> = slot + 1). Use it with
    /// <see cref="OpOptions.FixedFile"/>. Result: 0.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Socket, Fd = (int)SocketDomain.Unix, Off = (long)(SocketKind.SeqPacket | SocketKind.NonBlock), Len = (uint)SocketProtocol.Default)]
    public partial bool PrepareUnixSocketDirect(SqeContext context, [Sqe(FileIndex, Bias = 1)] uint slot, in OpOptions options = default);

    /// <summary>
    /// Creates a Unix-domain SOCK_SEQPACKET socket in a free registered-file slot the kernel picks: <c>socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK, 0)</c>
    /// with <c>IORING_FILE_INDEX_ALLOC</c> (<c>IORING_OP_SOCKET</c>). Result: the 0-based slot.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Socket, Fd = (int)SocketDomain.Unix, Off = (long)(SocketKind.SeqPacket | SocketKind.NonBlock), Len = (uint)SocketProtocol.Default, FileIndex = uint.MaxValue)]
    public partial bool PrepareUnixSocketDirectAlloc(SqeContext context, in OpOptions options = default);
}
