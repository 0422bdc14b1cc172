using System;
using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Uring;

/// <summary>
/// An <see cref="IDuplexPipe"/> over a <see cref="LoopConnection"/>, like a Kestrel transport connection: a receive
/// loop on the connection's loop fills <see cref="Input"/>, and a send loop drains <see cref="Output"/>.
/// </summary>
/// <remarks>
/// <para><b>Receiving</b>, by default (<see cref="LoopDuplexPipeOptions.UseProvidedBuffers"/>), without a copy: a multishot
/// receive on the loop's provided-buffer ring lends each buffer the kernel filled to <see cref="Input"/>, whose
/// <see cref="ReadOnlySequence{T}"/> is the chain of those buffers; <see cref="PipeReader.AdvanceTo(SequencePosition, SequencePosition)"/>
/// gives a buffer back to the ring as soon as it is consumed, so an idle connection holds no receive memory. When the
/// ring is empty the receive is armed again as buffers come back, and a read that waits meanwhile is served by an
/// ordinary receive into a block of its own. With <see cref="LoopDuplexPipeOptions.UseProvidedBuffers"/> false, each receive
/// goes into memory of an input <see cref="Pipe"/> (<see cref="PipeWriter.GetMemory"/>), pinned until its completion, then is
/// flushed. Either way, when the application leaves <see cref="LoopDuplexPipeOptions.MaxReadBufferSize"/> bytes unconsumed,
/// receiving pauses until it consumed half of them (backpressure).</para>
/// <para><b>Sending.</b> What the application flushes to <see cref="Output"/> is sent segment by segment, each segment
/// sent in full, and consumed only after its send completed.</para>
/// <para><b>Completion, as in Kestrel's socket transport.</b> The peer's FIN completes <see cref="Input"/> (its reads
/// return <see cref="ReadResult.IsCompleted"/>); a reset completes it with the <see cref="SocketException"/>. A send
/// error aborts the connection: <see cref="Input"/> completes with that error and the next flush of <see cref="Output"/>
/// throws it. Completing <see cref="Output"/> sends what is left and then a FIN (<c>shutdown(SHUT_WR)</c>): unlike
/// Kestrel, the input stays open, so a half-closed exchange works. <see cref="Abort"/> drops unsent output, cancels the
/// receive, and completes <see cref="Input"/> with the reason. <see cref="DisposeAsync"/> completes both pipes, lets the
/// send loop finish what was flushed, cancels the receive and closes the descriptor after both loops have ended.</para>
/// <para><b>Threads.</b> Both loops run on the connection's loop. The application's continuations run where
/// <see cref="LoopDuplexPipeOptions.ApplicationScheduler"/> says (by default the loop too), so a protocol handler on the loop
/// allocates nothing per message in steady state.</para>
/// </remarks>
public sealed class LoopDuplexPipe : IDuplexPipe, IAsyncDisposable
{
    private readonly LoopConnection _connection;
    private readonly Pipe? _input;
    private readonly ProvidedPipeReader? _providedInput;
    private readonly Pipe _output;
    private readonly int _receiveSize;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _receiving = Task.CompletedTask;
    private Task _sending = Task.CompletedTask;
    private volatile Exception? _abortReason;
    private int _aborted;
    private int _disposed;

    private LoopDuplexPipe(LoopConnection connection, LoopDuplexPipeOptions options)
    {
        _connection = connection;
        _receiveSize = options.ReceiveBufferSize;
        PipeScheduler transport = new LoopPipeScheduler(connection.Loop);
        PipeScheduler application = options.ApplicationScheduler ?? transport;
        MemoryPool<byte> pool = options.MemoryPool ?? PinnedBlockMemoryPool.Default;

        // useSynchronizationContext: false. The schedulers say where continuations run, and a captured context would
        // cost a boxed post per continuation.
        if (options.UseProvidedBuffers)
        {
            _providedInput = new ProvidedPipeReader(connection, options.ApplicationScheduler, options.MaxReadBufferSize, InputEndedWith);
        }
        else
        {
            _input = new Pipe(new PipeOptions(
                pool,
                readerScheduler: application,
                writerScheduler: transport,
                pauseWriterThreshold: options.MaxReadBufferSize,
                resumeWriterThreshold: options.MaxReadBufferSize / 2,
                minimumSegmentSize: options.ReceiveBufferSize,
                useSynchronizationContext: false));
        }

        _output = new Pipe(new PipeOptions(
            pool,
            readerScheduler: transport,
            writerScheduler: application,
            pauseWriterThreshold: options.MaxWriteBufferSize,
            resumeWriterThreshold: options.MaxWriteBufferSize / 2,
            useSynchronizationContext: false));
    }

