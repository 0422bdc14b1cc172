using System;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace Uring;

// Datagrams and messages: sendto, recvfrom, and gathered/scattered sendmsg/recvmsg, over Socket, SafeSocketHandle and
// raw fds. The msghdr, the iovecs and the peer's address the kernel sees live in the source's native block
// (AsyncOperation.Messages.cs), never in GC memory; the data buffers are pinned until the completion, as for every op.
public sealed unsafe partial class EventLoop
{
    /// <summary>
    /// Sends <paramref name="buffer"/> as one datagram to <paramref name="remoteEndPoint"/> (<c>sendto(2)</c>:
    /// <c>IORING_OP_SEND</c> with a destination), like
    /// <see cref="Socket.SendToAsync(ReadOnlyMemory{byte}, SocketFlags, EndPoint, CancellationToken)"/>. An IPv4 end point
    /// given to an IPv6 (dual-mode) socket is mapped to IPv6. The buffer is pinned until the completion; the address is
    /// copied, and for an <see cref="IPEndPoint"/> nothing is allocated.
    /// </summary>
    /// <param name="socket">A datagram socket.</param>
    /// <param name="buffer">The datagram.</param>
    /// <param name="remoteEndPoint">An <see cref="IPEndPoint"/> or a <see cref="UnixDomainSocketEndPoint"/>.</param>
    /// <param name="socketFlags"><see cref="SocketFlags.None"/> or <see cref="SocketFlags.DontRoute"/>.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The bytes sent.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="remoteEndPoint"/> is neither an IP nor a Unix-domain end point.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="socketFlags"/> holds a flag this operation does not pass on.</exception>
    public ValueTask<int> SendToAsync(Socket socket, ReadOnlyMemory<byte> buffer, EndPoint remoteEndPoint, SocketFlags socketFlags = SocketFlags.None, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return StartSendTo(socket.SafeHandle, -1, buffer, ToSockAddr(remoteEndPoint, socket.AddressFamily), socketFlags, cancellationToken);
    }

    /// <summary>
    /// Sends <paramref name="buffer"/> as one datagram to <paramref name="socketAddress"/>, like
    /// <see cref="Socket.SendToAsync(ReadOnlyMemory{byte}, SocketFlags, SocketAddress, CancellationToken)"/>: the
    /// allocation-free form (reuse one <see cref="SocketAddress"/>, for instance the one a receive filled, to reply).
    /// </summary>
    /// <param name="socket">A datagram socket.</param>
    /// <param name="buffer">The datagram.</param>
    /// <param name="socketAddress">The destination, of the socket's family (its first <see cref="SocketAddress.Size"/> bytes are copied).</param>
    /// <param name="socketFlags"><see cref="SocketFlags.None"/> or <see cref="SocketFlags.DontRoute"/>.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The bytes sent.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="socketAddress"/> is larger than a <c>sockaddr_storage</c>, or <paramref name="socketFlags"/> holds a flag this operation does not pass on.</exception>
    public ValueTask<int> SendToAsync(Socket socket, ReadOnlyMemory<byte> buffer, SocketAddress socketAddress, SocketFlags socketFlags = SocketFlags.None, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return StartSendTo(socket.SafeHandle, -1, buffer, FromSocketAddress(socketAddress, nameof(socketAddress)), socketFlags, cancellationToken);
    }

    /// <summary>Sends a datagram on a socket handle; see <see cref="SendToAsync(Socket, ReadOnlyMemory{byte}, EndPoint, SocketFlags, CancellationToken)"/> (no IPv4-to-IPv6 mapping).</summary>
    /// <param name="socket">A datagram socket.</param>
    /// <param name="buffer">The datagram.</param>
    /// <param name="remoteEndPoint">An <see cref="IPEndPoint"/> or a <see cref="UnixDomainSocketEndPoint"/>.</param>
    /// <param name="socketFlags"><see cref="SocketFlags.None"/> or <see cref="SocketFlags.DontRoute"/>.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The bytes sent.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="remoteEndPoint"/> is neither an IP nor a Unix-domain end point.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="socketFlags"/> holds a flag this operation does not pass on.</exception>
    public ValueTask<int> SendToAsync(SafeSocketHandle socket, ReadOnlyMemory<byte> buffer, EndPoint remoteEndPoint, SocketFlags socketFlags = SocketFlags.None, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return StartSendTo(socket, -1, buffer, ToSockAddr(remoteEndPoint, AddressFamily.Unspecified), socketFlags, cancellationToken);
    }

