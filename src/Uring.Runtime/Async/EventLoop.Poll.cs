using System;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace Uring;

// Readiness: a one-shot IORING_OP_POLL_ADD per await, over a Socket, any SafeHandle or a raw fd.
public sealed partial class EventLoop
{
    /// <summary>The event bits a poll request takes: the <c>POLL*</c> bits (the low 16) and <c>EPOLLEXCLUSIVE</c>.</summary>
    private const PollEvents PollRequestEvents = (PollEvents)0xFFFF | PollEvents.Exclusive;

    /// <summary>
    /// Waits until <paramref name="socket"/> is ready for one of <paramref name="events"/> (<c>IORING_OP_POLL_ADD</c>, one
    /// shot), like <see cref="Socket.Poll(TimeSpan, SelectMode)"/> without blocking a thread. Readiness that exists when
    /// the request is armed completes it at once. Nothing is read or written. A poll that a wake-up completes reports the
    /// wake-up's events filtered to <paramref name="events"/>: a socket's "data arrived" wake-up says
    /// <see cref="PollEvents.In"/> and <see cref="PollEvents.Priority"/> together, so ask only for what you act on.
    /// </summary>
    /// <param name="socket">The socket.</param>
    /// <param name="events">What to wait for (<see cref="PollEvents.In"/>, <see cref="PollEvents.Out"/>, ...);
    /// <see cref="PollEvents.Error"/> and <see cref="PollEvents.HangUp"/> are always reported.</param>
    /// <param name="cancellationToken">Cancels the wait (<c>ASYNC_CANCEL</c>).</param>
    /// <returns>The events that are ready: those of <paramref name="events"/>, plus <see cref="PollEvents.Error"/> or <see cref="PollEvents.HangUp"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="socket"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="events"/> holds an epoll-only bit (<see cref="PollEvents.OneShot"/>, <see cref="PollEvents.EdgeTriggered"/>, <see cref="PollEvents.WakeUp"/>).</exception>
    public ValueTask<PollEvents> PollAsync(Socket socket, PollEvents events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return StartPoll(socket.SafeHandle, -1, events, ErrorDomain.Socket, TimeSpan.Zero, cancellationToken);
    }

    /// <summary>
    /// <see cref="PollAsync(Socket, PollEvents, CancellationToken)"/> with a deadline: when none of the events happened
    /// within <paramref name="timeout"/>, the result is <see cref="PollEvents.None"/> (as <c>poll(2)</c> returns 0), not an exception.
    /// </summary>
    /// <param name="socket">The socket.</param>
    /// <param name="events">What to wait for.</param>
    /// <param name="timeout">The deadline, from submission; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The events that are ready, or <see cref="PollEvents.None"/> after the deadline.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="socket"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="events"/> holds an epoll-only bit, or <paramref name="timeout"/> is not positive (nor infinite).</exception>
    public ValueTask<PollEvents> PollAsync(Socket socket, PollEvents events, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return StartPoll(socket.SafeHandle, -1, events, ErrorDomain.Socket, ValidateDeadline(timeout), cancellationToken);
    }

    /// <summary>
    /// Waits until the file behind <paramref name="handle"/> (a pipe, a socket, an eventfd, ...) is ready for one of
    /// <paramref name="events"/>; see <see cref="PollAsync(Socket, PollEvents, CancellationToken)"/>. The handle is kept
    /// referenced while the request is in flight. Failures are <see cref="SocketException"/>s for a
    /// <see cref="SafeSocketHandle"/>, <see cref="System.IO.IOException"/>s otherwise.
    /// </summary>
    /// <param name="handle">The file.</param>
    /// <param name="events">What to wait for.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The events that are ready.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="handle"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="events"/> holds an epoll-only bit.</exception>
    public ValueTask<PollEvents> PollAsync(SafeHandle handle, PollEvents events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return StartPoll(handle, -1, events, DomainOf(handle), TimeSpan.Zero, cancellationToken);
    }

    /// <summary>Polls a handle with a deadline; see <see cref="PollAsync(Socket, PollEvents, TimeSpan, CancellationToken)"/>.</summary>
    /// <param name="handle">The file.</param>
    /// <param name="events">What to wait for.</param>
    /// <param name="timeout">The deadline, from submission; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The events that are ready, or <see cref="PollEvents.None"/> after the deadline.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="handle"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="events"/> holds an epoll-only bit, or <paramref name="timeout"/> is not positive (nor infinite).</exception>
    public ValueTask<PollEvents> PollAsync(SafeHandle handle, PollEvents events, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return StartPoll(handle, -1, events, DomainOf(handle), ValidateDeadline(timeout), cancellationToken);
    }

    /// <summary>Polls a raw fd; see <see cref="PollAsync(SafeHandle, PollEvents, CancellationToken)"/>. The caller keeps the fd open until the await returns.</summary>
    /// <param name="fd">The file descriptor.</param>
    /// <param name="events">What to wait for.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The events that are ready.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="events"/> holds an epoll-only bit.</exception>
    public ValueTask<PollEvents> PollAsync(int fd, PollEvents events, CancellationToken cancellationToken = default)
        => StartPoll(null, fd, events, ErrorDomain.File, TimeSpan.Zero, cancellationToken);

    /// <summary>Polls a raw fd with a deadline; see <see cref="PollAsync(Socket, PollEvents, TimeSpan, CancellationToken)"/>.</summary>
    /// <param name="fd">The file descriptor.</param>
    /// <param name="events">What to wait for.</param>
    /// <param name="timeout">The deadline, from submission; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The events that are ready, or <see cref="PollEvents.None"/> after the deadline.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="events"/> holds an epoll-only bit, or <paramref name="timeout"/> is not positive (nor infinite).</exception>
    public ValueTask<PollEvents> PollAsync(int fd, PollEvents events, TimeSpan timeout, CancellationToken cancellationToken = default)
        => StartPoll(null, fd, events, ErrorDomain.File, ValidateDeadline(timeout), cancellationToken);

    private ValueTask<PollEvents> StartPoll(SafeHandle? handle, int fd, PollEvents events, ErrorDomain domain, TimeSpan deadline, CancellationToken cancellationToken)
    {
        if ((events & ~PollRequestEvents) != 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(events), events, "A poll takes the POLL* bits and PollEvents.Exclusive; OneShot, EdgeTriggered and WakeUp are epoll-only.");
        }

        AsyncOperation op = Rent(AsyncOperationKind.Poll, domain);
        op.Fd = fd;
        op.Flags = (uint)events;
        op.Deadline = deadline;
        return new ValueTask<PollEvents>(op, Start(op, handle, cancellationToken));
    }

    private static ErrorDomain DomainOf(SafeHandle handle) => handle is SafeSocketHandle ? ErrorDomain.Socket : ErrorDomain.File;
}
