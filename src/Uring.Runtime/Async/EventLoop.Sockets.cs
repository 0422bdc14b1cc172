using System;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace Uring;

// Socket operations over raw fds, SafeSocketHandle and System.Net.Sockets.Socket (adopt Uring one call site at a time).
// Failures are SocketExceptions with the SocketError .NET reports for the errno.
public sealed partial class EventLoop
{
    /// <summary>The <see cref="SocketFlags"/> whose values are the kernel's <c>MSG_*</c> bits as they are.</summary>
    private const SocketFlags PassThroughFlags = SocketFlags.OutOfBand | SocketFlags.Peek | SocketFlags.DontRoute;

    /// <summary>
    /// Connects <paramref name="socket"/> to <paramref name="remoteEndPoint"/> (<c>connect(2)</c> on the ring). An IPv4
    /// end point given to an IPv6 (dual-mode) socket is mapped to IPv6, as <see cref="Socket.ConnectAsync(EndPoint)"/> does.
    /// The socket's managed state (<see cref="Socket.Connected"/>, <see cref="Socket.RemoteEndPoint"/>) does not see
    /// connections made through the ring.
    /// </summary>
    /// <param name="socket">An unconnected stream socket.</param>
    /// <param name="remoteEndPoint">An <see cref="IPEndPoint"/> or a <see cref="UnixDomainSocketEndPoint"/>.</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <returns>A task that completes when the connection is established.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="remoteEndPoint"/> is neither an IP nor a Unix-domain end point (resolve a <see cref="DnsEndPoint"/> first).</exception>
    public ValueTask ConnectAsync(Socket socket, EndPoint remoteEndPoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return StartConnect(socket.SafeHandle, -1, ToSockAddr(remoteEndPoint, socket.AddressFamily), TimeSpan.Zero, cancellationToken);
    }

    /// <summary>
    /// <see cref="ConnectAsync(Socket, EndPoint, CancellationToken)"/> with a deadline: a connect still pending after
    /// <paramref name="timeout"/> fails with <see cref="SocketError.TimedOut"/>.
    /// </summary>
    /// <param name="socket">An unconnected stream socket.</param>
    /// <param name="remoteEndPoint">An <see cref="IPEndPoint"/> or a <see cref="UnixDomainSocketEndPoint"/>.</param>
    /// <param name="timeout">The deadline, from submission; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <returns>A task that completes when the connection is established.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="remoteEndPoint"/> is neither an IP nor a Unix-domain end point.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not positive (nor infinite).</exception>
    public ValueTask ConnectAsync(Socket socket, EndPoint remoteEndPoint, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return StartConnect(socket.SafeHandle, -1, ToSockAddr(remoteEndPoint, socket.AddressFamily), ValidateDeadline(timeout), cancellationToken);
    }

    /// <summary>Connects a socket handle; see <see cref="ConnectAsync(Socket, EndPoint, CancellationToken)"/> (no IPv4-to-IPv6 mapping).</summary>
    /// <param name="socket">An unconnected stream socket.</param>
    /// <param name="remoteEndPoint">An <see cref="IPEndPoint"/> or a <see cref="UnixDomainSocketEndPoint"/>.</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <returns>A task that completes when the connection is established.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="remoteEndPoint"/> is neither an IP nor a Unix-domain end point.</exception>
    public ValueTask ConnectAsync(SafeSocketHandle socket, EndPoint remoteEndPoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return StartConnect(socket, -1, ToSockAddr(remoteEndPoint, AddressFamily.Unspecified), TimeSpan.Zero, cancellationToken);
    }

    /// <summary>Connects a raw socket fd to <paramref name="address"/>; see <see cref="ConnectAsync(Socket, EndPoint, CancellationToken)"/>.</summary>
    /// <param name="fd">An unconnected stream socket.</param>
    /// <param name="address">The peer's address (copied).</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <returns>A task that completes when the connection is established.</returns>
    public ValueTask ConnectAsync(int fd, in SockAddr address, CancellationToken cancellationToken = default)
        => StartConnect(null, fd, address, TimeSpan.Zero, cancellationToken);