    /// <summary>Sends a datagram on a socket handle; see <see cref="SendToAsync(Socket, ReadOnlyMemory{byte}, SocketAddress, SocketFlags, CancellationToken)"/>.</summary>
    /// <param name="socket">A datagram socket.</param>
    /// <param name="buffer">The datagram.</param>
    /// <param name="socketAddress">The destination (its first <see cref="SocketAddress.Size"/> bytes are copied).</param>
    /// <param name="socketFlags"><see cref="SocketFlags.None"/> or <see cref="SocketFlags.DontRoute"/>.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The bytes sent.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="socketAddress"/> is larger than a <c>sockaddr_storage</c>, or <paramref name="socketFlags"/> holds a flag this operation does not pass on.</exception>
    public ValueTask<int> SendToAsync(SafeSocketHandle socket, ReadOnlyMemory<byte> buffer, SocketAddress socketAddress, SocketFlags socketFlags = SocketFlags.None, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return StartSendTo(socket, -1, buffer, FromSocketAddress(socketAddress, nameof(socketAddress)), socketFlags, cancellationToken);
    }

    /// <summary>Sends a datagram on a raw socket fd; see <see cref="SendToAsync(Socket, ReadOnlyMemory{byte}, SocketAddress, SocketFlags, CancellationToken)"/>.</summary>
    /// <param name="fd">A datagram socket.</param>
    /// <param name="buffer">The datagram.</param>
    /// <param name="socketAddress">The destination (its first <see cref="SocketAddress.Size"/> bytes are copied).</param>
    /// <param name="socketFlags"><see cref="SocketFlags.None"/> or <see cref="SocketFlags.DontRoute"/>.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The bytes sent.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="socketAddress"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="socketAddress"/> is larger than a <c>sockaddr_storage</c>, or <paramref name="socketFlags"/> holds a flag this operation does not pass on.</exception>
    public ValueTask<int> SendToAsync(int fd, ReadOnlyMemory<byte> buffer, SocketAddress socketAddress, SocketFlags socketFlags = SocketFlags.None, CancellationToken cancellationToken = default)
        => StartSendTo(null, fd, buffer, FromSocketAddress(socketAddress, nameof(socketAddress)), socketFlags, cancellationToken);

    /// <summary>Sends a datagram on a raw socket fd to <paramref name="destination"/> (copied); see <see cref="SendToAsync(Socket, ReadOnlyMemory{byte}, EndPoint, SocketFlags, CancellationToken)"/>.</summary>
    /// <param name="fd">A datagram socket.</param>
    /// <param name="buffer">The datagram.</param>
    /// <param name="destination">The destination.</param>
    /// <param name="socketFlags"><see cref="SocketFlags.None"/> or <see cref="SocketFlags.DontRoute"/>.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The bytes sent.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="socketFlags"/> holds a flag this operation does not pass on.</exception>
    public ValueTask<int> SendToAsync(int fd, ReadOnlyMemory<byte> buffer, in SockAddr destination, SocketFlags socketFlags = SocketFlags.None, CancellationToken cancellationToken = default)
        => StartSendTo(null, fd, buffer, destination, socketFlags, cancellationToken);

