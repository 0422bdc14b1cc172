using System;

namespace Uring;

// Socket-family constants. The io_uring ones (IORING_ACCEPT_*, IORING_RECVSEND_*, SOCKET_URING_OP_*,
// IORING_NOTIF_USAGE_ZC_COPIED) come from ../shared/reference/uapi-io_uring.md §7.4, §7.5, §7.11. The
// socket-API ones (AF_*, SOCK_*, IPPROTO_*, MSG_*, SHUT_*, SOL_*/SO_*) are Linux's generic values from
// include/linux/socket.h, include/linux/net.h and include/uapi/asm-generic/socket.h, which x86-64 and
// arm64 both use; the kernel tests check them against a live kernel (getsockopt SO_DOMAIN/SO_TYPE/...).

/// <summary>Address families (<c>AF_*</c>), the <c>domain</c> of <c>socket(2)</c>.</summary>
public enum SocketDomain
{
    /// <summary><c>AF_UNSPEC</c>.</summary>
    Unspecified = 0,
    /// <summary><c>AF_UNIX</c> / <c>AF_LOCAL</c>: Unix-domain sockets.</summary>
    Unix = 1,
    /// <summary><c>AF_INET</c>: IPv4.</summary>
    IPv4 = 2,
    /// <summary><c>AF_INET6</c>: IPv6.</summary>
    IPv6 = 10,
}

/// <summary>
/// The <c>type</c> of <c>socket(2)</c>: one kind (<c>SOCK_STREAM</c>, ...) optionally OR-ed with
/// <see cref="NonBlock"/> and <see cref="CloseOnExec"/>.
/// </summary>
[Flags]
public enum SocketKind : uint
{
    /// <summary><c>SOCK_STREAM</c>: a connected byte stream (TCP).</summary>
    Stream = 1,
    /// <summary><c>SOCK_DGRAM</c>: datagrams (UDP).</summary>
    Datagram = 2,
    /// <summary><c>SOCK_RAW</c>.</summary>
    Raw = 3,
    /// <summary><c>SOCK_SEQPACKET</c>: connected, ordered datagrams (SCTP, Unix).</summary>
    SeqPacket = 5,
    /// <summary><c>SOCK_NONBLOCK</c> (= <c>O_NONBLOCK</c>).</summary>
    NonBlock = 0x800,
    /// <summary><c>SOCK_CLOEXEC</c> (= <c>O_CLOEXEC</c>). A direct (registered-file) socket cannot have it: the kernel answers EINVAL.</summary>
    CloseOnExec = 0x80000,
}

/// <summary>Protocols (<c>IPPROTO_*</c>), the <c>protocol</c> of <c>socket(2)</c>.</summary>
public enum SocketProtocol
{
    /// <summary>0: the family's default protocol for the kind.</summary>
    Default = 0,
    /// <summary><c>IPPROTO_TCP</c>.</summary>
    Tcp = 6,
    /// <summary><c>IPPROTO_UDP</c>.</summary>
    Udp = 17,
    /// <summary>
    /// <c>IPPROTO_SCTP</c>. Needs the sctp module; without it socket creation fails with EPROTONOSUPPORT or,
    /// as on the Linux 6.18 test machine (no sctp), ESOCKTNOSUPPORT.
    /// </summary>
    Sctp = 132,
    /// <summary><c>IPPROTO_UDPLITE</c>. Needs CONFIG_IP_UDPLITE; without it the kernel answers EPROTONOSUPPORT.</summary>
    UdpLite = 136,
}

/// <summary>Flags for the accepted descriptor (<c>accept4(2)</c> flags, the SQE <c>accept_flags</c>).</summary>
[Flags]
public enum AcceptFlags : uint
{
    /// <summary>No flags.</summary>
    None = 0,
    /// <summary><c>SOCK_NONBLOCK</c>.</summary>
    NonBlock = 0x800,
    /// <summary><c>SOCK_CLOEXEC</c>. Not allowed when accepting into a registered-file slot (EINVAL).</summary>
    CloseOnExec = 0x80000,
}

/// <summary><c>IORING_ACCEPT_*</c>: io_uring's own accept flags, carried in the SQE <c>ioprio</c>.</summary>
[Flags]
public enum AcceptIoFlags : ushort
{
    /// <summary>No flags.</summary>
    None = 0,
    /// <summary><c>IORING_ACCEPT_MULTISHOT</c>: one request accepts until cancelled or failed.</summary>
    Multishot = 1 << 0,
    /// <summary><c>IORING_ACCEPT_DONTWAIT</c> (6.10): complete with EAGAIN instead of waiting.</summary>
    DontWait = 1 << 1,
    /// <summary><c>IORING_ACCEPT_POLL_FIRST</c> (6.10): wait for readiness before the first attempt.</summary>
    PollFirst = 1 << 2,
}

