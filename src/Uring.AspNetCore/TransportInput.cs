using System;
using System.IO;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Connections;

namespace Uring.AspNetCore;

/// <summary>
/// The input Kestrel reads: the <see cref="LoopDuplexPipe"/>'s, with its failures in the shapes Kestrel's socket transport
/// uses. A peer's reset (or a send that found the peer gone) completes the pipe with a <see cref="SocketException"/>; Kestrel
/// expects a <see cref="ConnectionResetException"/>, which it treats as a client going away (logged at debug level, not as
/// "connection processing ended abnormally"). Other socket errors become <see cref="IOException"/>s. Everything else passes
/// through unchanged, and a read that succeeds costs one extra call.
/// </summary>
/// <remarks>
/// A read that finds the input ended (the peer's FIN, a reset, an abort) first fires the connection's
/// <c>ConnectionClosed</c>, then returns. The socket transport's order is the same in effect: Kestrel
/// has marked the request aborted before the application sees the end, so it does not try to drain a body whose reader just
/// failed (which the pipe refuses with "Reading is already in progress" and Kestrel logs as an error).
/// </remarks>
internal sealed class TransportInput : PipeReader
{
    private readonly PipeReader _inner;
    private readonly PendingRead _pending;
    private readonly Action _inputEnded;

    public TransportInput(PipeReader inner, Action inputEnded)
    {
        _inner = inner;
        _inputEnded = inputEnded;
        _pending = new PendingRead(this);
    }

    /// <inheritdoc/>
    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        ValueTask<ReadResult> read;
        try
        {
            read = _inner.ReadAsync(cancellationToken);
        }
        catch (Exception e) when (EndsInput(e))
        {
            throw Ended(e);
        }

        return _pending.Wrap(read);
    }

    /// <inheritdoc/>
    public override bool TryRead(out ReadResult result)
    {
        try
        {
            if (!_inner.TryRead(out result))
            {
                return false;
            }
        }
        catch (Exception e) when (EndsInput(e))
        {
            throw Ended(e);
        }

        if (result.IsCompleted)
        {
            _inputEnded();
        }

        return true;
    }

    /// <inheritdoc/>
    public override void AdvanceTo(SequencePosition consumed) => _inner.AdvanceTo(consumed);

    /// <inheritdoc/>
    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => _inner.AdvanceTo(consumed, examined);

    /// <inheritdoc/>
    public override void CancelPendingRead() => _inner.CancelPendingRead();

    /// <inheritdoc/>
    public override void Complete(Exception? exception = null) => _inner.Complete(exception);

    /// <inheritdoc/>
    public override ValueTask CompleteAsync(Exception? exception = null) => _inner.CompleteAsync(exception);

    /// <summary>What Kestrel's socket transport completes its input with for this socket error.</summary>
    internal static IOException Translate(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionReset or SocketError.Shutdown or SocketError.ConnectionAborted => new ConnectionResetException(e.Message, e),
        _ => new IOException(e.Message, e),
    };

    /// <summary>
    /// True for what the pipe's writer completed the input with (the receive loop's error, an abort's reason); false for a
    /// cancelled read or misuse, which end nothing.
    /// </summary>
    private static bool EndsInput(Exception e) => e is not OperationCanceledException and not InvalidOperationException;

    /// <summary>The input ended with <paramref name="e"/>: fire ConnectionClosed, and return what the caller should see.</summary>
    private Exception Ended(Exception e)
    {
        _inputEnded();
        return e is SocketException socketError ? Translate(socketError) : e;
    }

    private sealed class PendingRead(TransportInput owner) : PassThroughSource<ReadResult>
    {
        protected override ReadResult Translate(ValueTask<ReadResult> completed)
        {
            ReadResult result;
            try
            {
                result = completed.GetAwaiter().GetResult();
            }
            catch (Exception e) when (EndsInput(e))
            {
                throw owner.Ended(e);
            }

            if (result.IsCompleted)
            {
                owner._inputEnded();
            }

            return result;
        }
    }
}