    /// <summary>
    /// Receives one datagram into <paramref name="buffer"/> and its sender's address into
    /// <paramref name="receivedAddress"/> (<c>recvfrom(2)</c>, as <c>IORING_OP_RECVMSG</c>), like
    /// <see cref="Socket.ReceiveFromAsync(Memory{byte}, SocketFlags, SocketAddress, CancellationToken)"/>. Reuse one
    /// <see cref="SocketAddress"/> across receives and nothing is allocated. The buffer is pinned until the completion, and
    /// the task completes only after it, also when cancelled; the kernel writes the address into the loop's native memory,
    /// and it is copied into <paramref name="receivedAddress"/> (setting its <see cref="SocketAddress.Size"/>) before the
    /// task completes. A datagram longer than the buffer is cut to it and the rest is discarded; use
    /// <see cref="ReceiveMessageAsync(Socket, ReadOnlySpan{Memory{byte}}, SocketAddress?, SocketFlags, CancellationToken)"/>
    /// to learn that it happened.
    /// </summary>
    /// <param name="socket">A datagram socket.</param>
    /// <param name="buffer">Where the datagram goes.</param>
    /// <param name="receivedAddress">Receives the sender's address; its buffer holds at least
    /// <see cref="SocketAddress.GetMaximumAddressSize"/> bytes of the socket's family (a <c>new SocketAddress(socket.AddressFamily)</c>).</param>
    /// <param name="socketFlags"><see cref="SocketFlags.None"/>, <see cref="SocketFlags.Peek"/> or <see cref="SocketFlags.OutOfBand"/>.</param>
    /// <param name="cancellationToken">Cancels the receive.</param>
    /// <returns>The bytes received.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="receivedAddress"/> is too small for the socket's family, or <paramref name="socketFlags"/> holds a flag this operation does not pass on.</exception>
    public ValueTask<int> ReceiveFromAsync(Socket socket, Memory<byte> buffer, SocketAddress receivedAddress, SocketFlags socketFlags = SocketFlags.None, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ValidateReceivedAddress(receivedAddress, socket.AddressFamily);
        return StartReceiveFrom(socket.SafeHandle, -1, buffer, receivedAddress, socketFlags, TimeSpan.Zero, cancellationToken);
    }

    /// <summary>
    /// <see cref="ReceiveFromAsync(Socket, Memory{byte}, SocketAddress, SocketFlags, CancellationToken)"/> with a deadline:
    /// a receive still waiting after <paramref name="timeout"/> fails with <see cref="SocketError.TimedOut"/> and consumes nothing.
    /// </summary>
    /// <param name="socket">A datagram socket.</param>
    /// <param name="buffer">Where the datagram goes.</param>
    /// <param name="receivedAddress">Receives the sender's address.</param>
    /// <param name="timeout">The deadline, from submission; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="cancellationToken">Cancels the receive.</param>
    /// <returns>The bytes received.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="receivedAddress"/> is too small for the socket's family, or <paramref name="timeout"/> is not positive (nor infinite).</exception>
    public ValueTask<int> ReceiveFromAsync(Socket socket, Memory<byte> buffer, SocketAddress receivedAddress, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ValidateReceivedAddress(receivedAddress, socket.AddressFamily);
        return StartReceiveFrom(socket.SafeHandle, -1, buffer, receivedAddress, SocketFlags.None, ValidateDeadline(timeout), cancellationToken);
    }

    /// <summary>
    /// Receives a datagram on a socket handle; see <see cref="ReceiveFromAsync(Socket, Memory{byte}, SocketAddress, SocketFlags, CancellationToken)"/>.
    /// The handle does not say its family: an address longer than <paramref name="receivedAddress"/>'s buffer is cut to it.
    /// </summary>
    /// <param name="socket">A datagram socket.</param>
    /// <param name="buffer">Where the datagram goes.</param>
    /// <param name="receivedAddress">Receives the sender's address.</param>
    /// <param name="socketFlags"><see cref="SocketFlags.None"/>, <see cref="SocketFlags.Peek"/> or <see cref="SocketFlags.OutOfBand"/>.</param>
    /// <param name="cancellationToken">Cancels the receive.</param>
    /// <returns>The bytes received.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="socketFlags"/> holds a flag this operation does not pass on.</exception>
    public ValueTask<int> ReceiveFromAsync(SafeSocketHandle socket, Memory<byte> buffer, SocketAddress receivedAddress, SocketFlags socketFlags = SocketFlags.None, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ValidateReceivedAddress(receivedAddress, AddressFamily.Unspecified);
        return StartReceiveFrom(socket, -1, buffer, receivedAddress, socketFlags, TimeSpan.Zero, cancellationToken);
    }

