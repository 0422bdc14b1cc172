using System;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Uring.Interop;

namespace Uring;

/// <summary>
/// A connected stream socket (TCP or Unix-domain) owned by an <see cref="EventLoop"/>: every receive, send, shutdown
/// and the final close goes through that loop's ring. Get one from <see cref="EventLoop.AcceptConnectionAsync(Socket, CancellationToken)"/>,
/// <see cref="EventLoop.AcceptConnectionsAsync(Socket)"/> (multishot), <see cref="EventLoop.ConnectAsync(EndPoint, CancellationToken)"/>
/// or <see cref="EventLoop.AdoptConnection(int)"/>; wrap it in a <see cref="LoopConnectionStream"/> or a
/// <see cref="LoopDuplexPipe"/> for code that expects those.
/// </summary>
/// <remarks>
/// <para>Operations may start on any thread; they run on the loop and, awaited on the loop, resume inline and allocate
/// nothing. Buffers are pinned until the operation's completion, and its task completes only after it (see
/// <see cref="EventLoop"/>). One receive and one send may be in flight at once (more work, but their bytes interleave in
/// an order nobody promises).</para>
/// <para><b>Closing.</b> <see cref="DisposeAsync"/> (or <see cref="Dispose"/>) refuses new operations at once
/// (<see cref="ObjectDisposedException"/>), cancels the ones in flight (they fail with
/// <see cref="SocketError.OperationAborted"/>, as on a disposed <see cref="Socket"/>), and closes the descriptor through the
/// ring once the last of them has completed, so its number is never reused while the kernel still works on it. The loop
/// counts the descriptor in <see cref="EventLoopStatistics.OwnedFileDescriptors"/> until then, and its own shutdown
/// closes every connection still open.</para>
/// </remarks>
[ResumesOnIssuerThread]
public sealed class LoopConnection : IAsyncDisposable, IDisposable
{
    private readonly LoopSocketHandle _handle;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private EndPoint? _localEndPoint;
    private EndPoint? _remoteEndPoint;
    private int _disposed;
    private ProvidedReceiver? _providedReceiver;
    private ProvidedReceiveQueue? _providedQueue;

    /// <summary>Takes ownership of <paramref name="fd"/> and registers it with <paramref name="loop"/>.</summary>
    /// <exception cref="ObjectDisposedException">The loop is shutting down; the fd was closed.</exception>
    internal LoopConnection(EventLoop loop, int fd, bool noDelay)
    {
        Loop = loop;
        FileDescriptor = fd;
        _handle = new LoopSocketHandle(fd, this);
        if (noDelay)
        {
            // Like Kestrel's default: a small response is not held back waiting for an ACK. Unix sockets have no
            // such option and refuse it; nothing else depends on it.
            _ = Syscalls.SetSockOptInt(fd, Syscalls.IpProtoTcp, Syscalls.TcpNoDelay, 1);
        }

        if (!loop.TryRegisterConnection(this))
        {
            _handle.SetHandleAsInvalid();
            _ = Syscalls.Close(fd);
            _closed.TrySetResult();
            throw AsyncErrors.LoopDisposed();
        }
    }

    /// <summary>The loop whose ring carries every operation of this connection.</summary>
    public EventLoop Loop { get; }

    /// <summary>The socket's descriptor (for socket options; do not close it, and do not use it after <see cref="Dispose"/>).</summary>
    public int FileDescriptor { get; }

    /// <summary>True once <see cref="Dispose"/> or <see cref="DisposeAsync"/> was called (or the loop shut down and closed it).</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0 || _handle.CloseRequested;

    /// <summary>A task that completes when the descriptor has been closed.</summary>
    public Task Closed => _closed.Task;

    /// <summary>The local address (<c>getsockname(2)</c>, read once); null when the kernel reports none.</summary>
    /// <exception cref="ObjectDisposedException">The connection was disposed.</exception>
    public EndPoint? LocalEndPoint => _localEndPoint ??= ReadEndPoint(peer: false);

    /// <summary>The peer's address (<c>getpeername(2)</c>, read once); null when the kernel reports none (an unnamed Unix socket).</summary>
    /// <exception cref="ObjectDisposedException">The connection was disposed.</exception>
    public EndPoint? RemoteEndPoint => _remoteEndPoint ??= ReadEndPoint(peer: true);

    /// <summary>Set on the loop when the handle lost its last reference and the close began.</summary>
    internal bool ReleaseStarted;

    /// <summary>The copy-free receiver of this connection, once something receives into provided buffers.</summary>
    internal ProvidedReceiver? ProvidedReceiver => Volatile.Read(ref _providedReceiver);

