using System;
using System.Diagnostics.CodeAnalysis;
using Uring.Interop;

namespace Uring;

/// <summary>
/// A listening socket set up entirely through the ring: <c>socket</c>, then <c>bind</c>, then <c>listen</c>, each
/// queued when the previous one completes, with an <see cref="IListenerHandler"/> told how it went. Create one
/// with <see cref="TryStart"/>; hand completions to <see cref="TryHandle"/> in the reap loop; once
/// <see cref="State"/> is <see cref="ListenerState.Listening"/>, accept with
/// <see cref="MultishotSubscription.TryStartAccept"/> on <see cref="Fd"/> or any accept op.
/// </summary>
/// <remarks>
/// One pooled Extended context carries the three steps and goes back to the pool when the chain ends (listening,
/// failed or closed). The address is copied in, so the caller's <see cref="SockAddr"/> need not live on.
/// <see cref="Close"/> works at any point: during setup it stops the chain at the next completion. A ring stopped
/// while the chain runs closes the socket the chain created, even when its completion was never reaped.
/// Single-issuer: use it on the ring's issuer thread.
/// </remarks>
public sealed unsafe class Listener : IDisposable, IRingStopHook
{
    private const ulong Tag = 0x4C49_5354_454E_0001; // "LISTEN" + 1

    private readonly IListenerHandler _handler;
    private readonly SockAddr _address;
    private readonly int _backlog;
    private ExtendedSqe _ext;

    /// <summary><see cref="Close"/> was called during setup: the chain ends at its next completion.</summary>
    private bool _closeRequested;

    private Listener(Ring ring, IListenerHandler handler, in SockAddr address, int backlog)
    {
        Ring = ring;
        _handler = handler;
        _address = address;
        _backlog = backlog;
    }

    /// <summary>The ring the setup runs on.</summary>
    public Ring Ring { get; }

    /// <summary>Where the setup chain is.</summary>
    public ListenerState State { get; private set; }

    /// <summary>The socket: -1 until it is created, and again after a failure or <see cref="Close"/>.</summary>
    public int Fd { get; private set; } = -1;

    /// <summary>The address asked for (with port 0, the kernel's choice is what <c>getsockname</c> says).</summary>
    public SockAddr Address => _address;

    /// <summary>
    /// Hands <paramref name="completion"/> to the listener whose setup step it completes: true when it was one
    /// (handled), false for any other completion.
    /// </summary>
    public static bool TryHandle(Ring ring, in CqeView completion)
    {
        if (!OwnedContexts.TryGetOwner(in completion, Tag, out ExtendedSqe ext, out Listener? listener)
            || listener.Ring != ring
            || listener._ext != ext)
        {
            return false;
        }

        listener.Advance(completion.Result);
        return true;
    }

    /// <summary>
    /// Closes the listener. Once it listens: closes the socket (<c>close(2)</c>, synchronously) and
    /// <see cref="State"/> becomes <see cref="ListenerState.Closed"/>. During setup a step is in flight, so Close
    /// asks the chain to stop: at the next completion it queues no further step, closes the socket if it has one,
    /// becomes <see cref="ListenerState.Closed"/> and tells the handler once, with
    /// <see cref="IListenerHandler.OnFailed"/> and <see cref="Errno.ECANCELED"/> (it never listens). Idempotent;
    /// does nothing once the chain failed or closed.
    /// </summary>
    public void Close()
    {
        switch (State)
        {
            case ListenerState.Listening:
                CloseSocket();
                State = ListenerState.Closed;
                break;
            case ListenerState.CreatingSocket or ListenerState.Binding or ListenerState.StartingToListen:
                _closeRequested = true;
                break;
        }
    }

    /// <summary>True when <see cref="Close"/> was called during setup and the chain has not reached its next completion yet.</summary>
    public bool IsClosePending => _closeRequested && State is ListenerState.CreatingSocket or ListenerState.Binding or ListenerState.StartingToListen;

    /// <summary>Same as <see cref="Close"/>.</summary>
    public void Dispose() => Close();

    /// <summary>
    /// Starts setting up a listening socket on <paramref name="address"/> through <paramref name="ring"/> (socket,
    /// bind, listen). The first request is queued now; hand completions to <see cref="TryHandle"/>, and
    /// <paramref name="handler"/> hears the outcome.
    /// </summary>
    /// <param name="ring">The ring the chain runs on.</param>
    /// <param name="address">Where to listen: IPv4, IPv6 or a Unix socket path (copied in).</param>
    /// <param name="handler">Hears how the chain goes.</param>
    /// <param name="listener">The listener, when the first step was queued.</param>
    /// <param name="backlog">The <c>listen(2)</c> backlog.</param>
    /// <param name="kind">The socket type; <see cref="SocketKind.CloseOnExec"/> is always added.</param>
    /// <returns>False when every pooled context is in flight or the SQ is full: nothing was queued, try again.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ring"/> or <paramref name="handler"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="backlog"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="address"/> is not IPv4, IPv6 or a Unix path.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="ring"/> was stopped.</exception>
    /// <exception cref="InvalidOperationException">A single-issuer <paramref name="ring"/> is used from a thread that does not own it.</exception>
    [IssuerThreadOnly]
    public static bool TryStart(
        Ring ring,
        in SockAddr address,
        IListenerHandler handler,
        [NotNullWhen(true)] out Listener? listener,
        int backlog = 1024,
        SocketKind kind = SocketKind.Stream)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentOutOfRangeException.ThrowIfNegative(backlog);
        SocketDomain domain = address.Family;
        if (domain is not (SocketDomain.IPv4 or SocketDomain.IPv6 or SocketDomain.Unix))
        {
            throw new ArgumentException("The address must be IPv4, IPv6 or a Unix socket path.", nameof(address));
        }