    /// <summary>What the peer sent. Complete it when the application stops reading (receiving then stops).</summary>
    public PipeReader Input => _providedInput ?? _input!.Reader;

    /// <summary>What goes to the peer: write and flush. Complete it to send a FIN after the rest.</summary>
    public PipeWriter Output => _output.Writer;

    /// <summary>The connection under the pipe (disposed with it).</summary>
    public LoopConnection Connection => _connection;

    /// <summary>A task that completes when both loops have ended and the descriptor was closed (after <see cref="DisposeAsync"/>).</summary>
    public Task Completion => _completion.Task;

    /// <summary>
    /// A task that completes when receiving has ended: the peer's FIN or a reset, an <see cref="Abort"/>, a send error,
    /// <see cref="DisposeAsync"/>, or the application having completed <see cref="Input"/> (seen at the next receive).
    /// How receiving ended is what <see cref="Input"/> reports; the task itself faults only when the loop's shutdown kept
    /// the receive loop from starting. A server learns from it that the peer went away while it was not reading, as from
    /// Kestrel's <c>ConnectionClosed</c> token.
    /// </summary>
    public Task ReceiveCompletion => _receiving;

    /// <summary>
    /// Starts the receive and send loops of <paramref name="connection"/> on its loop. The pipe owns the connection
    /// from now on: dispose the pipe, not the connection.
    /// </summary>
    /// <param name="connection">An open connection that nothing else reads or writes.</param>
    /// <param name="options">Buffering and scheduling (defaults when null).</param>
    /// <returns>The running pipe.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="connection"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ObjectDisposedException">The connection was disposed, or its loop is shutting down.</exception>
    public static LoopDuplexPipe Start(LoopConnection connection, LoopDuplexPipeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        options ??= new LoopDuplexPipeOptions();
        options.Validate();
        connection.ThrowIfDisposed();
        LoopDuplexPipe pipe = new(connection, options);
        EventLoop loop = connection.Loop;
        if (loop.IsShutdownRequested)
        {
            throw AsyncErrors.LoopDisposed();
        }

        if (pipe._providedInput is { } reader)
        {
            connection.AttachReceiver(reader.Receiver);
            pipe._receiving = reader.Receiver.Ended;
            reader.Receiver.Poke();
        }
        else
        {
            pipe._receiving = loop.RunAsync(pipe.ReceiveAsync);
        }

        pipe._sending = loop.RunAsync(pipe.SendAsync);
        return pipe;
    }

    /// <summary>
    /// Ends the connection now: unsent output is dropped, the receive is cancelled, and <see cref="Input"/> completes
    /// with <paramref name="reason"/> (an <see cref="OperationCanceledException"/> saying the connection was aborted, when
    /// null). Idempotent; any thread. The descriptor is closed once both loops have ended; <see cref="DisposeAsync"/>
    /// still completes the pipes and waits for that.
    /// </summary>
    /// <param name="reason">Why; what readers of <see cref="Input"/> see.</param>
    public void Abort(Exception? reason = null)
    {
        if (Interlocked.Exchange(ref _aborted, 1) != 0)
        {
            return;
        }

        _abortReason = reason ?? new OperationCanceledException("The connection was aborted by the application.");

        // The send loop stops at its next read; the receive in flight is cancelled by the connection's close, which
        // happens after the last operation on it completed.
        _output.Reader.CancelPendingRead();
        if (_providedInput is not null)
        {
            _providedInput.CompleteWriter(_abortReason);
        }
        else
        {
            _input!.Writer.CancelPendingFlush();
        }

        _connection.Dispose();
    }

