using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Uring.AspNetCore;

/// <summary>
/// One bound end point: a listening socket whose connections one loop accepts with a multishot accept and hands to the
/// loops of the group round-robin, each wrapped as a <see cref="UringConnection"/>.
/// </summary>
/// <remarks>
/// Kestrel calls <see cref="AcceptAsync"/> in a loop, then <see cref="UnbindAsync"/> at shutdown (stop accepting; the
/// connections already accepted go on and drain), then, once those have closed, <see cref="DisposeAsync"/>.
/// </remarks>
internal sealed class UringConnectionListener : IConnectionListener
{
    private readonly Socket _socket;
    private readonly EventLoop _acceptor;
    private readonly EventLoopGroup _loops;
    private readonly LoopDuplexPipeOptions _pipeOptions;
    private readonly MemoryPool<byte> _memoryPool;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _unbind = new();
    private readonly Lock _lock = new();
    private readonly List<Task> _retiring = [];
    private readonly string? _unixSocketPath;
    private IAsyncEnumerator<LoopConnection>? _accepts;
    private Task<bool>? _pendingMove;
    private bool _unbound;
    private Task? _unbinding;

    public UringConnectionListener(Socket socket, EndPoint endPoint, EventLoop acceptor, EventLoopGroup loops, LoopDuplexPipeOptions pipeOptions, MemoryPool<byte> memoryPool, ILogger logger)
    {
        _socket = socket;
        EndPoint = endPoint;
        _acceptor = acceptor;
        _loops = loops;
        _pipeOptions = pipeOptions;
        _memoryPool = memoryPool;
        _logger = logger;
        _unixSocketPath = endPoint is UnixDomainSocketEndPoint unix ? unix.ToString() : null;
    }

    /// <inheritdoc/>
    public EndPoint EndPoint { get; }

    /// <summary>The loop that runs the multishot accept.</summary>
    public EventLoop Acceptor => _acceptor;

    /// <inheritdoc/>
    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            IAsyncEnumerator<LoopConnection>? accepts;
            lock (_lock)
            {
                if (_unbound)
                {
                    return null;
                }

                accepts = _accepts ??= _acceptor.AcceptConnectionsAsync(_socket, _loops).GetAsyncEnumerator(_unbind.Token);
            }

            bool accepted;
            try
            {
                accepted = await MoveNextAsync(accepts, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_unbind.IsCancellationRequested)
            {
                return null;
            }
            catch (ObjectDisposedException)
            {
                // Unbound meanwhile, or the loops are shutting down: no more connections.
                return null;
            }
            catch (SocketException e) when (!_unbind.IsCancellationRequested)
            {
                // The kernel ended the multishot accept with an error (a connection reset in the backlog, out of file
                // descriptors): the next round arms a new one, as Kestrel's socket listener accepts again.
                UringTransportLog.AcceptFailed(_logger, EndPoint, e);
                Retire(accepts);
                if (e.SocketErrorCode is SocketError.TooManyOpenSockets)
                {
                    // EMFILE/ENFILE stay until a connection closes: do not spin on them.
                    await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
                }

                continue;
            }
            catch (SocketException)
            {
                return null;
            }

            if (!accepted)
            {
                return null;
            }

            LoopConnection connection = accepts.Current;
            try
            {
                return UringConnection.Start(connection, _pipeOptions, _memoryPool);
            }
            catch (ObjectDisposedException)
            {
                // The connection's loop is shutting down.
                await connection.DisposeAsync().ConfigureAwait(false);
                return null;
            }
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Cancels the multishot accept and waits for its last completion (connections it took and did not hand out are
    /// closed), then closes the listening socket. Connections already accepted are untouched.
    /// </remarks>
    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_unbinding is null)
            {
                _unbound = true;
                _unbinding = UnbindCoreAsync();
            }

            return new ValueTask(_unbinding);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await UnbindAsync().ConfigureAwait(false);
        _unbind.Dispose();
    }

    private async Task UnbindCoreAsync()
    {
        await _unbind.CancelAsync().ConfigureAwait(false);
        Task[] retiring;
        lock (_lock)
        {
            if (_accepts is not null)
            {
                _retiring.Add(_accepts.DisposeAsync().AsTask());
                _accepts = null;
            }

            retiring = [.. _retiring];
        }

        try
        {
            await Task.WhenAll(retiring).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // The loops shut down first: their shutdown ended the accept.
        }
        finally
        {
            _socket.Dispose();
            DeleteUnixSocketFile();
        }
    }

    /// <summary>Disposes an enumeration that ended (its request is disarmed already); Unbind waits for it.</summary>
    private void Retire(IAsyncEnumerator<LoopConnection> accepts)
    {
        lock (_lock)
        {
            if (ReferenceEquals(_accepts, accepts))
            {
                _accepts = null;
                _pendingMove = null;
                _retiring.Add(accepts.DisposeAsync().AsTask());
            }
        }
    }

    /// <summary>
    /// The next connection. With a cancellable token, a cancelled wait leaves the accept pending for the next call, so no
    /// connection the kernel handed over is lost.
    /// </summary>
    private async ValueTask<bool> MoveNextAsync(IAsyncEnumerator<LoopConnection> accepts, CancellationToken cancellationToken)
    {
        Task<bool>? pending = _pendingMove;
        _pendingMove = null;
        if (pending is null)
        {
            ValueTask<bool> next = accepts.MoveNextAsync();
            if (!cancellationToken.CanBeCanceled || next.IsCompleted)
            {
                return await next.ConfigureAwait(false);
            }

            pending = next.AsTask();
        }

        try
        {
            return await pending.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !pending.IsCompleted)
        {
            _pendingMove = pending;
            throw;
        }
    }

    private void DeleteUnixSocketFile()
    {
        // The socket file stays after the close; remove it so the next start can bind the path again. An abstract
        // address (leading NUL, shown as '@') has no file.
        if (string.IsNullOrEmpty(_unixSocketPath) || _unixSocketPath[0] is '\0' or '@')
        {
            return;
        }

        try
        {
            File.Delete(_unixSocketPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            UringTransportLog.UnixSocketFileNotDeleted(_logger, _unixSocketPath, e);
        }
    }
}
