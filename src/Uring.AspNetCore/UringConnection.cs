using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO.Pipelines;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Connections;

namespace Uring.AspNetCore;

/// <summary>
/// One accepted connection as Kestrel sees it: a <see cref="ConnectionContext"/> over a <see cref="LoopDuplexPipe"/> whose
/// receive and send loops run on the event loop that owns the connection.
/// </summary>
/// <remarks>
/// Lifetime follows Kestrel's socket transport: the peer's FIN completes <see cref="ConnectionContext.Transport"/>'s input, a
/// reset completes it with a <see cref="ConnectionResetException"/>-like error, and either fires <see cref="ConnectionClosed"/>
/// (on the thread pool) once receiving has ended; <see cref="Abort(ConnectionAbortedException)"/> drops unsent output and
/// completes the input with the reason; <see cref="DisposeAsync"/> completes both pipes, sends what was flushed and closes the
/// descriptor through the ring.
/// </remarks>
internal sealed partial class UringConnection : ConnectionContext, IDuplexPipe
{
    private static readonly Action<Task, object?> s_receiveEnded = static (_, state) => ((UringConnection)state!).FireConnectionClosed();

    private readonly LoopDuplexPipe _pipe;
    private readonly TransportInput _input;
    private readonly TransportOutput _output;
    private readonly CancellationTokenSource _closed = new();
    private IDuplexPipe _transport;
    private string? _connectionId;
    private IDictionary<object, object?>? _items;
    private EndPoint? _localEndPoint;
    private EndPoint? _remoteEndPoint;
    private bool _localEndPointSet;
    private bool _remoteEndPointSet;
    private CancellationToken _connectionClosed;
    private readonly Lock _closedLock = new();
    private bool _closedFired;
    private int _disposed;

    private UringConnection(LoopDuplexPipe pipe, MemoryPool<byte> memoryPool)
    {
        _pipe = pipe;
        _input = new TransportInput(pipe.Input, FireConnectionClosed);
        _output = new TransportOutput(pipe.Output);
        _transport = this;
        MemoryPool = memoryPool;
        _connectionClosed = _closed.Token;
        InitializeFeatures();
    }

    /// <summary>The loop whose ring carries this connection.</summary>
    public EventLoop Loop => _pipe.Connection.Loop;

    /// <summary>The pool Kestrel takes its own buffers from (the pipes' pool).</summary>
    public MemoryPool<byte> MemoryPool { get; }

    /// <summary>The pipe's input, failures in Kestrel's shapes.</summary>
    PipeReader IDuplexPipe.Input => _input;

    /// <summary>The pipe's output, send failures reported as Kestrel expects.</summary>
    PipeWriter IDuplexPipe.Output => _output;

    /// <inheritdoc/>
    public override IDuplexPipe Transport
    {
        get => _transport;
        set => _transport = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <inheritdoc/>
    public override string ConnectionId
    {
        get => _connectionId ??= ConnectionIds.Next();
        set => _connectionId = value;
    }

    /// <inheritdoc/>
    public override IDictionary<object, object?> Items
    {
        get => _items ??= new ConnectionItems();
        set => _items = value;
    }

    /// <inheritdoc/>
    public override EndPoint? LocalEndPoint
    {
        get
        {
            if (!_localEndPointSet)
            {
                _localEndPoint = ReadEndPoint(peer: false);
                _localEndPointSet = true;
            }

            return _localEndPoint;
        }

        set
        {
            _localEndPoint = value;
            _localEndPointSet = true;
        }
    }

    /// <inheritdoc/>
    public override EndPoint? RemoteEndPoint
    {
        get
        {
            if (!_remoteEndPointSet)
            {
                _remoteEndPoint = ReadEndPoint(peer: true);
                _remoteEndPointSet = true;
            }

            return _remoteEndPoint;
        }

        set
        {
            _remoteEndPoint = value;
            _remoteEndPointSet = true;
        }
    }

    /// <inheritdoc/>
    public override CancellationToken ConnectionClosed
    {
        get => _connectionClosed;
        set => _connectionClosed = value;
    }

    /// <summary>
    /// Starts the pipe's receive and send loops on the connection's loop and returns the context that owns them.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The loop is shutting down (the caller disposes the connection).</exception>
    public static UringConnection Start(LoopConnection connection, LoopDuplexPipeOptions pipeOptions, MemoryPool<byte> memoryPool)
    {
        LoopDuplexPipe pipe = LoopDuplexPipe.Start(connection, pipeOptions);
        UringConnection context = new(pipe, memoryPool);

        // Kestrel's socket transport fires ConnectionClosed when its receive loop ends, on the thread pool (the callbacks
        // run Kestrel's request-abort code, which has no business on the loop thread). A read that sees the end fires it
        // first, on the reader's thread (TransportInput).
        _ = pipe.ReceiveCompletion.ContinueWith(s_receiveEnded, context, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        return context;
    }

    /// <inheritdoc/>
    public override void Abort(ConnectionAbortedException abortReason) => _pipe.Abort(abortReason);

    /// <inheritdoc/>
    /// <remarks>Kestrel calls this once its connection middleware has finished.</remarks>
    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            await _pipe.Completion.ConfigureAwait(false);
            return;
        }

        await _pipe.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override string ToString() => $"UringConnection({ConnectionId}, {_pipe.Connection})";

    /// <summary>
    /// Fires ConnectionClosed once. The receive loop's end (on the thread pool) and a read that sees the end (on the
    /// reader's thread) both call this; the second waits until the first has run Kestrel's callbacks, so a read that
    /// fails returns only after Kestrel has marked the request aborted (a flag alone let the read return while the
    /// other thread was still inside <see cref="CancellationTokenSource.Cancel()"/>).
    /// </summary>
    private void FireConnectionClosed()
    {
        lock (_closedLock)
        {
            if (!_closedFired)
            {
                _closedFired = true;
                _closed.Cancel();
            }
        }
    }

    private EndPoint? ReadEndPoint(bool peer)
    {
        try
        {
            return peer ? _pipe.Connection.RemoteEndPoint : _pipe.Connection.LocalEndPoint;
        }
        catch (ObjectDisposedException)
        {
            // Asked after the connection closed: Kestrel logs it, and "unknown" is the honest answer.
            return null;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return null;
        }
    }
}
