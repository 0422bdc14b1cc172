using static Uring.SqeField;

namespace Uring;

/// <summary>
/// What <see cref="Ring.TryPrepareSocket"/> creates: the three arguments of <c>socket(2)</c>. Each maps to its SQE
/// field (<c>fd</c>, <c>off</c>, <c>len</c>) with <see cref="SqeAttribute"/>, so the op's declaration and the
/// generator see them. Use a preset such as <see cref="Tcp4"/>, change one with <c>with</c>
/// (<c>SocketSpec.Tcp4 with { Kind = SocketKind.Stream | SocketKind.NonBlock }</c>), or construct any other.
/// </summary>
/// <remarks>
/// The presets ask for <see cref="SocketKind.CloseOnExec"/>, like <c>System.Net.Sockets.Socket</c>: a socket
/// created as a process fd is not inherited by programs this process starts. For a slot target the op drops
/// that bit (see <see cref="FileTarget"/>), so every preset works for every target.
/// </remarks>
/// <param name="Domain">The address family (<c>AF_*</c>), stored in <c>fd</c>.</param>
/// <param name="Kind">
/// The socket type (<c>SOCK_*</c>) with optional <see cref="SocketKind.NonBlock"/> and
/// <see cref="SocketKind.CloseOnExec"/>, stored in <c>off</c>.
/// </param>
/// <param name="Protocol">The protocol (<c>IPPROTO_*</c>), stored in <c>len</c>; <see cref="SocketProtocol.Default"/> lets the family choose.</param>
public readonly record struct SocketSpec(
    [property: Sqe(Fd)] SocketDomain Domain,
    [property: Sqe(Off, CarriesCloseOnExec = true)] SocketKind Kind,
    [property: Sqe(Len)] SocketProtocol Protocol = SocketProtocol.Default)
{
    /// <summary>TCP over IPv4: <c>socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_TCP)</c>.</summary>
    public static SocketSpec Tcp4 => new(SocketDomain.IPv4, SocketKind.Stream | SocketKind.CloseOnExec, SocketProtocol.Tcp);

    /// <summary>TCP over IPv6: <c>socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_TCP)</c>.</summary>
    public static SocketSpec Tcp6 => new(SocketDomain.IPv6, SocketKind.Stream | SocketKind.CloseOnExec, SocketProtocol.Tcp);

    /// <summary>UDP over IPv4: <c>socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDP)</c>.</summary>
    public static SocketSpec Udp4 => new(SocketDomain.IPv4, SocketKind.Datagram | SocketKind.CloseOnExec, SocketProtocol.Udp);

    /// <summary>UDP over IPv6: <c>socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDP)</c>.</summary>
    public static SocketSpec Udp6 => new(SocketDomain.IPv6, SocketKind.Datagram | SocketKind.CloseOnExec, SocketProtocol.Udp);

    /// <summary>
    /// UDP-Lite over IPv4: <c>socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDPLITE)</c>. A kernel without
    /// UDP-Lite answers <c>-EPROTONOSUPPORT</c> or <c>-ESOCKTNOSUPPORT</c>.
    /// </summary>
    public static SocketSpec UdpLite4 => new(SocketDomain.IPv4, SocketKind.Datagram | SocketKind.CloseOnExec, SocketProtocol.UdpLite);

    /// <summary>
    /// UDP-Lite over IPv6: <c>socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDPLITE)</c>. A kernel without
    /// UDP-Lite answers <c>-EPROTONOSUPPORT</c> or <c>-ESOCKTNOSUPPORT</c>.
    /// </summary>
    public static SocketSpec UdpLite6 => new(SocketDomain.IPv6, SocketKind.Datagram | SocketKind.CloseOnExec, SocketProtocol.UdpLite);

    /// <summary>
    /// SCTP over IPv4, one-to-many style: <c>socket(AF_INET, SOCK_SEQPACKET | SOCK_CLOEXEC, IPPROTO_SCTP)</c>. A
    /// kernel without the sctp module answers <c>-EPROTONOSUPPORT</c> or <c>-ESOCKTNOSUPPORT</c>.
    /// </summary>
    public static SocketSpec Sctp4 => new(SocketDomain.IPv4, SocketKind.SeqPacket | SocketKind.CloseOnExec, SocketProtocol.Sctp);

    /// <summary>
    /// SCTP over IPv6, one-to-many style: <c>socket(AF_INET6, SOCK_SEQPACKET | SOCK_CLOEXEC, IPPROTO_SCTP)</c>. A
    /// kernel without the sctp module answers <c>-EPROTONOSUPPORT</c> or <c>-ESOCKTNOSUPPORT</c>.
    /// </summary>
    public static SocketSpec Sctp6 => new(SocketDomain.IPv6, SocketKind.SeqPacket | SocketKind.CloseOnExec, SocketProtocol.Sctp);

    /// <summary>A Unix-domain stream socket: <c>socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)</c>.</summary>
    public static SocketSpec UnixStream => new(SocketDomain.Unix, SocketKind.Stream | SocketKind.CloseOnExec);

    /// <summary>A Unix-domain datagram socket: <c>socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)</c>.</summary>
    public static SocketSpec UnixDatagram => new(SocketDomain.Unix, SocketKind.Datagram | SocketKind.CloseOnExec);

    /// <summary>A Unix-domain sequenced-packet socket: <c>socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0)</c>.</summary>
    public static SocketSpec UnixSeqPacket => new(SocketDomain.Unix, SocketKind.SeqPacket | SocketKind.CloseOnExec);
}