    /// <summary>Receives a datagram on a raw socket fd; see <see cref="ReceiveFromAsync(SafeSocketHandle, Memory{byte}, SocketAddress, SocketFlags, CancellationToken)"/>.</summary>
    /// <param name="fd">A datagram socket.</param>
    /// <param name="buffer">Where the datagram goes.</param>
    /// <param name="receivedAddress">Receives the sender's address.</param>
    /// <param name="socketFlags"><see cref="SocketFlags.None"/>, <see cref="SocketFlags.Peek"/> or <see cref="SocketFlags.OutOfBand"/>.</param>
    /// <param name="cancellationToken">Cancels the receive.</param>
    /// <returns>The bytes received.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="receivedAddress"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="socketFlags"/> holds a flag this operation does not pass on.</exception>
    public ValueTask<int> ReceiveFromAsync(int fd, Memory<byte> buffer, SocketAddress receivedAddress, SocketFlags socketFlags = SocketFlags.None, CancellationToken cancellationToken = default)
    {
        ValidateReceivedAddress(receivedAddress, AddressFamily.Unspecified);
        return StartReceiveFrom(null, fd, buffer, receivedAddress, socketFlags, TimeSpan.Zero, cancellationToken);
    }

    /// <summary>Receives a datagram on a raw socket fd with a deadline; see <see cref="ReceiveFromAsync(Socket, Memory{byte}, SocketAddress, TimeSpan, CancellationToken)"/>.</summary>
    /// <param name="fd">A datagram socket.</param>
    /// <param name="buffer">Where the datagram goes.</param>
    /// <param name="receivedAddress">Receives the sender's address.</param>
    /// <param name="timeout">The deadline, from submission; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="cancellationToken">Cancels the receive.</param>
    /// <returns>The bytes received.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="receivedAddress"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not positive (nor infinite).</exception>
    public ValueTask<int> ReceiveFromAsync(int fd, Memory<byte> buffer, SocketAddress receivedAddress, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ValidateReceivedAddress(receivedAddress, AddressFamily.Unspecified);
        return StartReceiveFrom(null, fd, buffer, receivedAddress, SocketFlags.None, ValidateDeadline(timeout), cancellationToken);
    }

    /// <summary>
    /// Sends the concatenation of <paramref name="buffers"/> as one message (<c>sendmsg(2)</c>, <c>IORING_OP_SENDMSG</c>: a
    /// gathered send, one datagram on a datagram socket), to <paramref name="destination"/> or, when it is null, to the
    /// socket's peer. Each buffer is pinned until the completion; the <c>msghdr</c>, the iovecs and the address are built in
    /// native memory. Pass the buffers as a collection expression (<c>[header, payload]</c>) and nothing is allocated.
    /// </summary>
    /// <param name="socket">A socket.</param>
    /// <param name="buffers">The parts of the message, in order (at most 1024; read when the call is made, so a temporary span is fine).</param>
    /// <param name="destination">The destination (copied), or null for a connected socket.</param>
    /// <param name="socketFlags"><see cref="SocketFlags.None"/>, <see cref="SocketFlags.OutOfBand"/> or <see cref="SocketFlags.DontRoute"/>.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The bytes sent.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="socket"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">More than 1024 buffers, a <paramref name="destination"/> larger than a
    /// <c>sockaddr_storage</c>, or a flag this operation does not pass on.</exception>
    public ValueTask<int> SendMessageAsync(Socket socket, ReadOnlySpan<ReadOnlyMemory<byte>> buffers, SocketAddress? destination = null, SocketFlags socketFlags = SocketFlags.None, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return StartSendMessage(socket.SafeHandle, -1, buffers, destination, socketFlags, cancellationToken);
    }