/// <summary><c>IORING_RECVSEND_*</c> and friends: io_uring's send/receive flags, carried in the SQE <c>ioprio</c>.</summary>
[Flags]
public enum RecvSendIoFlags : ushort
{
    /// <summary>No flags.</summary>
    None = 0,
    /// <summary><c>IORING_RECVSEND_POLL_FIRST</c>: wait for readiness before the first attempt.</summary>
    PollFirst = 1 << 0,
    /// <summary><c>IORING_RECV_MULTISHOT</c>: needs a provided-buffer group.</summary>
    RecvMultishot = 1 << 1,
    /// <summary><c>IORING_RECVSEND_FIXED_BUF</c>: SEND_ZC/SENDMSG_ZC read a registered buffer (<c>buf_index</c>).</summary>
    FixedBuffer = 1 << 2,
    /// <summary><c>IORING_SEND_ZC_REPORT_USAGE</c>: the notification says whether the data was copied.</summary>
    ZeroCopyReportUsage = 1 << 3,
    /// <summary><c>IORING_RECVSEND_BUNDLE</c>: several provided buffers per completion.</summary>
    Bundle = 1 << 4,
    /// <summary><c>IORING_SEND_VECTORIZED</c> (6.17): SEND/SEND_ZC take an iovec array.</summary>
    SendVectorized = 1 << 5,
}

/// <summary>
/// What a zero-copy notification CQE (<see cref="CqeFlags.Notification"/>) reports in its result when the
/// send asked for usage reports.
/// </summary>
public static class ZeroCopyNotification
{
    /// <summary>
    /// <c>IORING_NOTIF_USAGE_ZC_COPIED</c> (1u &lt;&lt; 31, negative as an <see cref="int"/>): the kernel copied the
    /// data after all (loopback always does). A result of 0 means the pages really were sent in place.
    /// </summary>
    public const int UsageCopied = unchecked((int)0x80000000);

    /// <summary>True for a notification whose result says the data was copied.</summary>
    public static bool WasCopied(in CqeView cqe) => cqe.IsNotification && (cqe.Result & UsageCopied) != 0;
}

/// <summary><c>MSG_*</c> flags for send and receive (the SQE <c>msg_flags</c>, and <c>msghdr.msg_flags</c> on return).</summary>
[Flags]
public enum MessageFlags : uint
{
    /// <summary>No flags.</summary>
    None = 0,
    /// <summary><c>MSG_OOB</c>.</summary>
    OutOfBand = 0x1,
    /// <summary><c>MSG_PEEK</c>: receive without removing the data.</summary>
    Peek = 0x2,
    /// <summary><c>MSG_DONTROUTE</c>.</summary>
    DontRoute = 0x4,
    /// <summary><c>MSG_CTRUNC</c> (returned): control data was truncated.</summary>
    ControlTruncated = 0x8,
    /// <summary><c>MSG_TRUNC</c>: returned when a datagram was truncated; as input, return the real length.</summary>
    Truncated = 0x20,
    /// <summary><c>MSG_DONTWAIT</c>: fail with EAGAIN instead of waiting.</summary>
    DontWait = 0x40,
    /// <summary><c>MSG_EOR</c>: end of record.</summary>
    EndOfRecord = 0x80,
    /// <summary><c>MSG_WAITALL</c>: a stream receive completes only when the buffer is full (or on EOF/error).</summary>
    WaitAll = 0x100,
    /// <summary><c>MSG_CONFIRM</c>.</summary>
    Confirm = 0x800,
    /// <summary><c>MSG_ERRQUEUE</c>: receive from the error queue.</summary>
    ErrorQueue = 0x2000,
    /// <summary><c>MSG_NOSIGNAL</c>: no SIGPIPE (io_uring always adds it to sends).</summary>
    NoSignal = 0x4000,
    /// <summary><c>MSG_MORE</c>: more data follows; hold back a partial segment.</summary>
    More = 0x8000,
    /// <summary><c>MSG_WAITFORONE</c>.</summary>
    WaitForOne = 0x10000,
    /// <summary><c>MSG_ZEROCOPY</c> (SEND_ZC sets it itself).</summary>
    ZeroCopy = 0x4000000,
    /// <summary><c>MSG_FASTOPEN</c>: send data in the TCP SYN.</summary>
    FastOpen = 0x20000000,
    /// <summary><c>MSG_CMSG_CLOEXEC</c>: received SCM_RIGHTS descriptors get O_CLOEXEC.</summary>
    ControlCloseOnExec = 0x40000000,
}