        listener = null;
        Listener started = new(ring, handler, address, backlog);
        if (!OwnedContexts.TryRent(ring, Tag, started, &OnCompletion, out started._ext)
            || !OwnedContexts.TryPrepare(
                ring,
                started._ext,
                (domain, kind),
                static (Ring ring, SqeContext context, in (SocketDomain Domain, SocketKind Kind) socket)
                    => ring.TryPrepareSocket(context, new SocketSpec(socket.Domain, socket.Kind | SocketKind.CloseOnExec)),
                RequestShape.ListenerStep))
        {
            return false;
        }

        // From here until the chain ends, a ring stopped mid-chain must not leak the socket the chain creates.
        ring.AddStopHook(started);
        listener = started;
        return true;
    }

    /// <summary>
    /// The ring is stopping mid-chain: close the socket this chain holds, or the one its unreaped socket completion
    /// carries. No handler is called (the ring is being torn down); <see cref="State"/> becomes <see cref="ListenerState.Closed"/>.
    /// </summary>
    void IRingStopHook.OnRingStopping(ReadOnlySpan<IoUringCqe> unreaped)
    {
        if (State is not (ListenerState.CreatingSocket or ListenerState.Binding or ListenerState.StartingToListen))
        {
            return;
        }

        if (State == ListenerState.CreatingSocket && _ext.IsValid)
        {
            ulong userData = _ext.Context.Raw;
            foreach (IoUringCqe cqe in unreaped)
            {
                if (cqe.UserData == userData && cqe.Res >= 0)
                {
                    Fd = cqe.Res;
                    break;
                }
            }
        }

        CloseSocket();
        State = ListenerState.Closed;
        _ext = default; // the ring frees its pools; nothing is returned to them now
    }

    private void Advance(int result)
    {
        ListenerState step = State;
        if (step is not (ListenerState.CreatingSocket or ListenerState.Binding or ListenerState.StartingToListen))
        {
            // The chain is over; a completion that still names it (a duplicate) changes nothing.
            return;
        }

        if (_closeRequested)
        {
            if (step == ListenerState.CreatingSocket && result >= 0)
            {
                Fd = result;
            }

            Cancelled(step);
            return;
        }

        if (result < 0)
        {
            Fail(step, ErrnoExtensions.FromResult(result));
            return;
        }

        switch (step)
        {
            case ListenerState.CreatingSocket:
                Fd = result;
                bool keep = false;
                try
                {
                    keep = _handler.OnSocketCreated(this, Fd);
                }
                finally
                {
                    if (!keep)
                    {
                        // Refused, or the handler threw: the chain ends here either way, and nothing leaks.
                        End(ListenerState.Failed);
                        CloseSocket();
                    }
                }

                if (!keep)
                {
                    return;
                }

                if (_closeRequested)
                {
                    // The handler closed the listener from OnSocketCreated.
                    Cancelled(step);
                    return;
                }

                Next(ListenerState.Binding, Ring.TryPrepareBind(_ext.Context, Fd, in _address));
                break;
            case ListenerState.Binding:
                Next(ListenerState.StartingToListen, Ring.TryPrepareListen(_ext.Context, Fd, _backlog));
                break;
            case ListenerState.StartingToListen:
                End(ListenerState.Listening);
                _handler.OnListening(this);
                break;
        }
    }

    private void Next(ListenerState state, bool prepared)
    {
        if (prepared)
        {
            State = state;
        }
        else
        {
            Fail(state, Errno.EAGAIN);
        }
    }

    private void Fail(ListenerState step, Errno error)
    {
        End(ListenerState.Failed);
        CloseSocket();
        _handler.OnFailed(this, step, error);
    }

    /// <summary><see cref="Close"/> stopped the chain: it ends closed, and the handler hears it once.</summary>
    private void Cancelled(ListenerState step)
    {
        End(ListenerState.Closed);
        CloseSocket();
        _handler.OnFailed(this, step, Errno.ECANCELED);
    }

    /// <summary>The chain is over: the context goes back to the pool, and the ring no longer needs to close anything for it.</summary>
    private void End(ListenerState state)
    {
        State = state;
        Ring.RemoveStopHook(this);
        ExtendedSqe ext = _ext;
        _ext = default;
        Ring.ReturnExtendedSqe(ext);
    }

    private void CloseSocket()
    {
        if (Fd >= 0)
        {
            Syscalls.Close(Fd);
            Fd = -1;
        }
    }

    /// <summary>The handler at offset 0, so generated dispatchers and <see cref="CompletionHandler.TryInvoke"/> route here.</summary>
    private static void OnCompletion(Ring ring, in CqeView completion) => TryHandle(ring, in completion);
}