    /// <summary>Sends a gathered message on a socket handle; see <see cref="SendMessageAsync(Socket, ReadOnlySpan{ReadOnlyMemory{byte}}, SocketAddress?, SocketFlags, CancellationToken)"/>.</summary>
    /// <param name="socket">A socket.</param>
    /// <param name="buffers">The parts of the message, in order (at most 1024).</param>
    /// <param name="destination">The destination (copied), or null for a connected socket.</param>
    /// <param name="socketFlags"><see cref="SocketFlags.None"/>, <see cref="SocketFlags.OutOfBand"/> or <see cref="SocketFlags.DontRoute"/>.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The bytes sent.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="socket"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">More than 1024 buffers, a <paramref name="destination"/> larger than a
    /// <c>sockaddr_storage</c>, or a flag this operation does not pass on.</exception>
    public ValueTask<int> SendMessageAsync(SafeSocketHandle socket, ReadOnlySpan<ReadOnlyMemory<byte>> buffers, SocketAddress? destination = null, SocketFlags socketFlags = SocketFlags.None, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return StartSendMessage(socket, -1, buffers, destination, socketFlags, cancellationToken);
    }

    /// <summary>Sends a gathered message on a raw socket fd; see <see cref="SendMessageAsync(Socket, ReadOnlySpan{ReadOnlyMemory{byte}}, SocketAddress?, SocketFlags, CancellationToken)"/>.</summary>
    /// <param name="fd">A socket.</param>
    /// <param name="buffers">The parts of the message, in order (at most 1024).</param>
    /// <param name="destination">The destination (copied), or null for a connected socket.</param>
    /// <param name="socketFlags"><see cref="SocketFlags.None"/>, <see cref="SocketFlags.OutOfBand"/> or <see cref="SocketFlags.DontRoute"/>.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The bytes sent.</returns>
    /// <exception cref="ArgumentOutOfRangeException">More than 1024 buffers, a <paramref name="destination"/> larger than a
    /// <c>sockaddr_storage</c>, or a flag this operation does not pass on.</exception>
    public ValueTask<int> SendMessageAsync(int fd, ReadOnlySpan<ReadOnlyMemory<byte>> buffers, SocketAddress? destination = null, SocketFlags socketFlags = SocketFlags.None, CancellationToken cancellationToken = default)
        => StartSendMessage(null, fd, buffers, destination, socketFlags, cancellationToken);

    /// <summary>
    /// Receives one message into <paramref name="buffers"/>, filling them in order (<c>recvmsg(2)</c>,
    /// <c>IORING_OP_RECVMSG</c>: a scattered receive), and its sender's address into <paramref name="receivedAddress"/>
    /// when one is given. The result carries the kernel's <c>msg_flags</c>: <see cref="ReceiveMessageResult.IsTruncated"/>
    /// (<c>MSG_TRUNC</c>) says the datagram was longer than all the buffers together and its rest was discarded. Each buffer
    /// is pinned until the completion, and the task completes only after it, also when cancelled; the <c>msghdr</c>, the
    /// iovecs and the address the kernel writes live in the loop's native memory. Reuse the address and pass the buffers as
    /// a collection expression, and nothing is allocated.
    /// </summary>
    /// <param name="socket">A socket.</param>
    /// <param name="buffers">Where the message goes, in order (at most 1024; read when the call is made, so a temporary span is fine).</param>
    /// <param name="receivedAddress">Receives the sender's address (room for the socket's family), or null.</param>
    /// <param name="socketFlags"><see cref="SocketFlags.None"/>, <see cref="SocketFlags.Peek"/> or <see cref="SocketFlags.OutOfBand"/>.</param>
    /// <param name="cancellationToken">Cancels the receive.</param>
    /// <returns>The byte count and the message flags.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="socket"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">More than 1024 buffers, a <paramref name="receivedAddress"/> too small for the
    /// socket's family, or a flag this operation does not pass on.</exception>
    public ValueTask<ReceiveMessageResult> ReceiveMessageAsync(Socket socket, ReadOnlySpan<Memory<byte>> buffers, SocketAddress? receivedAddress = null, SocketFlags socketFlags = SocketFlags.None, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (receivedAddress is not null)
        {
            ValidateReceivedAddress(receivedAddress, socket.AddressFamily);
        }

        return StartReceiveMessage(socket.SafeHandle, -1, buffers, receivedAddress, socketFlags, cancellationToken);
    }

