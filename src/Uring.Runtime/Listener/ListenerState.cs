namespace Uring;

/// <summary>Where a <see cref="Listener"/>'s setup chain is; it only moves forward.</summary>
public enum ListenerState
{
    /// <summary>The <c>socket</c> request is queued.</summary>
    CreatingSocket,

    /// <summary>The <c>bind</c> request is queued.</summary>
    Binding,

    /// <summary>The <c>listen</c> request is queued.</summary>
    StartingToListen,

    /// <summary>The socket listens: <see cref="Listener.Fd"/> accepts connections.</summary>
    Listening,

    /// <summary>A step failed (or the handler refused the socket); the socket, if any, was closed.</summary>
    Failed,

    /// <summary>
    /// <see cref="Listener.Close"/> closed the listening socket, or stopped the chain during setup (the socket, if
    /// any, was closed), or the ring stopped during setup.
    /// </summary>
    Closed,
}
