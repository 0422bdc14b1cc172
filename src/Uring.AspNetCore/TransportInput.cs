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
internal sealed class TransportInput : PipeReader
{
    private readonly PipeReader _inner;
    private readonly PendingRead _pending;

    public TransportInput(PipeReader inner)
    {
        _inner = inner;
        _pending = new PendingRead();
    }

    /// <inheritdoc/>
    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        ValueTask<ReadResult> read;
        try
        {
            read = _inner.ReadAsync(cancellationToken);
        }
        catch (SocketException e)
        {
            throw Translate(e);
        }

        return _pending.Wrap(read);
    }

    /// <inheritdoc/>
    public override bool TryRead(out ReadResult result)
    {
        try
        {
            return _inner.TryRead(out result);
        }
        catch (SocketException e)
        {
            throw Translate(e);
        }
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

    private sealed class PendingRead : PassThroughSource<ReadResult>
    {

        protected override ReadResult Translate(ValueTask<ReadResult> completed)
        {
            try
            {
                return completed.GetAwaiter().GetResult();
            }
            catch (SocketException e)
            {
                throw TransportInput.Translate(e);
            }
        }
    }
}
