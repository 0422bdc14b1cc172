using System;
using System.Buffers;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Uring;

/// <summary>
/// A <see cref="Stream"/> over a <see cref="LoopConnection"/>, shaped like <see cref="NetworkStream"/>: reads receive,
/// writes send everything, both on the connection's loop. For code that takes a <see cref="Stream"/> (<see cref="Stream.CopyToAsync(Stream)"/>,
/// <c>SslStream</c>, serializers).
/// </summary>
/// <remarks>
/// <para><see cref="ReadAsync(Memory{byte}, CancellationToken)"/> and <see cref="WriteAsync(ReadOnlyMemory{byte}, CancellationToken)"/>
/// return the loop's pooled operations: awaited on the loop they allocate nothing. A zero-byte read waits until data
/// arrives (or the peer closes) without consuming any, as on a <see cref="NetworkStream"/>. Failures are
/// <see cref="IOException"/>s whose inner exception is the <see cref="SocketException"/>; a cancelled token throws
/// <see cref="OperationCanceledException"/>, and every call after <see cref="Stream.Dispose()"/> throws
/// <see cref="ObjectDisposedException"/>.</para>
/// <para>The synchronous <see cref="Read(byte[], int, int)"/> and <see cref="Write(byte[], int, int)"/> block the calling
/// thread until the loop completed the operation (like <see cref="NetworkStream"/>'s); on the loop's own thread they throw
/// <see cref="InvalidOperationException"/>, because blocking it would stop the loop that has to complete them.
/// <see cref="Flush"/> does nothing (nothing is buffered); the stream cannot seek.</para>
/// </remarks>
[ResumesOnIssuerThread]
public sealed class LoopConnectionStream : Stream
{
    private readonly LoopConnection _connection;
    private readonly bool _ownsConnection;

    // The byte a zero-byte read peeks into (MSG_PEEK consumes nothing).
    private readonly byte[] _peekScratch = new byte[1];
    private int _disposed;

