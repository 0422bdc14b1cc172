using System;
using System.Diagnostics.CodeAnalysis;

namespace Uring;

public sealed partial class Ring
{
    /// <summary>
    /// Starts setting up a listening socket on <paramref name="address"/> through the ring (socket, bind, listen;
    /// see <see cref="Listener"/>). The first request is queued now; hand completions to
    /// <see cref="Listener.TryHandle"/> and <paramref name="handler"/> hears the outcome.
    /// </summary>
    /// <returns>False when every pooled context is in flight or the SQ is full: nothing was queued.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="address"/> is not IPv4, IPv6 or a Unix path.</exception>
    [IssuerThreadOnly]
    public bool TryListen(
        in SockAddr address,
        IListenerHandler handler,
        [NotNullWhen(true)] out Listener? listener,
        int backlog = 1024,
        SocketKind kind = SocketKind.Stream)
        => Listener.TryStart(this, in address, handler, backlog, kind, out listener);
}
