using System;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Uring.AspNetCore;

/// <summary>
/// The output Kestrel writes: the <see cref="LoopDuplexPipe"/>'s, with a send failure reported the way Kestrel's socket
/// transport reports it. When a send fails (the peer reset or went away), the pipe aborts the connection and its next flush
/// throws the <see cref="SocketException"/>; Kestrel's socket transport instead completes the output quietly and lets the
/// input report the reset, and Kestrel logs any exception from a flush as an error. So a flush that fails with a socket
/// error returns a completed <see cref="FlushResult"/> here (the writer is done; the input carries the reason).
/// </summary>
internal sealed class TransportOutput : PipeWriter
{
    private static readonly FlushResult s_peerGone = new(isCanceled: false, isCompleted: true);

    private readonly PipeWriter _inner;
    private readonly PendingFlush _pending;

    public TransportOutput(PipeWriter inner)
    {
        _inner = inner;
        _pending = new PendingFlush();
    }

    /// <inheritdoc/>
    public override bool CanGetUnflushedBytes => _inner.CanGetUnflushedBytes;

    /// <inheritdoc/>
    public override long UnflushedBytes => _inner.UnflushedBytes;

    /// <inheritdoc/>
    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        ValueTask<FlushResult> flush;
        try
        {
            flush = _inner.FlushAsync(cancellationToken);
        }
        catch (SocketException)
        {
            return new ValueTask<FlushResult>(s_peerGone);
        }

        return _pending.Wrap(flush);
    }

    /// <inheritdoc/>
    public override Memory<byte> GetMemory(int sizeHint = 0) => _inner.GetMemory(sizeHint);

    /// <inheritdoc/>
    public override Span<byte> GetSpan(int sizeHint = 0) => _inner.GetSpan(sizeHint);

    /// <inheritdoc/>
    public override void Advance(int bytes) => _inner.Advance(bytes);

    /// <inheritdoc/>
    public override void CancelPendingFlush() => _inner.CancelPendingFlush();

    /// <inheritdoc/>
    public override void Complete(Exception? exception = null) => _inner.Complete(exception);

    /// <inheritdoc/>
    public override ValueTask CompleteAsync(Exception? exception = null) => _inner.CompleteAsync(exception);

    private sealed class PendingFlush : PassThroughSource<FlushResult>
    {

        protected override FlushResult Translate(ValueTask<FlushResult> completed)
        {
            try
            {
                return completed.GetAwaiter().GetResult();
            }
            catch (SocketException)
            {
                return s_peerGone;
            }
        }
    }
}