    /// <summary>
    /// Receives a scattered message on a socket handle; see <see cref="ReceiveMessageAsync(Socket, ReadOnlySpan{Memory{byte}}, SocketAddress?, SocketFlags, CancellationToken)"/>.
    /// An address longer than <paramref name="receivedAddress"/>'s buffer is cut to it.
    /// </summary>
    /// <param name="socket">A socket.</param>
    /// <param name="buffers">Where the message goes, in order (at most 1024).</param>
    /// <param name="receivedAddress">Receives the sender's address, or null.</param>
    /// <param name="socketFlags"><see cref="SocketFlags.None"/>, <see cref="SocketFlags.Peek"/> or <see cref="SocketFlags.OutOfBand"/>.</param>
    /// <param name="cancellationToken">Cancels the receive.</param>
    /// <returns>The byte count and the message flags.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="socket"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">More than 1024 buffers, or a flag this operation does not pass on.</exception>
    public ValueTask<ReceiveMessageResult> ReceiveMessageAsync(SafeSocketHandle socket, ReadOnlySpan<Memory<byte>> buffers, SocketAddress? receivedAddress = null, SocketFlags socketFlags = SocketFlags.None, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return StartReceiveMessage(socket, -1, buffers, receivedAddress, socketFlags, cancellationToken);
    }

    /// <summary>Receives a scattered message on a raw socket fd; see <see cref="ReceiveMessageAsync(SafeSocketHandle, ReadOnlySpan{Memory{byte}}, SocketAddress?, SocketFlags, CancellationToken)"/>.</summary>
    /// <param name="fd">A socket.</param>
    /// <param name="buffers">Where the message goes, in order (at most 1024).</param>
    /// <param name="receivedAddress">Receives the sender's address, or null.</param>
    /// <param name="socketFlags"><see cref="SocketFlags.None"/>, <see cref="SocketFlags.Peek"/> or <see cref="SocketFlags.OutOfBand"/>.</param>
    /// <param name="cancellationToken">Cancels the receive.</param>
    /// <returns>The byte count and the message flags.</returns>
    /// <exception cref="ArgumentOutOfRangeException">More than 1024 buffers, or a flag this operation does not pass on.</exception>
    public ValueTask<ReceiveMessageResult> ReceiveMessageAsync(int fd, ReadOnlySpan<Memory<byte>> buffers, SocketAddress? receivedAddress = null, SocketFlags socketFlags = SocketFlags.None, CancellationToken cancellationToken = default)
        => StartReceiveMessage(null, fd, buffers, receivedAddress, socketFlags, cancellationToken);

    private ValueTask<int> StartSendTo(SafeHandle? handle, int fd, ReadOnlyMemory<byte> buffer, in SockAddr destination, SocketFlags socketFlags, CancellationToken cancellationToken)
    {
        ValidateMessageFlags(socketFlags);
        AsyncOperation op = Rent(AsyncOperationKind.SendTo, ErrorDomain.Socket);
        op.Fd = fd;
        op.Buffer = MemoryMarshal.AsMemory(buffer);
        op.Address = destination;
        op.Flags = (uint)socketFlags;
        return new ValueTask<int>(op, Start(op, handle, cancellationToken, pin: true));
    }

