namespace Uring;

/// <summary>
/// Hears how a <see cref="Listener"/>'s setup chain (socket, bind, listen) goes. The methods run on the ring's
/// issuer thread inside the reap loop that calls <see cref="Listener.TryHandle"/>.
/// </summary>
public interface IListenerHandler
{
    /// <summary>
    /// The socket exists and is not bound yet: set options on <paramref name="fd"/> here (for example
    /// <c>SO_REUSEPORT</c>). Return false to abort; the socket is then closed and <see cref="OnFailed"/> is not called.
    /// </summary>
    bool OnSocketCreated(Listener listener, int fd) => true;

    /// <summary>The socket listens on <see cref="Listener.Fd"/>.</summary>
    void OnListening(Listener listener);

    /// <summary>
    /// The step in <paramref name="failedIn"/> failed with <paramref name="error"/> (<see cref="Errno.EAGAIN"/>
    /// when the next step could not be queued because the submission queue was full; <see cref="Errno.ECANCELED"/>
    /// when <see cref="Listener.Close"/> stopped the chain, and <see cref="Listener.State"/> is then
    /// <see cref="ListenerState.Closed"/>). The socket, if any, is closed.
    /// </summary>
    void OnFailed(Listener listener, ListenerState failedIn, Errno error);
}