/// <summary><c>SHUT_*</c>: which direction <c>shutdown(2)</c> closes.</summary>
public enum ShutdownHow : uint
{
    /// <summary><c>SHUT_RD</c>: no more receives.</summary>
    Read = 0,
    /// <summary><c>SHUT_WR</c>: no more sends (the peer reads end of stream).</summary>
    Write = 1,
    /// <summary><c>SHUT_RDWR</c>: both.</summary>
    Both = 2,
}

/// <summary><c>SOCKET_URING_OP_*</c>: the socket sub-commands of <c>IORING_OP_URING_CMD</c> (the SQE <c>cmd_op</c>).</summary>
public enum SocketCommand : uint
{
    /// <summary><c>SOCKET_URING_OP_SIOCINQ</c>: bytes waiting to be read.</summary>
    InQueue = 0,
    /// <summary><c>SOCKET_URING_OP_SIOCOUTQ</c>: bytes not yet sent (or not yet acknowledged, for TCP).</summary>
    OutQueue = 1,
    /// <summary><c>SOCKET_URING_OP_GETSOCKOPT</c> (6.7): <c>SOL_SOCKET</c> options only.</summary>
    GetSocketOption = 2,
    /// <summary><c>SOCKET_URING_OP_SETSOCKOPT</c> (6.7).</summary>
    SetSocketOption = 3,
    /// <summary><c>SOCKET_URING_OP_TX_TIMESTAMP</c> (6.17): needs 32-byte CQEs; not wrapped by this library yet.</summary>
    TxTimestamp = 4,
    /// <summary>
    /// <c>SOCKET_URING_OP_GETSOCKNAME</c> (6.19): the local or peer address (<c>addr</c> = sockaddr,
    /// <c>addr3</c> = socklen, <c>optlen</c> = peer). Linux 6.18 answers <c>-EOPNOTSUPP</c>.
    /// </summary>
    GetSocketName = 5,
}

/// <summary>
/// Option levels and names for <see cref="Ring.TryPrepareGetSocketOption(SqeContext, int, int, int, Span{byte}, in OpOptions)"/> and
/// <see cref="Ring.TryPrepareSetSocketOption(SqeContext, int, int, int, ReadOnlySpan{byte}, in OpOptions)"/> (the generic Linux values; <c>int</c> so any other option can be
/// passed as a number).
/// </summary>
public static class SockOpt
{
    /// <summary><c>SOL_SOCKET</c>: socket-level options. The only level io_uring's getsockopt accepts (others: EOPNOTSUPP).</summary>
    public const int SocketLevel = 1;
    /// <summary><c>IPPROTO_TCP</c> as an option level.</summary>
    public const int TcpLevel = 6;
    /// <summary><c>IPPROTO_IPV6</c> as an option level.</summary>
    public const int IPv6Level = 41;

    /// <summary><c>SO_REUSEADDR</c>.</summary>
    public const int ReuseAddress = 2;
    /// <summary><c>SO_TYPE</c> (read-only): the <see cref="SocketKind"/> without flags.</summary>
    public const int Type = 3;
    /// <summary><c>SO_ERROR</c> (read-only): the pending error, cleared by reading it.</summary>
    public const int Error = 4;
    /// <summary><c>SO_BROADCAST</c>.</summary>
    public const int Broadcast = 6;
    /// <summary><c>SO_SNDBUF</c>: the kernel doubles what is set and caps it at <c>wmem_max</c>.</summary>
    public const int SendBuffer = 7;
    /// <summary><c>SO_RCVBUF</c>: the kernel doubles what is set and caps it at <c>rmem_max</c>.</summary>
    public const int ReceiveBuffer = 8;
    /// <summary><c>SO_KEEPALIVE</c>.</summary>
    public const int KeepAlive = 9;
    /// <summary><c>SO_LINGER</c>.</summary>
    public const int Linger = 13;
    /// <summary><c>SO_REUSEPORT</c>.</summary>
    public const int ReusePort = 15;
    /// <summary><c>SO_ACCEPTCONN</c> (read-only): 1 on a listening socket.</summary>
    public const int AcceptConnections = 30;
    /// <summary><c>SO_PROTOCOL</c> (read-only): the <see cref="SocketProtocol"/>.</summary>
    public const int Protocol = 38;
    /// <summary><c>SO_DOMAIN</c> (read-only): the <see cref="SocketDomain"/>.</summary>
    public const int Domain = 39;
    /// <summary><c>SO_ZEROCOPY</c>: allow <c>MSG_ZEROCOPY</c> on plain sends (SEND_ZC does not need it).</summary>
    public const int ZeroCopy = 60;

    /// <summary><c>TCP_NODELAY</c> (level <see cref="TcpLevel"/>).</summary>
    public const int TcpNoDelay = 1;
    /// <summary><c>IPV6_V6ONLY</c> (level <see cref="IPv6Level"/>).</summary>
    public const int IPv6Only = 26;
}
