using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Uring.Interop;

namespace Uring;

// Connections the loop owns: accept, connect and adopt return LoopConnections; the loop counts their descriptors,
// cancels their operations and closes them through the ring when they are disposed, and closes what is left at shutdown.
public sealed partial class EventLoop
{
    private static readonly Action<object?> s_closeConnection = static state =>
    {
        LoopConnection connection = (LoopConnection)state!;
        connection.Loop.CloseConnectionOnLoop(connection);
    };

    private readonly Lock _connectionsLock = new();
    private readonly HashSet<LoopConnection> _connections = new();
    private bool _connectionsClosed;

    /// <summary>
    /// Accepts a connection on <paramref name="listener"/> (<c>accept4(2)</c> on the ring) as a <see cref="LoopConnection"/>
    /// of this loop (TCP connections get <c>TCP_NODELAY</c>, as Kestrel's do).
    /// </summary>
    /// <param name="listener">A listening stream socket (the caller keeps owning it).</param>
    /// <param name="cancellationToken">Cancels the accept.</param>
    /// <returns>The connection, owned by the caller (dispose it).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="listener"/> is null.</exception>
    public ValueTask<LoopConnection> AcceptConnectionAsync(Socket listener, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listener);
        return WrapAccepted(StartAccept(listener.SafeHandle, -1, cancellationToken));
    }

    /// <summary>Accepts a connection on a raw listening fd; see <see cref="AcceptConnectionAsync(Socket, CancellationToken)"/>.</summary>
    /// <param name="listenerFd">A listening stream socket.</param>
    /// <param name="cancellationToken">Cancels the accept.</param>
    /// <returns>The connection, owned by the caller.</returns>
    public ValueTask<LoopConnection> AcceptConnectionAsync(int listenerFd, CancellationToken cancellationToken = default)
        => WrapAccepted(StartAccept(null, listenerFd, cancellationToken));

    /// <summary>
    /// Accepts connections for as long as the enumeration runs, with one multishot accept (<c>IORING_OP_ACCEPT</c> with
    /// <c>IORING_ACCEPT_MULTISHOT</c>): each completion that carries <see cref="CqeFlags.More"/> is a connection, and the
    /// request is armed again when the kernel ends it without an error. Nothing is armed before the first
    /// <c>MoveNextAsync</c>. Cancelling the enumerator's token (<c>WithCancellation</c>) cancels the request and the
    /// enumeration throws <see cref="OperationCanceledException"/>; disposing the enumerator cancels it and waits for its
    /// last completion. Connections accepted and not handed out yet are closed then.
    /// </summary>
    /// <param name="listener">A listening stream socket (kept referenced while the request is armed).</param>
    /// <returns>The connections, each owned by the code that takes it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="listener"/> is null.</exception>
    /// <remarks>A failure of the accept (the listener closed, <c>EMFILE</c>) ends the enumeration with a
    /// <see cref="SocketException"/> after the connections accepted before it; the loop's shutdown ends it with
    /// <see cref="ObjectDisposedException"/>.</remarks>
    public IAsyncEnumerable<LoopConnection> AcceptConnectionsAsync(Socket listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        return new MultishotAcceptEnumerable(this, listener.SafeHandle, -1);
    }

    /// <summary>
    /// <see cref="AcceptConnectionsAsync(Socket)"/> that spreads the connections over <paramref name="owners"/>: this loop's
    /// ring runs the one multishot accept, and each connection it hands out belongs to the group's next loop
    /// (<see cref="EventLoopGroup.Next"/>, round-robin), whose ring carries all of that connection's operations. One
    /// accepting loop feeds every loop of a server this way, with no listening socket per loop.
    /// </summary>
    /// <param name="listener">A listening stream socket (kept referenced while the request is armed).</param>
    /// <param name="owners">The loops the connections go to (this loop may be one of them).</param>
    /// <returns>The connections, each owned by the code that takes it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="listener"/> or <paramref name="owners"/> is null.</exception>
    public IAsyncEnumerable<LoopConnection> AcceptConnectionsAsync(Socket listener, EventLoopGroup owners)
    {
        ArgumentNullException.ThrowIfNull(listener);
        ArgumentNullException.ThrowIfNull(owners);
        return new MultishotAcceptEnumerable(this, listener.SafeHandle, -1, owners);
    }

    /// <summary>Accepts connections on a raw listening fd; see <see cref="AcceptConnectionsAsync(Socket)"/>.</summary>
    /// <param name="listenerFd">A listening stream socket (keep it open while the enumeration runs).</param>
    /// <returns>The connections, each owned by the code that takes it.</returns>
    public IAsyncEnumerable<LoopConnection> AcceptConnectionsAsync(int listenerFd)
        => new MultishotAcceptEnumerable(this, null, listenerFd);

    /// <summary>
    /// Opens a stream connection to <paramref name="remoteEndPoint"/>: a non-blocking socket of its family, connected on
    /// the ring (TCP connections get <c>TCP_NODELAY</c>).
    /// </summary>
    /// <param name="remoteEndPoint">An <see cref="IPEndPoint"/> or a <see cref="UnixDomainSocketEndPoint"/>.</param>
    /// <param name="cancellationToken">Cancels the connect (the socket is closed).</param>
    /// <returns>The connection, owned by the caller.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="remoteEndPoint"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="remoteEndPoint"/> is neither an IP nor a Unix-domain end point.</exception>
    /// <exception cref="SocketException">Awaited: the socket could not be created, or the connect failed (<see cref="SocketError.ConnectionRefused"/>, ...).</exception>
    public ValueTask<LoopConnection> ConnectAsync(EndPoint remoteEndPoint, CancellationToken cancellationToken = default)
    {
        SockAddr address = ToSockAddr(remoteEndPoint, AddressFamily.Unspecified);
        return ConnectCore(address, cancellationToken);
    }

    /// <summary>
    /// Takes ownership of a connected stream socket's fd: from now on the returned connection closes it.
    /// </summary>
    /// <param name="fd">A connected stream socket (blocking or not: the ring does not care).</param>
    /// <returns>The connection.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fd"/> is negative.</exception>
    /// <exception cref="ObjectDisposedException">The loop is shutting down (the fd was closed).</exception>
    public LoopConnection AdoptConnection(int fd)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fd);
        return new LoopConnection(this, fd, noDelay: false);
    }

    /// <summary>
    /// A connection over a duplicate of <paramref name="socket"/>'s descriptor (<c>F_DUPFD_CLOEXEC</c>): the connection
    /// owns the duplicate, the caller still owns (and disposes) <paramref name="socket"/>. Both name the same connection
    /// (one open file), so disposing the connection also cancels this loop's operations on <paramref name="socket"/>.
    /// </summary>
    /// <param name="socket">A connected stream socket.</param>
    /// <returns>The connection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="socket"/> is null.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="socket"/> was disposed, or the loop is shutting down.</exception>
    /// <exception cref="SocketException">The descriptor could not be duplicated.</exception>
    public LoopConnection AdoptConnection(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        SafeSocketHandle handle = socket.SafeHandle;
        bool added = false;
        handle.DangerousAddRef(ref added);
        int duplicate;
        try
        {
            duplicate = Syscalls.DuplicateCloseOnExec((int)handle.DangerousGetHandle());
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }

        if (duplicate < 0)
        {
            throw AsyncErrors.ForSocket((Errno)(-duplicate), "fcntl(F_DUPFD_CLOEXEC)");
        }

        return new LoopConnection(this, duplicate, noDelay: false);
    }

    /// <summary>Queues <paramref name="callback"/> to run on the loop (also while it shuts down); false once it no longer runs work.</summary>
    internal bool TryRunOnLoop(Action<object?> callback, object? state)
        => Enqueue(new LoopWork(callback, state), refuseWhenStopping: false);

    /// <summary>Counts descriptors the loop owns outside a <see cref="LoopConnection"/> (accepted, not handed out yet).</summary>
    internal void AdjustOwnedDescriptors(int delta) => Interlocked.Add(ref _ownedFds, delta);

    /// <summary>A receive on a connection (its handle referenced until the completion).</summary>
    internal ValueTask<int> StartConnectionReceive(LoopConnection connection, Memory<byte> buffer, ErrorDomain domain, TimeSpan deadline, CancellationToken cancellationToken, SocketFlags flags = SocketFlags.None)
    {
        AsyncOperation op = Rent(AsyncOperationKind.Receive, domain);
        op.Buffer = buffer;
        op.Flags = (uint)flags;
        op.Deadline = deadline;
        return new ValueTask<int>(op, Start(op, connection.Handle, cancellationToken, pin: true));
    }

    /// <summary>A send-all on a connection: one operation that sends the rest after a short send.</summary>
    internal ValueTask StartConnectionSend(LoopConnection connection, ReadOnlyMemory<byte> buffer, ErrorDomain domain, CancellationToken cancellationToken)
    {
        AsyncOperation op = Rent(AsyncOperationKind.SendAll, domain);
        op.Buffer = MemoryMarshal.AsMemory(buffer);
        return new ValueTask(op, Start(op, connection.Handle, cancellationToken, pin: true));
    }

    /// <summary>A shutdown on a connection.</summary>
    internal ValueTask StartConnectionShutdown(LoopConnection connection, SocketShutdown how, CancellationToken cancellationToken)
        => StartShutdown(connection.Handle, -1, how, cancellationToken);

    /// <summary>Adds a connection to what the loop owns; false once the loop is shutting down.</summary>
    internal bool TryRegisterConnection(LoopConnection connection)
    {
        lock (_connectionsLock)
        {
            if (_connectionsClosed || _stopRequested)
            {
                return false;
            }

            _connections.Add(connection);
        }

        Interlocked.Increment(ref _ownedFds);
        return true;
    }

    /// <summary>Starts closing a disposed connection, on the loop (from any thread).</summary>
    internal void BeginCloseConnection(LoopConnection connection)
    {
        if (IsOnLoopThread)
        {
            CloseConnectionOnLoop(connection);
            return;
        }

        // Refused only once the shutdown closed the queue: the shutdown closes every connection it still has.
        _ = Enqueue(new LoopWork(s_closeConnection, connection), refuseWhenStopping: false);
    }

    /// <summary>
    /// On the loop: marks the handle closed (no operation can reference it any more; one that waits to be submitted
    /// is refused) and, while operations still hold it, cancels them by fd. The descriptor is closed by the last
    /// reference's release (<see cref="OnConnectionReleased"/>), so the cancel always reaches the right file.
    /// </summary>
    private void CloseConnectionOnLoop(LoopConnection connection)
    {
        LoopConnection.LoopSocketHandle handle = connection.SocketHandle;
        if (handle.CloseRequested)
        {
            return;
        }

        handle.CloseRequested = true;
        handle.Dispose();
        connection.ProvidedReceiver?.OnConnectionClosing();
        if (!connection.ReleaseStarted && !_shuttingDown)
        {
            CancelOperationsOnFd(connection.FileDescriptor);
        }
    }

    /// <summary>One <c>ASYNC_CANCEL</c> of every request on <paramref name="fd"/>; a <c>shutdown(2)</c> instead when the SQ has no room.</summary>
    private void CancelOperationsOnFd(int fd)
    {
        SqeContext context = AsyncUserData.Context(AsyncUserData.Encode(AsyncRequestKind.Cancel, 0, 0));
        if (!HoldSubmissionsForTests)
        {
            bool prepared = _ring.TryPrepareCancelFd(context, fd, all: true);
            if (!prepared)
            {
                _ring.Submit();
                prepared = _ring.TryPrepareCancelFd(context, fd, all: true);
            }

            if (prepared)
            {
                _cancelsInFlight++;
                return;
            }
        }

        // No room for the cancel: a shutdown ends the pending receives (end of stream) and sends (EPIPE) at once, and the
        // descriptor is still open (operations reference it), so it reaches the right socket.
        _ = Syscalls.Shutdown(fd, Syscalls.ShutReadWrite);
    }

    /// <summary>
    /// The connection's handle lost its last reference: close the descriptor, through the ring on the running loop,
    /// with <c>close(2)</c> during shutdown (and on any other thread, which only happens then).
    /// </summary>
    internal void OnConnectionReleased(LoopConnection connection)
    {
        connection.ReleaseStarted = true;
        if (IsOnLoopThread && !_shuttingDown)
        {
            _ = CloseThroughRingAsync(connection, CloseAsync(connection.FileDescriptor));
            return;
        }

        _ = Syscalls.Close(connection.FileDescriptor);
        ForgetConnection(connection);
    }

    private async Task CloseThroughRingAsync(LoopConnection connection, ValueTask close)
    {
        try
        {
            await close;
        }
        catch (ObjectDisposedException)
        {
            // The shutdown began before the close went out: it never reached the kernel.
            _ = Syscalls.Close(connection.FileDescriptor);
        }
        catch (Exception)
        {
            // close(2) releases the descriptor even when it reports an error (EINTR, EIO): nothing is left to do.
        }

        ForgetConnection(connection);
    }

    /// <summary>The descriptor is closed: the loop no longer owns it.</summary>
    private void ForgetConnection(LoopConnection connection)
    {
        lock (_connectionsLock)
        {
            _connections.Remove(connection);
        }

        Interlocked.Decrement(ref _ownedFds);
        connection.SignalClosed();
    }

    /// <summary>Shutdown, on the loop: no connection registers any more, and every open one is closed.</summary>
    private void CloseAllConnections()
    {
        LoopConnection[] open;
        lock (_connectionsLock)
        {
            _connectionsClosed = true;
            open = new LoopConnection[_connections.Count];
            _connections.CopyTo(open);
        }

        foreach (LoopConnection connection in open)
        {
            CloseConnectionOnLoop(connection);
        }
    }

    private async ValueTask<LoopConnection> ConnectCore(SockAddr address, CancellationToken cancellationToken)
    {
        int fd = Syscalls.Socket((int)address.Family, Syscalls.SocketStream | Syscalls.SocketNonBlockCloseOnExec, 0);
        if (fd < 0)
        {
            throw AsyncErrors.ForSocket((Errno)(-fd), "socket");
        }

        LoopConnection connection = new(this, fd, noDelay: address.Family != SocketDomain.Unix);
        try
        {
            await StartConnect(connection.Handle, -1, address, TimeSpan.Zero, cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        return connection;
    }

    private async ValueTask<LoopConnection> WrapAccepted(ValueTask<int> accept)
    {
        int fd = await accept;
        return new LoopConnection(this, fd, noDelay: true);
    }
}
