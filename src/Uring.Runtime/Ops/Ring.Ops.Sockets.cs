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

    /// <summary>
    /// Binds a socket to <paramref name="address"/>, like <c>bind(2)</c> (<c>IORING_OP_BIND</c>, 6.11). The
    /// address is staged (the kernel copies it when it consumes the SQE). Result: 0.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Bind)]
    public partial bool PrepareBind(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr, Staged = true, LengthField = Off)] in SockAddr address,
        in OpOptions options = default);

    /// <summary>
    /// Marks a bound socket as listening, like <c>listen(2)</c> (<c>IORING_OP_LISTEN</c>, 6.11); the backlog
    /// defaults to 1024 like the reference's. Result: 0.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Listen)]
    public partial bool PrepareListen(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Len)] int backlog = 1024,
        in OpOptions options = default);

    /// <summary>
    /// Accepts a connection, like <c>accept4(2)</c> (<c>IORING_OP_ACCEPT</c>), without reporting the peer
    /// address. The new socket is non-blocking and close-on-exec by default. Result: the new fd.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Accept, IoPrio = 0)]
    public partial bool PrepareAccept(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(OpFlags)] AcceptFlags flags = AcceptFlags.NonBlock | AcceptFlags.CloseOnExec,
        in OpOptions options = default);

    /// <summary>
    /// The accept behind <see cref="PrepareAccept(SqeContext, int, Span{SockAddr}, AcceptFlags, in OpOptions)"/>:
    /// <c>addr</c> = the caller's sockaddr, <c>addr2</c> = its <c>socklen_t</c>, both written at completion.
    /// </summary>
    [UringOp(IoUringOp.Accept, IoPrio = 0)]
    private partial bool PrepareAcceptWithPeer(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr)] nint peer,
        [Sqe(Addr2)] nint peerLength,
        [Sqe(OpFlags)] AcceptFlags flags,
        in OpOptions options);

    /// <summary>
    /// Accepts a connection into registered-file slot <paramref name="slot"/> (<c>IORING_OP_ACCEPT</c>,
    /// <c>file_index</c> = slot + 1). <paramref name="flags"/> must not include
    /// <see cref="AcceptFlags.CloseOnExec"/> (EINVAL). Result: 0.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Accept, IoPrio = 0)]
    public partial bool PrepareAcceptDirect(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(FileIndex, Bias = 1)] uint slot,
        [Sqe(OpFlags)] AcceptFlags flags = AcceptFlags.NonBlock,
        in OpOptions options = default);

    /// <summary>
    /// Accepts a connection into a free registered-file slot the kernel picks (<c>IORING_OP_ACCEPT</c>,
    /// <c>IORING_FILE_INDEX_ALLOC</c>). Result: the 0-based slot, <c>-ENFILE</c> when none is free.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Accept, IoPrio = 0, FileIndex = uint.MaxValue)]
    public partial bool PrepareAcceptDirectAlloc(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(OpFlags)] AcceptFlags flags = AcceptFlags.NonBlock,
        in OpOptions options = default);

    /// <summary>
    /// Multishot accept (<c>IORING_OP_ACCEPT</c> with <c>IORING_ACCEPT_MULTISHOT</c> in <c>ioprio</c>): one
    /// request posts a CQE per accepted connection, each with <see cref="CqeFlags.More"/>, until it is
    /// cancelled or fails; the last CQE has no <c>More</c>. Result of each: the new fd.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Accept, IoPrio = (ushort)AcceptIoFlags.Multishot)]
    public partial bool PrepareAcceptMultishot(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(OpFlags)] AcceptFlags flags = AcceptFlags.NonBlock | AcceptFlags.CloseOnExec,
        in OpOptions options = default);

    /// <summary>
    /// Multishot accept into registered-file slots the kernel picks (<c>IORING_ACCEPT_MULTISHOT</c> with
    /// <c>IORING_FILE_INDEX_ALLOC</c>, the only slot choice the kernel allows for multishot). Each CQE carries
    /// <see cref="CqeFlags.More"/> while the request stays armed. Result of each: the 0-based slot.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Accept, IoPrio = (ushort)AcceptIoFlags.Multishot, FileIndex = uint.MaxValue)]
    public partial bool PrepareAcceptMultishotDirect(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(OpFlags)] AcceptFlags flags = AcceptFlags.NonBlock,
        in OpOptions options = default);

    /// <summary>
    /// Connects a socket to <paramref name="address"/>, like <c>connect(2)</c> (<c>IORING_OP_CONNECT</c>). The
    /// address is staged. Result: 0 once connected (a non-blocking socket still completes only when the
    /// connection is established or fails).
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Connect)]
    public partial bool PrepareConnect(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr, Staged = true, LengthField = Off)] in SockAddr address,
        in OpOptions options = default);

    /// <summary>
    /// Shuts down one or both directions of a connection, like <c>shutdown(2)</c> (<c>IORING_OP_SHUTDOWN</c>).
    /// Result: 0 (<c>-ENOTCONN</c> on an unconnected socket).
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Shutdown)]
    public partial bool PrepareShutdown(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Len)] ShutdownHow how,
        in OpOptions options = default);

    /// <summary>
    /// Sends <paramref name="buffer"/> on a connected socket, like <c>send(2)</c> (<c>IORING_OP_SEND</c>; the
    /// kernel adds <c>MSG_NOSIGNAL</c>). Write-like: without <see cref="RingOptions.NotifySucceed"/> a success
    /// posts no completion. The kernel reads <paramref name="buffer"/> until the completion. Result: bytes
    /// sent (a stream socket may send less than asked unless <see cref="MessageFlags.WaitAll"/>).
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Send, Kind = UringOpKind.WriteLike, IoPrio = 0)]
    public partial bool PrepareSend(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr, LengthField = Len)] ReadOnlySpan<byte> buffer,
        [Sqe(OpFlags)] MessageFlags flags = MessageFlags.None,
        in OpOptions options = default);

    /// <summary>
    /// Sends <paramref name="buffer"/> to <paramref name="destination"/>, like <c>sendto(2)</c>
    /// (<c>IORING_OP_SEND</c> with the destination in <c>addr2</c> and its length in <c>addr_len</c>). The
    /// destination is staged; the buffer is read until the completion. Write-like. Result: bytes sent.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Send, Kind = UringOpKind.WriteLike, IoPrio = 0)]
    public partial bool PrepareSendTo(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr, LengthField = Len)] ReadOnlySpan<byte> buffer,
        [Sqe(Addr2, Staged = true, LengthField = AddrLen)] in SockAddr destination,
        [Sqe(OpFlags)] MessageFlags flags = MessageFlags.None,
        in OpOptions options = default);

    /// <summary>
    /// Receives into <paramref name="buffer"/>, like <c>recv(2)</c> (<c>IORING_OP_RECV</c>). Unlike the
    /// reference, which always adds <c>MSG_WAITALL</c> for a caller buffer, the default is plain recv
    /// semantics: the request completes as soon as some data arrived, so a reader of unknown-length messages
    /// is never stuck waiting for a full buffer. Pass <see cref="MessageFlags.WaitAll"/> to wait for all of it
    /// (a stream then completes short only at end of stream or on error). The kernel writes
    /// <paramref name="buffer"/> until the completion. Result: bytes received, 0 at end of stream;
    /// <see cref="CqeFlags.SockNonEmpty"/> says more data is already queued.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.Recv, Kind = UringOpKind.ReadLike, IoPrio = 0)]
    public partial bool PrepareRecv(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr, LengthField = Len)] Span<byte> buffer,
        [Sqe(OpFlags)] MessageFlags flags = MessageFlags.None,
        in OpOptions options = default);

    /// <summary>
    /// Sends a message, like <c>sendmsg(2)</c> (<c>IORING_OP_SENDMSG</c>). The <c>msghdr</c>, the iovec array
    /// and the destination are staged (the kernel copies them when it consumes the SQE); the buffers and the
    /// control data are read until the completion (the kernel reads control data when the send runs).
    /// Write-like. Result: bytes sent.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.SendMsg, Kind = UringOpKind.WriteLike, IoPrio = 0, Len = 1)]
    public partial bool PrepareSendMsg(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr, Staged = true)] SendMessage message,
        [Sqe(OpFlags)] MessageFlags flags = MessageFlags.None,
        in OpOptions options = default);

    /// <summary>
    /// Receives a message, like <c>recvmsg(2)</c> (<c>IORING_OP_RECVMSG</c>), into the caller-held header
    /// <paramref name="message"/> (its first element). Not staged: at completion the kernel writes the peer
    /// address into the name buffer and <c>msg_namelen</c>, <c>msg_controllen</c> and <c>msg_flags</c> back
    /// into this header, so it and everything it points at must not move until the CQE
    /// (<see cref="MessageHeader.ForReceive"/> builds one). Result: bytes received.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.RecvMsg, Kind = UringOpKind.ReadLike, IoPrio = 0, Len = 1)]
    public partial bool PrepareRecvMsg(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr, NotEmpty = true)] Span<MessageHeader> message,
        [Sqe(OpFlags)] MessageFlags flags = MessageFlags.None,
        in OpOptions options = default);

    /// <summary>
    /// Zero-copy send (<c>IORING_OP_SEND_ZC</c>): the kernel sends the pages of <paramref name="buffer"/> in
    /// place. Two CQEs: the first has the result (bytes sent) and <see cref="CqeFlags.More"/>; the second,
    /// with <see cref="CqeFlags.Notification"/> and result 0 (or <see cref="ZeroCopyNotification.UsageCopied"/>
    /// when <paramref name="reportUsage"/> and the kernel copied after all), says the buffer may be reused:
    /// keep it unchanged until then. Not write-like: the kernel rejects <c>IOSQE_CQE_SKIP_SUCCESS</c> on
    /// zero-copy sends (EINVAL), so every send posts both CQEs whatever <see cref="RingOptions.NotifySucceed"/>
    /// says. Sockets without zero-copy support (Unix) fail with <c>-EOPNOTSUPP</c>.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.SendZc)]
    public partial bool PrepareSendZc(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr, LengthField = Len)] ReadOnlySpan<byte> buffer,
        [Sqe(OpFlags)] MessageFlags flags = MessageFlags.None,
        [SqeFlag(IoPrio, RecvSendIoFlags.ZeroCopyReportUsage)] bool reportUsage = false,
        in OpOptions options = default);

    /// <summary>
    /// Zero-copy send from registered buffer <paramref name="bufferIndex"/> (<c>IORING_OP_SEND_ZC</c> with
    /// <c>IORING_RECVSEND_FIXED_BUF</c>): <paramref name="buffer"/> must lie inside that buffer
    /// (<see cref="RegisteredBuffer"/>), and the kernel skips pinning the pages per send. CQEs and rules as
    /// <see cref="PrepareSendZc"/>.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.SendZc, IoPrio = (ushort)RecvSendIoFlags.FixedBuffer)]
    public partial bool PrepareSendZcFixed(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr, LengthField = Len)] ReadOnlySpan<byte> buffer,
        [Sqe(BufIndex)] ushort bufferIndex,
        [Sqe(OpFlags)] MessageFlags flags = MessageFlags.None,
        [SqeFlag(IoPrio, RecvSendIoFlags.ZeroCopyReportUsage)] bool reportUsage = false,
        in OpOptions options = default);

    /// <summary>
    /// Zero-copy <c>sendto</c> (<c>IORING_OP_SEND_ZC</c> with the staged destination in <c>addr2</c>, its
    /// length in <c>addr_len</c>). CQEs and rules as <see cref="PrepareSendZc"/>.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.SendZc)]
    public partial bool PrepareSendToZc(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr, LengthField = Len)] ReadOnlySpan<byte> buffer,
        [Sqe(Addr2, Staged = true, LengthField = AddrLen)] in SockAddr destination,
        [Sqe(OpFlags)] MessageFlags flags = MessageFlags.None,
        [SqeFlag(IoPrio, RecvSendIoFlags.ZeroCopyReportUsage)] bool reportUsage = false,
        in OpOptions options = default);

    /// <summary>
    /// Zero-copy <c>sendmsg</c> (<c>IORING_OP_SENDMSG_ZC</c>): staging as <see cref="PrepareSendMsg"/>, CQEs
    /// and rules as <see cref="PrepareSendZc"/> (keep the buffers unchanged until the notification).
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.SendMsgZc, Len = 1)]
    public partial bool PrepareSendMsgZc(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr, Staged = true)] SendMessage message,
        [Sqe(OpFlags)] MessageFlags flags = MessageFlags.None,
        [SqeFlag(IoPrio, RecvSendIoFlags.ZeroCopyReportUsage)] bool reportUsage = false,
        in OpOptions options = default);

    /// <summary>
    /// Zero-copy <c>sendmsg</c> from registered buffer <paramref name="bufferIndex"/>
    /// (<c>IORING_OP_SENDMSG_ZC</c> with <c>IORING_RECVSEND_FIXED_BUF</c>): every iovec of
    /// <paramref name="message"/> must lie inside that buffer. CQEs and rules as <see cref="PrepareSendZc"/>.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.SendMsgZc, Len = 1, IoPrio = (ushort)RecvSendIoFlags.FixedBuffer)]
    public partial bool PrepareSendMsgZcFixed(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr, Staged = true)] SendMessage message,
        [Sqe(BufIndex)] ushort bufferIndex,
        [Sqe(OpFlags)] MessageFlags flags = MessageFlags.None,
        [SqeFlag(IoPrio, RecvSendIoFlags.ZeroCopyReportUsage)] bool reportUsage = false,
        in OpOptions options = default);

    /// <summary>
    /// How many bytes wait to be read on a socket, like <c>ioctl(SIOCINQ)</c> (<c>IORING_OP_URING_CMD</c>,
    /// <c>SOCKET_URING_OP_SIOCINQ</c>). Result: the byte count.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.UringCmd, Off = (long)SocketCommand.InQueue)]
    public partial bool PrepareSocketInQueue(
        SqeContext context,
        [Sqe(Fd)] int fd,
        in OpOptions options = default);

    /// <summary>
    /// How many bytes were queued but not yet sent (TCP: not yet acknowledged), like <c>ioctl(SIOCOUTQ)</c>
    /// (<c>IORING_OP_URING_CMD</c>, <c>SOCKET_URING_OP_SIOCOUTQ</c>). Result: the byte count.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.UringCmd, Off = (long)SocketCommand.OutQueue)]
    public partial bool PrepareSocketOutQueue(
        SqeContext context,
        [Sqe(Fd)] int fd,
        in OpOptions options = default);

    /// <summary>
    /// Reads a socket option, like <c>getsockopt(2)</c> (<c>IORING_OP_URING_CMD</c>,
    /// <c>SOCKET_URING_OP_GETSOCKOPT</c>: <c>level</c> @16, <c>optname</c> @20, <c>optlen</c> @44,
    /// <c>optval</c> @48). The kernel writes <paramref name="value"/> when the command runs, so it must not
    /// move until the completion. On Linux 6.18 only <see cref="SockOpt.SocketLevel"/> is supported (other
    /// levels: <c>-EOPNOTSUPP</c>). Result: the option's length in bytes.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.UringCmd, Off = (long)SocketCommand.GetSocketOption)]
    public partial bool PrepareGetSocketOption(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Level)] int level,
        [Sqe(OptName)] int name,
        [Sqe(OptVal, LengthField = OptLen)] Span<byte> value,
        in OpOptions options = default);

    /// <summary>
    /// Sets a socket option, like <c>setsockopt(2)</c> (<c>IORING_OP_URING_CMD</c>,
    /// <c>SOCKET_URING_OP_SETSOCKOPT</c>). Not staged: the kernel reads <paramref name="value"/> when the
    /// command runs, which can be after the SQE was consumed (a linked or async request), so it must stay
    /// unchanged until the completion. Any level. Result: 0.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.UringCmd, Off = (long)SocketCommand.SetSocketOption)]
    public partial bool PrepareSetSocketOption(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Level)] int level,
        [Sqe(OptName)] int name,
        [Sqe(OptVal, LengthField = OptLen)] ReadOnlySpan<byte> value,
        in OpOptions options = default);
}
