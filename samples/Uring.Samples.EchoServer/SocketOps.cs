using System;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Uring;
using static Uring.SqeField;

namespace Uring.Samples.EchoServer;

/// <summary>
/// The socket ops this sample needs, declared the way any user declares an op: one <c>[UringOp]</c> line
/// each, and the generator writes the body the runtime's own ops get. Encodings follow the uapi table
/// (SOCKET: fd = domain, off = type, len = protocol; BIND/CONNECT: addr = sockaddr*, off = addrlen;
/// LISTEN: len = backlog; ACCEPT: accept_flags at +28; SEND/RECV: addr/len = buffer, msg_flags at +28).
/// </summary>
/// <remarks>
/// Temporary: the runtime's socket catalogue (branch ops-sockets) has instance methods with these names,
/// which C# prefers over extension methods, so once it is merged this file can simply be deleted.
/// </remarks>
public static partial class SocketOps
{
    private const int AfInet = 2;
    private const int SockStream = 1;
    private const int SockCloexec = 0x80000;
    private const int IpProtoTcp = 6;

    /// <summary>A TCP/IPv4 socket, like <c>socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_TCP)</c>. Result: the fd.</summary>
    [UringOp(IoUringOp.Socket, Fd = AfInet, Off = SockStream | SockCloexec, Len = IpProtoTcp)]
    public static partial bool PrepareTcp4Socket(this Ring ring, SqeContext context, in OpOptions options = default);

    /// <summary>Binds a socket, like <c>bind(2)</c> (6.11). The address is staged. Result: 0.</summary>
    [UringOp(IoUringOp.Bind)]
    public static partial bool PrepareBind(this Ring ring, SqeContext context, [Sqe(Fd)] int fd, [Sqe(Addr, Staged = true, LengthField = Off)] in SockAddrV4 address);

    /// <summary>Listens, like <c>listen(2)</c> (6.11). Result: 0.</summary>
    [UringOp(IoUringOp.Listen)]
    public static partial bool PrepareListen(this Ring ring, SqeContext context, [Sqe(Fd)] int fd, [Sqe(Len)] int backlog = 1024);

    /// <summary>Accepts a connection, like <c>accept4(fd, NULL, NULL, SOCK_CLOEXEC)</c>. Result: the new fd.</summary>
    [UringOp(IoUringOp.Accept, OpFlags = SockCloexec)]
    public static partial bool PrepareAccept(this Ring ring, SqeContext context, [Sqe(Fd)] int fd);

    /// <summary>Connects, like <c>connect(2)</c>. The address is staged. Result: 0.</summary>
    [UringOp(IoUringOp.Connect)]
    public static partial bool PrepareConnect(this Ring ring, SqeContext context, [Sqe(Fd)] int fd, [Sqe(Addr, Staged = true, LengthField = Off)] in SockAddrV4 address);

    /// <summary>Sends, like <c>send(2)</c>. The buffer is read until the completion. Result: bytes sent.</summary>
    [UringOp(IoUringOp.Send, Kind = UringOpKind.WriteLike)]
    public static partial bool PrepareSend(this Ring ring, SqeContext context, [Sqe(Fd)] int fd, [Sqe(Addr, LengthField = Len)] ReadOnlySpan<byte> buffer);

    /// <summary>Receives, like <c>recv(2)</c>. The buffer is written until the completion. Result: bytes received, 0 at end of stream.</summary>
    [UringOp(IoUringOp.Recv, Kind = UringOpKind.ReadLike)]
    public static partial bool PrepareRecv(this Ring ring, SqeContext context, [Sqe(Fd)] int fd, [Sqe(Addr, LengthField = Len)] Span<byte> buffer);

    /// <summary>The port a bound socket got (<c>getsockname(2)</c>; no io_uring op for it before 6.19).</summary>
    public static unsafe int LocalPort(int fd)
    {
        SockAddrV4 address = default;
        int length = sizeof(SockAddrV4);
        if (getsockname(fd, &address, &length) != 0)
        {
            throw new InvalidOperationException($"getsockname failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return address.Port;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int getsockname(int fd, SockAddrV4* address, int* length);
}

/// <summary><c>struct sockaddr_in</c> (16 bytes, port and address in network byte order).</summary>
[StructLayout(LayoutKind.Sequential, Size = 16)]
public struct SockAddrV4
{
    private ushort _family;
    private ushort _port;
    private uint _address;

    /// <summary>127.0.0.1:<paramref name="port"/>.</summary>
    public static SockAddrV4 Loopback(int port) => new()
    {
        _family = 2,
        _port = BinaryPrimitives.ReverseEndianness((ushort)port),
        _address = BitConverter.IsLittleEndian ? 0x0100007Fu : 0x7F000001u,
    };

    /// <summary>The port, in host byte order.</summary>
    public readonly int Port => BinaryPrimitives.ReverseEndianness(_port);

    /// <summary>The <c>addrlen</c> the kernel gets.</summary>
    public readonly int Length => 16;
}
