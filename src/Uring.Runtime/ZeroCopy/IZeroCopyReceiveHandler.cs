namespace Uring;

/// <summary>
/// Receives what a <see cref="ZeroCopyReceiver"/>'s receive delivers. Every method runs on the ring's issuer thread,
/// inside the reap loop that calls <see cref="ZeroCopyReceiver.TryHandle"/>; none may block.
/// </summary>
public interface IZeroCopyReceiveHandler
{
    /// <summary>
    /// Data arrived in the receiver's area: read <paramref name="buffer"/>'s <see cref="ZeroCopyReceiveBuffer.Span"/>,
    /// then give the chunk back with <see cref="ZeroCopyReceiveBuffer.TryRelease"/> (now or later; the NIC cannot
    /// reuse the chunk until then). Once per data completion. A zero-length buffer
    /// (<see cref="ZeroCopyReceiveBuffer.IsEndOfStream"/>) is the peer's end of stream and holds no chunk.
    /// </summary>
    /// <returns><see cref="MultishotAction.Stop"/> to cancel the receive (as <see cref="ZeroCopyReceiver.TryStop"/>).</returns>
    MultishotAction OnData(ZeroCopyReceiver receiver, ZeroCopyReceiveBuffer buffer);

    /// <summary>
    /// A completion failed (<paramref name="error"/> is its errno), or named memory outside the receiver's area
    /// (<see cref="Errno.EFAULT"/>; the completion is dropped, never read). Once per such completion; not for the
    /// <c>-ECANCELED</c> that ends a stop the receiver asked for.
    /// </summary>
    /// <returns><see cref="MultishotAction.Stop"/> to cancel the receive, if it is still armed.</returns>
    MultishotAction OnError(ZeroCopyReceiver receiver, Errno error);

    /// <summary>
    /// The receive ended: once per started receive, after its final completion, while the receiver is
    /// <see cref="ZeroCopyReceiverState.Retiring"/> (it becomes <see cref="ZeroCopyReceiverState.Stopped"/> when this
    /// returns). <paramref name="reason"/>: <see cref="Errno.None"/> at end of stream, <see cref="Errno.ECANCELED"/>
    /// after a stop, otherwise the final completion's error. Not called when the ring stops first (its teardown ends
    /// the request without a completion).
    /// </summary>
    void OnStopped(ZeroCopyReceiver receiver, Errno reason);
}