    /// <summary>A stream over <paramref name="connection"/>.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="ownsConnection">True (the default) to dispose the connection with the stream.</param>
    /// <exception cref="ArgumentNullException"><paramref name="connection"/> is null.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="connection"/> was disposed.</exception>
    public LoopConnectionStream(LoopConnection connection, bool ownsConnection = true)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.ThrowIfDisposed();
        _connection = connection;
        _ownsConnection = ownsConnection;
    }

    /// <summary>The connection under the stream.</summary>
    public LoopConnection Connection => _connection;

    /// <summary>True until the stream is disposed.</summary>
    public override bool CanRead => !IsDisposed;

    /// <summary>True until the stream is disposed.</summary>
    public override bool CanWrite => !IsDisposed;

    /// <summary>False: a connection cannot seek.</summary>
    public override bool CanSeek => false;

    /// <summary>Not supported.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override long Length => throw new NotSupportedException("A connection stream has no length.");

    /// <summary>Not supported.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override long Position
    {
        get => throw new NotSupportedException("A connection stream has no position.");
        set => throw new NotSupportedException("A connection stream has no position.");
    }

    private bool IsDisposed => Volatile.Read(ref _disposed) != 0 || _connection.IsDisposed;

    /// <summary>
    /// Receives into <paramref name="buffer"/>: the bytes that arrived, at least one, or 0 at end of stream. The buffer is
    /// pinned until the receive's completion, and the task completes only after it, also when cancelled.
    /// </summary>
    /// <param name="buffer">Where the bytes go; an empty buffer waits for data without consuming any.</param>
    /// <param name="cancellationToken">Cancels the read (<see cref="OperationCanceledException"/>; nothing consumed).</param>
    /// <returns>The bytes read; 0 when the peer shut its side down.</returns>
    /// <exception cref="ObjectDisposedException">The stream was disposed.</exception>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (buffer.IsEmpty)
        {
            // recv(2) of 0 bytes returns at once; a 1-byte MSG_PEEK waits for data (or the FIN) and takes none.
            return ZeroByteRead(cancellationToken);
        }

        return _connection.Loop.StartConnectionReceive(_connection, buffer, ErrorDomain.Stream, TimeSpan.Zero, cancellationToken);
    }

    /// <inheritdoc cref="ReadAsync(Memory{byte}, CancellationToken)"/>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="offset">Where in <paramref name="buffer"/>.</param>
    /// <param name="count">How many bytes at most.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    /// <summary>
    /// Sends all of <paramref name="buffer"/> (one operation, continued after short sends); the task completes when every
    /// byte was handed to the kernel. The buffer is pinned until then.
    /// </summary>
    /// <param name="buffer">The bytes.</param>
    /// <param name="cancellationToken">Cancels the write (bytes sent before stay sent).</param>
    /// <returns>A task for the write.</returns>
    /// <exception cref="ObjectDisposedException">The stream was disposed.</exception>
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (buffer.IsEmpty)
        {
            return cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled(cancellationToken) : ValueTask.CompletedTask;
        }

        return _connection.Loop.StartConnectionSend(_connection, buffer, ErrorDomain.Stream, cancellationToken);
    }

    /// <inheritdoc cref="WriteAsync(ReadOnlyMemory{byte}, CancellationToken)"/>
    /// <param name="buffer">The bytes.</param>
    /// <param name="offset">Where in <paramref name="buffer"/>.</param>
    /// <param name="count">How many bytes.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    /// <summary>Reads synchronously: blocks until the loop completed the receive (see the class remarks).</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="offset">Where in <paramref name="buffer"/>.</param>
    /// <param name="count">How many bytes at most.</param>
    /// <returns>The bytes read; 0 at end of stream.</returns>
    /// <exception cref="InvalidOperationException">Called on the loop thread.</exception>
    /// <exception cref="ObjectDisposedException">The stream was disposed.</exception>
    /// <exception cref="IOException">The receive failed.</exception>
    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        ThrowIfOnLoopThread();
        return ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Reads synchronously into <paramref name="buffer"/> (through a pooled array): blocks until the loop completed the receive.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <returns>The bytes read; 0 at end of stream.</returns>
    /// <exception cref="InvalidOperationException">Called on the loop thread.</exception>
    public override int Read(Span<byte> buffer)
    {
        ThrowIfOnLoopThread();
        byte[] rented = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            int read = ReadAsync(rented.AsMemory(0, buffer.Length)).AsTask().GetAwaiter().GetResult();
            rented.AsSpan(0, read).CopyTo(buffer);
            return read;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Writes synchronously: blocks until the loop sent every byte (see the class remarks).</summary>
    /// <param name="buffer">The bytes.</param>
    /// <param name="offset">Where in <paramref name="buffer"/>.</param>
    /// <param name="count">How many bytes.</param>
    /// <exception cref="InvalidOperationException">Called on the loop thread.</exception>
    /// <exception cref="ObjectDisposedException">The stream was disposed.</exception>
    /// <exception cref="IOException">The send failed.</exception>
    public override void Write(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        ThrowIfOnLoopThread();
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Writes <paramref name="buffer"/> synchronously (through a pooled array): blocks until the loop sent every byte.</summary>
    /// <param name="buffer">The bytes.</param>
    /// <exception cref="InvalidOperationException">Called on the loop thread.</exception>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ThrowIfOnLoopThread();
        byte[] rented = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            buffer.CopyTo(rented);
            WriteAsync(rented.AsMemory(0, buffer.Length)).AsTask().GetAwaiter().GetResult();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Does nothing: writes are not buffered.</summary>
    public override void Flush()
    {
    }

    /// <summary>Does nothing: writes are not buffered.</summary>
    /// <param name="cancellationToken">A cancelled token gives a cancelled task.</param>
    /// <returns>A completed task.</returns>
    public override Task FlushAsync(CancellationToken cancellationToken)
        => cancellationToken.IsCancellationRequested ? Task.FromCanceled(cancellationToken) : Task.CompletedTask;

    /// <summary>Not supported.</summary>
    /// <param name="offset">Ignored.</param>
    /// <param name="origin">Ignored.</param>
    /// <returns>Never.</returns>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A connection stream cannot seek.");

    /// <summary>Not supported.</summary>
    /// <param name="value">Ignored.</param>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override void SetLength(long value) => throw new NotSupportedException("A connection stream has no length.");

    /// <summary>Disposes the connection too, when the stream owns it (and waits for its close).</summary>
    /// <returns>A task for the close.</returns>
    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _ownsConnection)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Disposes the connection too, when the stream owns it (its close completes on the loop; see <see cref="LoopConnection.Dispose"/>).</summary>
    /// <param name="disposing">True when called from <see cref="Stream.Dispose()"/>.</param>
    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0 && _ownsConnection)
        {
            _connection.Dispose();
        }

        base.Dispose(disposing);
    }

    private ValueTask<int> ZeroByteRead(CancellationToken cancellationToken)
    {
        ValueTask<int> peek = _connection.Loop.StartConnectionReceive(_connection, _peekScratch, ErrorDomain.Stream, TimeSpan.Zero, cancellationToken, SocketFlags.Peek);
        if (peek.IsCompletedSuccessfully)
        {
            _ = peek.Result;
            return new ValueTask<int>(0);
        }

        return AwaitPeek(peek);

        static async ValueTask<int> AwaitPeek(ValueTask<int> pending)
        {
            await pending.ConfigureAwait(false);
            return 0;
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(IsDisposed, this);

    private void ThrowIfOnLoopThread()
    {
        if (_connection.Loop.IsOnLoopThread)
        {
            throw new InvalidOperationException(
                "A synchronous Read or Write on the loop thread would block the loop that has to complete it: use ReadAsync/WriteAsync there.");
        }
    }
}