    /// <summary>
    /// Completes <see cref="Input"/> and <see cref="Output"/> (the application's ends), waits for the send loop to send what
    /// was flushed, cancels the receive, waits for both loops, and closes the descriptor. Call <see cref="Abort"/> first
    /// to drop unsent output instead of waiting for the peer to take it.
    /// </summary>
    /// <returns>A task that completes when the descriptor is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            await _completion.Task.ConfigureAwait(false);
            return;
        }

        Input.Complete();
        _output.Writer.Complete();
        try
        {
            await _sending.ConfigureAwait(false);
        }
        finally
        {
            // A receive waits for the peer: cancel it (by closing the connection after it), then wait for both loops.
            _connection.Dispose();
            try
            {
                await _receiving.ConfigureAwait(false);
            }
            finally
            {
                await _connection.DisposeAsync().ConfigureAwait(false);
                _completion.TrySetResult();
            }
        }
    }

    private bool Ending => Volatile.Read(ref _aborted) != 0 || Volatile.Read(ref _disposed) != 0;

    /// <summary>The receive loop (on the loop thread): receive into pipe memory, flush, until FIN, error or the end.</summary>
    private async Task ReceiveAsync()
    {
        PipeWriter writer = _input!.Writer;
        Exception? error = null;
        try
        {
            while (true)
            {
                Memory<byte> memory = writer.GetMemory(_receiveSize);

                // Pinned by the operation until its completion, and the writer keeps the memory until Advance/Complete,
                // which only follow the await.
                int received = await _connection.ReceiveAsync(memory);
                if (received == 0)
                {
                    break;
                }

                writer.Advance(received);
                FlushResult flushed = await writer.FlushAsync();
                if (flushed.IsCompleted || flushed.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (IsAbortedByUs(e))
        {
            // Our own close or abort ended the receive: the reason (if any) is the abort's.
        }
        catch (Exception e)
        {
            error = e;
        }
        finally
        {
            await writer.CompleteAsync(_abortReason ?? error);
        }
    }

    /// <summary>The send loop (on the loop thread): read what the application flushed, send each segment in full, consume it.</summary>
    private async Task SendAsync()
    {
        PipeReader reader = _output.Reader;
        Exception? error = null;
        try
        {
            while (true)
            {
                ReadResult result = await reader.ReadAsync();
                if (result.IsCanceled)
                {
                    break;
                }

                ReadOnlySequence<byte> buffer = result.Buffer;
                if (buffer.IsSingleSegment)
                {
                    if (!buffer.IsEmpty)
                    {
                        await _connection.SendAsync(buffer.First);
                    }
                }
                else
                {
                    foreach (ReadOnlyMemory<byte> segment in buffer)
                    {
                        await _connection.SendAsync(segment);
                    }
                }

                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    if (Volatile.Read(ref _aborted) == 0)
                    {
                        // The application completed its output: FIN after the last byte; receiving goes on.
                        await SendFinAsync();
                    }

                    break;
                }
            }
        }
        catch (Exception e) when (IsAbortedByUs(e))
        {
        }
        catch (Exception e)
        {
            // A send error aborts the connection; the application's next flush throws it.
            error = e;
            Abort(e);
        }
        finally
        {
            await reader.CompleteAsync(error);
        }
    }

    /// <summary>
    /// <c>shutdown(SHUT_WR)</c>. A peer that is already gone (<c>ENOTCONN</c>) leaves nothing to say: the receive loop
    /// reports what happened to it.
    /// </summary>
    private async ValueTask SendFinAsync()
    {
        try
        {
            await _connection.ShutdownAsync(SocketShutdown.Send);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.NotConnected)
        {
        }
    }

    /// <summary>
    /// What the provided-buffer input completes with when receiving ended: the abort's reason if any, nothing for an end
    /// our own close or abort caused, else the receive's error (null at the peer's FIN).
    /// </summary>
    private Exception? InputEndedWith(Exception? error) => _abortReason ?? (error is not null && IsAbortedByUs(error) ? null : error);

    /// <summary>An operation ended by our own close or abort (not a failure of the connection).</summary>
    private bool IsAbortedByUs(Exception e)
        => Ending && (e is ObjectDisposedException || e is SocketException { SocketErrorCode: SocketError.OperationAborted });
}