    /// <summary>Makes <paramref name="receiver"/> the connection's only receiver (loop close hook included).</summary>
    /// <exception cref="InvalidOperationException">Another one receives already.</exception>
    internal void AttachReceiver(ProvidedReceiver receiver)
    {
        if (Interlocked.CompareExchange(ref _providedReceiver, receiver, null) is not null)
        {
            throw new InvalidOperationException(
                "This connection already receives into provided buffers (a LoopDuplexPipe, or ReceiveProvidedAsync): one receiver per connection.");
        }
    }

    /// <summary>The handle operations reference while they are in flight.</summary>
    internal SafeHandle Handle => _handle;

    /// <summary>The same handle, with its close flag.</summary>
    internal LoopSocketHandle SocketHandle => _handle;

    /// <summary>
    /// Receives into <paramref name="buffer"/> (<c>recv(2)</c> on the ring), like
    /// <see cref="Socket.ReceiveAsync(Memory{byte}, SocketFlags, CancellationToken)"/>. The buffer is pinned until the
    /// completion, and the task completes only after it, also when cancelled.
    /// </summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="cancellationToken">Cancels the receive (<see cref="OperationCanceledException"/>; nothing was consumed).</param>
    /// <returns>The bytes received; 0 when the peer shut its side down.</returns>
    /// <exception cref="ObjectDisposedException">The connection was disposed.</exception>
    /// <exception cref="SocketException">Awaited: the receive failed (<see cref="SocketError.OperationAborted"/> when the connection was disposed meanwhile).</exception>
    public ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ThrowIfReceivingProvided();
        return Loop.StartConnectionReceive(this, buffer, ErrorDomain.Socket, TimeSpan.Zero, cancellationToken);
    }

    /// <summary>
    /// <see cref="ReceiveAsync(Memory{byte}, CancellationToken)"/> with a deadline: a receive still waiting after
    /// <paramref name="timeout"/> fails with <see cref="SocketError.TimedOut"/> and consumes nothing.
    /// </summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="timeout">The deadline, from submission; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="cancellationToken">Cancels the receive.</param>
    /// <returns>The bytes received; 0 when the peer shut its side down.</returns>
    /// <exception cref="ObjectDisposedException">The connection was disposed.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not positive (nor infinite).</exception>
    public ValueTask<int> ReceiveAsync(Memory<byte> buffer, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ThrowIfReceivingProvided();
        return Loop.StartConnectionReceive(this, buffer, ErrorDomain.Socket, EventLoop.ValidateDeadline(timeout), cancellationToken);
    }

    /// <summary>
    /// Receives without a copy: the kernel picks a buffer of the loop's provided-buffer ring when bytes arrive, fills it,
    /// and the returned <see cref="LentBuffer"/> is that buffer, lent to you. <see cref="LentBuffer.Return"/> it when you
    /// are done with the bytes (any thread). A connection with nothing to read holds no buffer.
    /// </summary>
    /// <remarks>
    /// <para>The first call starts a multishot receive (<c>IORING_RECV_MULTISHOT</c> with <c>IOSQE_BUFFER_SELECT</c>) that
    /// stays armed: bytes that arrive before the next call wait in lent buffers (up to 64 KiB ahead, then receiving pauses
    /// until you catch up). When the ring is empty (<c>ENOBUFS</c>) the receive is armed again as buffers come back, and a
    /// call that waits meanwhile is served by an ordinary receive into a buffer of its own. From then on the connection
    /// receives this way only: do not mix it with <see cref="ReceiveAsync(Memory{byte}, CancellationToken)"/>.</para>
    /// <para>One call at a time; awaited on the loop it resumes inline and allocates nothing in steady state. Disposing
    /// the connection returns the buffers received and not yet handed out.</para>
    /// </remarks>
    /// <param name="cancellationToken">Cancels the wait (<see cref="OperationCanceledException"/>; nothing is lost: bytes that arrive later are returned by the next call).</param>
    /// <returns>The lent buffer; an <see cref="LentBuffer.IsEmpty"/> one when the peer shut its side down.</returns>
    /// <exception cref="ObjectDisposedException">The connection was disposed.</exception>
    /// <exception cref="InvalidOperationException">A call is already waiting, or a <see cref="LoopDuplexPipe"/> receives from this connection.</exception>
    /// <exception cref="SocketException">Awaited: the receive failed (<see cref="SocketError.ConnectionReset"/>; <see cref="SocketError.OperationAborted"/> when the connection was disposed meanwhile).</exception>
    [LendsProvidedBuffer]
    public ValueTask<LentBuffer> ReceiveProvidedAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ProvidedReceiveQueue? queue = _providedQueue;
        if (queue is null)
        {
            ProvidedReceiveQueue created = new(this);
            AttachReceiver(created.Receiver);
            queue = Interlocked.CompareExchange(ref _providedQueue, created, null) ?? created;
        }

        return queue.ReceiveAsync(cancellationToken);
    }

    /// <summary>
    /// Sends all of <paramref name="buffer"/>: one operation that goes on after a short send until every byte went out
    /// (as <see cref="Socket.SendAsync(ReadOnlyMemory{byte}, SocketFlags, CancellationToken)"/> does for a stream socket).
    /// The buffer is pinned until the last send's completion.
    /// </summary>
    /// <param name="buffer">The bytes.</param>
    /// <param name="cancellationToken">Cancels the send (bytes sent before the cancel stay sent).</param>
    /// <returns>A task that completes when every byte was handed to the kernel.</returns>
    /// <exception cref="ObjectDisposedException">The connection was disposed.</exception>
    /// <exception cref="SocketException">Awaited: the send failed (<see cref="SocketError.ConnectionReset"/>, <see cref="SocketError.Shutdown"/>, ...).</exception>
    public ValueTask SendAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return Loop.StartConnectionSend(this, buffer, ErrorDomain.Socket, cancellationToken);
    }

    /// <summary>
    /// Shuts down one or both directions (<c>shutdown(2)</c> on the ring), like <see cref="Socket.Shutdown"/>:
    /// <see cref="SocketShutdown.Send"/> sends a FIN after the bytes already sent, and the peer reads end of stream.
    /// </summary>
    /// <param name="how">Which direction; <see cref="SocketShutdown.Send"/> by default.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when it is done.</returns>
    /// <exception cref="ObjectDisposedException">The connection was disposed.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="how"/> is not a <see cref="SocketShutdown"/> value.</exception>
    public ValueTask ShutdownAsync(SocketShutdown how = SocketShutdown.Send, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return Loop.StartConnectionShutdown(this, how, cancellationToken);
    }

    /// <summary>
    /// Closes the connection without waiting: refuses new operations at once, cancels those in flight, and closes the
    /// descriptor through the ring when they have completed (see the class remarks). <see cref="Closed"/> completes then.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Loop.BeginCloseConnection(this);
        }
    }

    /// <summary>Closes the connection (see <see cref="Dispose"/>); the task completes when the descriptor has been closed.</summary>
    /// <returns>A task for the close.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return new ValueTask(_closed.Task);
    }

    /// <inheritdoc/>
    public override string ToString() => $"LoopConnection(fd {FileDescriptor}{(IsDisposed ? ", disposed" : string.Empty)})";

    /// <summary>The descriptor is closed (by the ring, or at the loop's shutdown).</summary>
    internal void SignalClosed()
    {
        Volatile.Write(ref _disposed, 1);
        _closed.TrySetResult();
    }

    /// <summary>Throws <see cref="ObjectDisposedException"/> once the connection was disposed.</summary>
    internal void ThrowIfDisposed()
    {
        if (IsDisposed)
        {
            ThrowDisposed();
        }
    }

    private static void ThrowDisposed() => throw new ObjectDisposedException(nameof(LoopConnection));

    /// <summary>A receive into caller memory would race the armed provided-buffer receive for the same bytes.</summary>
    private void ThrowIfReceivingProvided()
    {
        if (Volatile.Read(ref _providedReceiver) is not null)
        {
            throw new InvalidOperationException(
                "This connection receives into provided buffers (ReceiveProvidedAsync, or a LoopDuplexPipe): ReceiveAsync into your own memory would race it for the same bytes.");
        }
    }

    private unsafe EndPoint? ReadEndPoint(bool peer)
    {
        bool added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
        }
        catch (ObjectDisposedException)
        {
            ThrowDisposed();
        }

        try
        {
            SockAddr address = default;
            int rc = peer ? Syscalls.GetPeerName(FileDescriptor, &address) : Syscalls.GetSockName(FileDescriptor, &address);
            if (rc < 0)
            {
                throw AsyncErrors.ForSocket((Errno)(-rc), peer ? "getpeername" : "getsockname");
            }

            return address.ToEndPoint();
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// The descriptor as a <see cref="SafeHandle"/>: operations in flight hold a reference, so the close that
    /// <see cref="LoopConnection.Dispose"/> starts happens only after the last of them completed.
    /// </summary>
    internal sealed class LoopSocketHandle : SafeHandle
    {
        private readonly LoopConnection _owner;

        /// <summary>
        /// Set on the loop before the handle is disposed. <see cref="SafeHandle.IsClosed"/> turns true only with the last
        /// release, so this is what tells an operation still waiting to be submitted that its connection is closing.
        /// </summary>
        public volatile bool CloseRequested;

        public LoopSocketHandle(int fd, LoopConnection owner)
            : base(-1, ownsHandle: true)
        {
            SetHandle(fd);
            _owner = owner;
        }

        public override bool IsInvalid => handle == -1;

        /// <summary>The last reference is gone: the loop closes the descriptor (through the ring when it can).</summary>
        protected override bool ReleaseHandle()
        {
            _owner.Loop.OnConnectionReleased(_owner);
            return true;
        }
    }
}
