using System;
using System.Diagnostics.CodeAnalysis;

namespace Uring;

// How a subscription starts: the general form, and the shortcuts for accept, recv, poll and repeating timers.
public sealed partial class MultishotSubscription
{
    /// <summary>
    /// Starts a subscription on <paramref name="ring"/>: rents a pooled Extended context, marks it as the
    /// subscription's, and calls <paramref name="prepare"/> to queue the multishot request with it. For example
    /// <c>MultishotSubscription.TryStart(ring, handler, fd, static (Ring r, SqeContext c, in int fd) =&gt; r.TryPrepareAcceptMultishot(c, fd), out var s)</c>.
    /// </summary>
    /// <param name="ring">The ring the request runs on.</param>
    /// <param name="handler">Receives every completion of the request.</param>
    /// <param name="state">Passed to <paramref name="prepare"/>, so that a static lambda needs no closure.</param>
    /// <param name="prepare">Queues exactly one multishot request with the context it is given.</param>
    /// <param name="subscription">The subscription, when the request was queued.</param>
    /// <returns>
    /// False when every pooled context is in flight or <paramref name="prepare"/> returned false (SQ full): the
    /// context is back in the pool and nothing was queued. If <paramref name="prepare"/> throws, the context goes back too.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="ring"/>, <paramref name="handler"/> or <paramref name="prepare"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="prepare"/> queued something other than exactly one request, with the context it was given, of an op
    /// that can post several completions (accept, recv, recvmsg, read-multishot, poll-add, timeout, recv-zc, uring_cmd),
    /// or returned true without queuing, or set <c>IOSQE_CQE_SKIP_SUCCESS</c>. What it queued is taken back and the
    /// context returned; nothing is queued.
    /// </exception>
    /// <exception cref="ObjectDisposedException"><paramref name="ring"/> was stopped.</exception>
    /// <exception cref="InvalidOperationException">A single-issuer <paramref name="ring"/> is used from a thread that does not own it.</exception>
    [IssuerThreadOnly]
    public static bool TryStart<TState>(
        Ring ring,
        IMultishotHandler handler,
        in TState state,
        RequestPreparer<TState> prepare,
        [NotNullWhen(true)] out MultishotSubscription? subscription)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(prepare);
        return TryBegin(new MultishotSubscription(ring, handler), in state, prepare, RequestShape.Multishot, out subscription);
    }

    /// <summary>
    /// Subscribes to a multishot accept on listening socket <paramref name="fd"/>
    /// (<see cref="Ring.TryPrepareAcceptMultishot(SqeContext, int, AcceptFlags, FileTarget, in OpOptions)"/>): one completion per
    /// connection, its result the new fd.
    /// </summary>
    /// <returns>As <see cref="TryStart{TState}"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ring"/> or <paramref name="handler"/> is null.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="ring"/> was stopped.</exception>
    /// <exception cref="InvalidOperationException">A single-issuer <paramref name="ring"/> is used from a thread that does not own it.</exception>
    [IssuerThreadOnly]
    public static bool TryStartAccept(
        Ring ring,
        int fd,
        IMultishotHandler handler,
        [NotNullWhen(true)] out MultishotSubscription? subscription,
        AcceptFlags flags = AcceptFlags.NonBlock | AcceptFlags.CloseOnExec)
        => TryStart(
            ring,
            handler,
            (fd, flags),
            static (Ring ring, SqeContext context, in (int Fd, AcceptFlags Flags) state) => ring.TryPrepareAcceptMultishot(context, state.Fd, state.Flags),
            out subscription);

    /// <summary>
    /// Subscribes to a multishot receive on <paramref name="fd"/> into buffers of provided-buffer group
    /// <paramref name="bufferGroup"/> (<see cref="Ring.TryPrepareRecvMultishot"/>): one completion per receive, its
    /// buffer taken with <see cref="ProvidedBufferRing.Take(in CqeView)"/>; a result of 0 is end of stream.
    /// The request also ends when the group runs out of buffers (<c>-ENOBUFS</c>).
    /// </summary>
    /// <returns>As <see cref="TryStart{TState}"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ring"/> or <paramref name="handler"/> is null.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="ring"/> was stopped.</exception>
    /// <exception cref="InvalidOperationException">A single-issuer <paramref name="ring"/> is used from a thread that does not own it.</exception>
    [IssuerThreadOnly]
    public static bool TryStartRecv(
        Ring ring,
        int fd,
        ushort bufferGroup,
        IMultishotHandler handler,
        [NotNullWhen(true)] out MultishotSubscription? subscription,
        MessageFlags flags = MessageFlags.None)
        => TryStart(
            ring,
            handler,
            (fd, bufferGroup, flags),
            static (Ring ring, SqeContext context, in (int Fd, ushort Group, MessageFlags Flags) state)
                => ring.TryPrepareRecvMultishot(context, state.Fd, state.Group, messageFlags: state.Flags),
            out subscription);

    /// <summary>
    /// Subscribes to readiness of <paramref name="fd"/> (<see cref="Ring.TryPreparePollAddMultishot"/>): one completion,
    /// with the ready <see cref="PollEvents"/> as its result, each time the file becomes ready.
    /// </summary>
    /// <returns>As <see cref="TryStart{TState}"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ring"/> or <paramref name="handler"/> is null.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="ring"/> was stopped.</exception>
    /// <exception cref="InvalidOperationException">A single-issuer <paramref name="ring"/> is used from a thread that does not own it.</exception>
    [IssuerThreadOnly]
    public static bool TryStartPoll(
        Ring ring,
        int fd,
        PollEvents events,
        IMultishotHandler handler,
        [NotNullWhen(true)] out MultishotSubscription? subscription)
        => TryStart(
            ring,
            handler,
            (fd, events),
            static (Ring ring, SqeContext context, in (int Fd, PollEvents Events) state) => ring.TryPreparePollAddMultishot(context, state.Fd, state.Events),
            out subscription);

    /// <summary>
    /// Subscribes to a repeating timer: a completion with <c>-ETIME</c> every <paramref name="interval"/>,
    /// <paramref name="shots"/> times (0: until cancelled). The subscription keeps one single-shot
    /// <c>IORING_OP_TIMEOUT</c> in flight and queues the next one when a tick is handled, so the next tick is
    /// measured from then (ticks do not catch up on a slow reap loop, at most one per reap cycle reaches the handler)
    /// and the next shot is submitted with the ring's next submit or wait. The handler sees each tick but the last
    /// with <see cref="CqeView.HasMore"/> set. <see cref="Cancel"/> always lands: the pending
    /// shot is cancelled (final completion <c>-ECANCELED</c>) or fires (its tick is delivered, then a final
    /// <c>-ECANCELED</c> completion that the subscription makes itself, as it does when the handler returns
    /// <see cref="MultishotAction.Stop"/>). If the next shot cannot be queued (SQ full), the subscription ends
    /// with a final <c>-EAGAIN</c> completion and <see cref="IMultishotHandler.OnStopped"/> with
    /// <see cref="Errno.EAGAIN"/>: subscribe again.
    /// </summary>
    /// <returns>As <see cref="TryStart{TState}"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ring"/> or <paramref name="handler"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="interval"/> is zero or negative: a zero interval would fire again at once, without end.
    /// Checked before a context is rented or anything is queued.
    /// </exception>
    /// <exception cref="ObjectDisposedException"><paramref name="ring"/> was stopped.</exception>
    /// <exception cref="InvalidOperationException">A single-issuer <paramref name="ring"/> is used from a thread that does not own it.</exception>
    [IssuerThreadOnly]
    public static bool TryStartTimer(
        Ring ring,
        TimeSpan interval,
        uint shots,
        IMultishotHandler handler,
        [NotNullWhen(true)] out MultishotSubscription? subscription)
    {
        ArgumentNullException.ThrowIfNull(ring);
        SqeEncoding.ValidateRepeatInterval(interval, nameof(interval));
        ArgumentNullException.ThrowIfNull(handler);
        return TryStartRepeating(ring, interval, shots, handler, out subscription);
    }
}
