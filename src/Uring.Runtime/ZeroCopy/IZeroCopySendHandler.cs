namespace Uring;

/// <summary>
/// Hears about a zero-copy send prepared with <see cref="ZeroCopySendTracker.TryPrepare{TState}"/> or
/// <see cref="ZeroCopySendTracker.TryPrepareSendZc"/>. Each method is called exactly once per send, <see cref="OnSent"/>
/// first, on the ring's issuer thread inside the reap loop that calls <see cref="ZeroCopySendTracker.TryHandle"/>.
/// One handler can serve any number of sends; <c>token</c> tells them apart.
/// </summary>
public interface IZeroCopySendHandler
{
    /// <summary>
    /// The send completed: <paramref name="result"/> is the byte count or <c>-errno</c>. The kernel may still be
    /// reading the buffer: do not change or free it yet.
    /// </summary>
    void OnSent(Ring ring, ulong token, int result);

    /// <summary>
    /// The kernel no longer uses the buffer (its <c>IORING_CQE_F_NOTIF</c> completion arrived, or the send failed
    /// before taking it): the buffer may be reused or freed. <paramref name="sendResult"/> repeats the send's result.
    /// </summary>
    void OnBufferReleased(Ring ring, ulong token, int sendResult);
}