    private ValueTask<int> StartReceiveFrom(SafeHandle? handle, int fd, Memory<byte> buffer, SocketAddress receivedAddress, SocketFlags socketFlags, TimeSpan deadline, CancellationToken cancellationToken)
    {
        ValidateMessageFlags(socketFlags);
        AsyncOperation op = Rent(AsyncOperationKind.ReceiveFrom, ErrorDomain.Socket);
        op.Fd = fd;
        op.Buffer = buffer;
        op.ReceivedAddress = receivedAddress;
        op.Flags = (uint)socketFlags;
        op.Deadline = deadline;
        return new ValueTask<int>(op, Start(op, handle, cancellationToken, pin: true));
    }

    private ValueTask<int> StartSendMessage(SafeHandle? handle, int fd, ReadOnlySpan<ReadOnlyMemory<byte>> buffers, SocketAddress? destination, SocketFlags socketFlags, CancellationToken cancellationToken)
    {
        ValidateMessageFlags(socketFlags);
        ValidateBufferCount(buffers.Length, nameof(buffers));
        SockAddr address = destination is null ? default : FromSocketAddress(destination, nameof(destination));

        // Everything that can throw ran: from here the pins are released by the operation's completion, however it ends.
        AsyncOperation op = Rent(AsyncOperationKind.SendMessage, ErrorDomain.Socket);
        op.Fd = fd;
        op.Address = address;
        op.Flags = (uint)socketFlags;
        if (!TryPinSegments(op, buffers))
        {
            return new ValueTask<int>(op, op.Version);
        }

        return new ValueTask<int>(op, Start(op, handle, cancellationToken));
    }

    private ValueTask<ReceiveMessageResult> StartReceiveMessage(SafeHandle? handle, int fd, ReadOnlySpan<Memory<byte>> buffers, SocketAddress? receivedAddress, SocketFlags socketFlags, CancellationToken cancellationToken)
    {
        ValidateMessageFlags(socketFlags);
        ValidateBufferCount(buffers.Length, nameof(buffers));
        AsyncOperation op = Rent(AsyncOperationKind.ReceiveMessage, ErrorDomain.Socket);
        op.Fd = fd;
        op.ReceivedAddress = receivedAddress;
        op.Flags = (uint)socketFlags;
        if (!TryPinSegments(op, buffers))
        {
            return new ValueTask<ReceiveMessageResult>(op, op.Version);
        }

        return new ValueTask<ReceiveMessageResult>(op, Start(op, handle, cancellationToken));
    }

    /// <summary>
    /// Pins the buffers of a gathered send; false when one cannot be pinned (a custom <see cref="System.Buffers.MemoryManager{T}"/>
    /// threw): the operation then ends with that exception, which its await reports, and what was pinned is released.
    /// </summary>
    private static bool TryPinSegments(AsyncOperation op, ReadOnlySpan<ReadOnlyMemory<byte>> buffers)
    {
        try
        {
            op.PinSegments(buffers);
            return true;
        }
        catch (Exception e)
        {
            op.Complete(AsyncOutcome.Faulted, -(int)Errno.EINVAL, e);
            return false;
        }
    }

    /// <summary>Pins the buffers of a scattered receive; see <see cref="TryPinSegments(AsyncOperation, ReadOnlySpan{ReadOnlyMemory{byte}})"/>.</summary>
    private static bool TryPinSegments(AsyncOperation op, ReadOnlySpan<Memory<byte>> buffers)
    {
        try
        {
            op.PinSegments(buffers);
            return true;
        }
        catch (Exception e)
        {
            op.Complete(AsyncOutcome.Faulted, -(int)Errno.EINVAL, e);
            return false;
        }
    }