    /// <summary>
    /// Accepts a connection on a listening socket (<c>accept4(2)</c> with <c>SOCK_CLOEXEC</c>) and wraps it in a
    /// <see cref="Socket"/> the caller owns, in blocking mode like one from <see cref="Socket.Accept"/> (the ring's
    /// operations do not care; .NET's own asynchronous methods switch it to non-blocking when they first need to).
    /// </summary>
    /// <remarks>
    /// The <see cref="Socket(SafeSocketHandle)"/> constructor reads the socket's type, mode and addresses from the kernel
    /// (eight system calls per connection, which no public API avoids); a blocking descriptor at least spares the two
    /// <c>fcntl(2)</c> calls, and the allocation, with which disposing a non-blocking one switches it back.
    /// <see cref="AcceptConnectionAsync(Socket, CancellationToken)"/> makes none of these calls.
    /// </remarks>
    /// <param name="listener">A listening socket.</param>
    /// <param name="cancellationToken">Cancels the accept.</param>
    /// <returns>The accepted connection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="listener"/> is null.</exception>
    public ValueTask<Socket> AcceptAsync(Socket listener, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listener);
        return WrapSocket(StartAccept(listener.SafeHandle, -1, cancellationToken, AcceptFlags.CloseOnExec));

        static async ValueTask<Socket> WrapSocket(ValueTask<int> accept)
            => new Socket(new SafeSocketHandle(await accept.ConfigureAwait(false), ownsHandle: true));
    }

    /// <summary>Accepts a connection on a raw listening fd; the caller owns the returned fd (non-blocking, close-on-exec).</summary>
    /// <param name="listenerFd">A listening socket.</param>
    /// <param name="cancellationToken">Cancels the accept.</param>
    /// <returns>The accepted connection's fd.</returns>
    public ValueTask<int> AcceptAsync(int listenerFd, CancellationToken cancellationToken = default)
        => StartAccept(null, listenerFd, cancellationToken);

    /// <summary>
    /// Sends from <paramref name="buffer"/> (<c>send(2)</c>; may send less than all of it, like
    /// <see cref="Socket.SendAsync(ReadOnlyMemory{byte}, SocketFlags, CancellationToken)"/>). The buffer is pinned until
    /// the completion.
    /// </summary>
    /// <param name="socket">A connected socket.</param>
    /// <param name="buffer">The bytes.</param>
    /// <param name="socketFlags"><see cref="SocketFlags.None"/>, <see cref="SocketFlags.OutOfBand"/> or <see cref="SocketFlags.DontRoute"/>.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The bytes sent.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="socket"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="socketFlags"/> holds a flag this operation does not pass on.</exception>
    public ValueTask<int> SendAsync(Socket socket, ReadOnlyMemory<byte> buffer, SocketFlags socketFlags = SocketFlags.None, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return StartTransfer(AsyncOperationKind.Send, socket.SafeHandle, -1, MemoryMarshal.AsMemory(buffer), socketFlags, TimeSpan.Zero, cancellationToken);
    }

    /// <summary>Sends on a socket handle; see <see cref="SendAsync(Socket, ReadOnlyMemory{byte}, SocketFlags, CancellationToken)"/>.</summary>
    /// <param name="socket">A connected socket.</param>
    /// <param name="buffer">The bytes.</param>
    /// <param name="socketFlags"><see cref="SocketFlags.None"/>, <see cref="SocketFlags.OutOfBand"/> or <see cref="SocketFlags.DontRoute"/>.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The bytes sent.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="socket"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="socketFlags"/> holds a flag this operation does not pass on.</exception>
    public ValueTask<int> SendAsync(SafeSocketHandle socket, ReadOnlyMemory<byte> buffer, SocketFlags socketFlags = SocketFlags.None, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return StartTransfer(AsyncOperationKind.Send, socket, -1, MemoryMarshal.AsMemory(buffer), socketFlags, TimeSpan.Zero, cancellationToken);
    }

    /// <summary>Sends on a raw socket fd; see <see cref="SendAsync(Socket, ReadOnlyMemory{byte}, SocketFlags, CancellationToken)"/>.</summary>
    /// <param name="fd">A connected socket.</param>
    /// <param name="buffer">The bytes.</param>
    /// <param name="socketFlags"><see cref="SocketFlags.None"/>, <see cref="SocketFlags.OutOfBand"/> or <see cref="SocketFlags.DontRoute"/>.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The bytes sent.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="socketFlags"/> holds a flag this operation does not pass on.</exception>
    public ValueTask<int> SendAsync(int fd, ReadOnlyMemory<byte> buffer, SocketFlags socketFlags = SocketFlags.None, CancellationToken cancellationToken = default)
        => StartTransfer(AsyncOperationKind.Send, null, fd, MemoryMarshal.AsMemory(buffer), socketFlags, TimeSpan.Zero, cancellationToken);

    /// <summary>
    /// Receives into <paramref name="buffer"/> (<c>recv(2)</c>), like
    /// <see cref="Socket.ReceiveAsync(Memory{byte}, SocketFlags, CancellationToken)"/>. The buffer is pinned until the
    /// completion, and the task completes only after it, also when cancelled.
    /// </summary>
    /// <param name="socket">A connected socket.</param>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="socketFlags"><see cref="SocketFlags.None"/>, <see cref="SocketFlags.Peek"/> or <see cref="SocketFlags.OutOfBand"/>.</param>
    /// <param name="cancellationToken">Cancels the receive.</param>
    /// <returns>The bytes received; 0 when the peer shut its side down.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="socket"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="socketFlags"/> holds a flag this operation does not pass on.</exception>
    public ValueTask<int> ReceiveAsync(Socket socket, Memory<byte> buffer, SocketFlags socketFlags = SocketFlags.None, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return StartTransfer(AsyncOperationKind.Receive, socket.SafeHandle, -1, buffer, socketFlags, TimeSpan.Zero, cancellationToken);
    }

    /// <summary>
    /// <see cref="ReceiveAsync(Socket, Memory{byte}, SocketFlags, CancellationToken)"/> with a deadline: a receive still
    /// waiting after <paramref name="timeout"/> fails with <see cref="SocketError.TimedOut"/> and consumes nothing.
    /// </summary>
    /// <param name="socket">A connected socket.</param>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="timeout">The deadline, from submission; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="cancellationToken">Cancels the receive.</param>
    /// <returns>The bytes received; 0 when the peer shut its side down.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="socket"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not positive (nor infinite).</exception>
    public ValueTask<int> ReceiveAsync(Socket socket, Memory<byte> buffer, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return StartTransfer(AsyncOperationKind.Receive, socket.SafeHandle, -1, buffer, SocketFlags.None, ValidateDeadline(timeout), cancellationToken);
    }

    /// <summary>Receives on a socket handle; see <see cref="ReceiveAsync(Socket, Memory{byte}, SocketFlags, CancellationToken)"/>.</summary>
    /// <param name="socket">A connected socket.</param>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="socketFlags"><see cref="SocketFlags.None"/>, <see cref="SocketFlags.Peek"/> or <see cref="SocketFlags.OutOfBand"/>.</param>
    /// <param name="cancellationToken">Cancels the receive.</param>
    /// <returns>The bytes received; 0 when the peer shut its side down.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="socket"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="socketFlags"/> holds a flag this operation does not pass on.</exception>
    public ValueTask<int> ReceiveAsync(SafeSocketHandle socket, Memory<byte> buffer, SocketFlags socketFlags = SocketFlags.None, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return StartTransfer(AsyncOperationKind.Receive, socket, -1, buffer, socketFlags, TimeSpan.Zero, cancellationToken);
    }

    /// <summary>Receives on a raw socket fd; see <see cref="ReceiveAsync(Socket, Memory{byte}, SocketFlags, CancellationToken)"/>.</summary>
    /// <param name="fd">A connected socket.</param>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="socketFlags"><see cref="SocketFlags.None"/>, <see cref="SocketFlags.Peek"/> or <see cref="SocketFlags.OutOfBand"/>.</param>
    /// <param name="cancellationToken">Cancels the receive.</param>
    /// <returns>The bytes received; 0 when the peer shut its side down.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="socketFlags"/> holds a flag this operation does not pass on.</exception>
    public ValueTask<int> ReceiveAsync(int fd, Memory<byte> buffer, SocketFlags socketFlags = SocketFlags.None, CancellationToken cancellationToken = default)
        => StartTransfer(AsyncOperationKind.Receive, null, fd, buffer, socketFlags, TimeSpan.Zero, cancellationToken);

    /// <summary>Receives on a raw socket fd with a deadline; see <see cref="ReceiveAsync(Socket, Memory{byte}, TimeSpan, CancellationToken)"/>.</summary>
    /// <param name="fd">A connected socket.</param>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="timeout">The deadline, from submission; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="cancellationToken">Cancels the receive.</param>
    /// <returns>The bytes received; 0 when the peer shut its side down.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not positive (nor infinite).</exception>
    public ValueTask<int> ReceiveAsync(int fd, Memory<byte> buffer, TimeSpan timeout, CancellationToken cancellationToken = default)
        => StartTransfer(AsyncOperationKind.Receive, null, fd, buffer, SocketFlags.None, ValidateDeadline(timeout), cancellationToken);

    /// <summary>Shuts down one or both directions of a connection (<c>shutdown(2)</c>), like <see cref="Socket.Shutdown"/>.</summary>
    /// <param name="socket">A connected socket.</param>
    /// <param name="how">Which direction.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when it is done.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="socket"/> is null.</exception>
    public ValueTask ShutdownAsync(Socket socket, SocketShutdown how, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return StartShutdown(socket.SafeHandle, -1, how, cancellationToken);
    }

    /// <summary>Shuts down one or both directions of a raw socket fd; see <see cref="ShutdownAsync(Socket, SocketShutdown, CancellationToken)"/>.</summary>
    /// <param name="fd">A connected socket.</param>
    /// <param name="how">Which direction.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when it is done.</returns>
    public ValueTask ShutdownAsync(int fd, SocketShutdown how, CancellationToken cancellationToken = default)
        => StartShutdown(null, fd, how, cancellationToken);

    private ValueTask StartConnect(SafeHandle? handle, int fd, in SockAddr address, TimeSpan deadline, CancellationToken cancellationToken)
    {
        AsyncOperation op = Rent(AsyncOperationKind.Connect, ErrorDomain.Socket);
        op.Fd = fd;
        op.Address = address;
        op.Deadline = deadline;
        return new ValueTask(op, Start(op, handle, cancellationToken));
    }

    private ValueTask<int> StartAccept(SafeHandle? handle, int fd, CancellationToken cancellationToken, AcceptFlags flags = AcceptFlags.NonBlock | AcceptFlags.CloseOnExec)
    {
        AsyncOperation op = Rent(AsyncOperationKind.Accept, ErrorDomain.Socket);
        op.Fd = fd;
        op.Flags = (uint)flags;
        return new ValueTask<int>(op, Start(op, handle, cancellationToken));
    }

    private ValueTask<int> StartTransfer(AsyncOperationKind kind, SafeHandle? handle, int fd, Memory<byte> buffer, SocketFlags socketFlags, TimeSpan deadline, CancellationToken cancellationToken)
    {
        if ((socketFlags & ~PassThroughFlags) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(socketFlags), socketFlags, "Only SocketFlags.OutOfBand, Peek and DontRoute are passed to the kernel.");
        }

        AsyncOperation op = Rent(kind, ErrorDomain.Socket);
        op.Fd = fd;
        op.Buffer = buffer;
        op.Flags = (uint)socketFlags;
        op.Deadline = deadline;
        return new ValueTask<int>(op, Start(op, handle, cancellationToken, pin: true));
    }

    private ValueTask StartShutdown(SafeHandle? handle, int fd, SocketShutdown how, CancellationToken cancellationToken)
    {
        if (how is not (SocketShutdown.Receive or SocketShutdown.Send or SocketShutdown.Both))
        {
            throw new ArgumentOutOfRangeException(nameof(how), how, "Not a SocketShutdown value.");
        }

        AsyncOperation op = Rent(AsyncOperationKind.Shutdown, ErrorDomain.Socket);
        op.Fd = fd;

        // SocketShutdown's values are SHUT_RD, SHUT_WR and SHUT_RDWR.
        op.Flags = (uint)how;
        return new ValueTask(op, Start(op, handle, cancellationToken));
    }

    /// <summary>The kernel's address for <paramref name="remoteEndPoint"/>, mapping IPv4 to IPv6 for an IPv6 socket.</summary>
    private static SockAddr ToSockAddr(EndPoint remoteEndPoint, AddressFamily socketFamily)
    {
        ArgumentNullException.ThrowIfNull(remoteEndPoint);
        switch (remoteEndPoint)
        {
            case IPEndPoint ip:
                IPAddress address = socketFamily == AddressFamily.InterNetworkV6 && ip.AddressFamily == AddressFamily.InterNetwork
                    ? ip.Address.MapToIPv6()
                    : ip.Address;
                return SockAddr.FromIPAddress(address, ip.Port);
            case UnixDomainSocketEndPoint unix:
            {
                // A Unix-domain SocketAddress is the kernel's sockaddr_un byte for byte (AF_UNIX is 1 everywhere).
                SocketAddress serialized = unix.Serialize();
                SockAddr result = default;
                Span<byte> bytes = result.Bytes;
                for (int i = 0; i < serialized.Size; i++)
                {
                    bytes[i] = serialized[i];
                }

                result.Length = (uint)serialized.Size;
                return result;
            }

            default:
                throw new ArgumentException(
                    $"A {remoteEndPoint.GetType().Name} is neither an IPEndPoint nor a UnixDomainSocketEndPoint (resolve a DnsEndPoint first).",
                    nameof(remoteEndPoint));
        }
    }
}