    /// <summary>The SQE of a message operation, on the loop (from <see cref="TryPrepareRequest"/>).</summary>
    private bool TryPrepareDatagram(AsyncOperation op, SqeContext context, in OpOptions options)
    {
        MessageFlags flags = (MessageFlags)op.Flags;
        if (op.Kind == AsyncOperationKind.SendTo)
        {
            // The destination is staged with the SQE (the kernel copies it when it takes the request).
            return _ring.TryPrepareSendTo(context, op.Fd, new ReadOnlySpan<byte>(op.BufferPointer, op.Buffer.Length), op.Address, flags, options);
        }

        MessageBlock* block = EnsureMessageBlock(op, op.Kind == AsyncOperationKind.ReceiveFrom ? 1 : op.SegmentCount);
        int count = op.WriteMessageVectors();
        ReadOnlySpan<IoVector> vectors = new(op.MessageVectors, count);
        if (op.Kind == AsyncOperationKind.SendMessage)
        {
            SendMessage message = op.Address.Length != 0 ? new SendMessage(vectors, ref op.Address) : new SendMessage(vectors);
            return _ring.TryPrepareSendMsg(context, op.Fd, message, flags, options);
        }

        // RECVMSG writes the sender's address, its length and msg_flags back into this header at the completion.
        block->Header = default;
        if (op.ReceivedAddress is not null)
        {
            block->Header.Name = &block->Name;
            block->Header.NameLength = SockAddr.Capacity;
        }

        block->Header.Vectors = op.MessageVectors;
        block->Header.VectorCount = (nuint)count;
        return _ring.TryPrepareRecvMsg(context, op.Fd, new Span<MessageHeader>(&block->Header, 1), flags, options);
    }

    /// <summary>The source's native block, with room for <paramref name="vectors"/> iovecs (allocated or grown on the loop; the source is not in flight).</summary>
    private MessageBlock* EnsureMessageBlock(AsyncOperation op, int vectors)
    {
        if (op.Message != null && op.MessageVectorCapacity >= vectors)
        {
            return op.Message;
        }

        _nativeBytes -= op.FreeMessageBlock();
        int capacity = Math.Max(4, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(vectors, 1)));
        nuint bytes = AsyncOperation.MessageBlockBytes(capacity);
        op.Message = (MessageBlock*)NativeMemory.AlignedAlloc(bytes, 64);
        op.MessageVectorCapacity = capacity;
        _nativeBytes += (long)bytes;
        return op.Message;
    }

    /// <summary>A .NET <see cref="SocketAddress"/> as the kernel's address (its bytes are the native <c>sockaddr</c> on Linux).</summary>
    private static SockAddr FromSocketAddress(SocketAddress socketAddress, string paramName)
    {
        ArgumentNullException.ThrowIfNull(socketAddress, paramName);
        int size = socketAddress.Size;
        if (size > SockAddr.Capacity)
        {
            throw new ArgumentOutOfRangeException(paramName, size, $"A socket address holds at most {SockAddr.Capacity} bytes (sockaddr_storage).");
        }

        SockAddr address = default;
        socketAddress.Buffer.Span[..size].CopyTo(address.Bytes);
        address.Length = (uint)size;
        return address;
    }

    /// <summary>Checks that <paramref name="receivedAddress"/> has room for an address of <paramref name="family"/> (any family when unknown).</summary>
    private static void ValidateReceivedAddress(SocketAddress receivedAddress, AddressFamily family)
    {
        ArgumentNullException.ThrowIfNull(receivedAddress);
        if (family != AddressFamily.Unspecified && receivedAddress.Buffer.Length < SocketAddress.GetMaximumAddressSize(family))
        {
            throw new ArgumentOutOfRangeException(
                nameof(receivedAddress),
                receivedAddress.Buffer.Length,
                $"The address has room for {receivedAddress.Buffer.Length} bytes; a {family} address needs {SocketAddress.GetMaximumAddressSize(family)}. Use new SocketAddress(socket.AddressFamily).");
        }
    }

    private static void ValidateMessageFlags(SocketFlags socketFlags)
    {
        if ((socketFlags & ~PassThroughFlags) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(socketFlags), socketFlags, "Only SocketFlags.OutOfBand, Peek and DontRoute are passed to the kernel.");
        }
    }

    private static void ValidateBufferCount(int count, string paramName)
    {
        if (count > AsyncOperation.MaxMessageBuffers)
        {
            throw new ArgumentOutOfRangeException(paramName, count, $"A message has at most {AsyncOperation.MaxMessageBuffers} buffers (UIO_MAXIOV).");
        }
    }
}
