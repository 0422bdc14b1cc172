using System;
using Uring.Interop;

namespace Uring;

/// <summary>
/// A listening socket set up entirely through the ring: <c>socket</c>, then <c>bind</c>, then <c>listen</c>, each
/// queued when the previous one completes, with an <see cref="IListenerHandler"/> told how it went. Create one
/// with <see cref="Ring.TryListen"/>; hand completions to <see cref="TryHandle"/> in the reap loop; once
/// <see cref="State"/> is <see cref="ListenerState.Listening"/>, accept with
/// <see cref="Ring.TrySubscribeAccept"/> on <see cref="Fd"/> or any accept op.
/// </summary>
/// <remarks>
/// One pooled Extended context carries the three steps and goes back to the pool when the chain ends (listening
/// or failed). The address is copied in, so the caller's <see cref="SockAddr"/> need not live on.
/// Single-issuer: use it on the ring's issuer thread.
/// </remarks>
public sealed unsafe class Listener : IDisposable
{
    private const ulong Tag = 0x4C49_5354_454E_0001; // "LISTEN" + 1

    private readonly IListenerHandler _handler;
    private readonly SockAddr _address;
    private readonly int _backlog;
    private ExtSqe _ext;

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
        if (!OwnedContexts.TryGetOwner(in completion, Tag, out ExtSqe ext, out Listener? listener)
            || listener.Ring != ring
            || listener._ext != ext)
        {
            return false;
        }

        listener.Advance(completion.Result);
        return true;
    }

    /// <summary>
    /// Closes the listening socket (<c>close(2)</c>, synchronously). Idempotent; during setup it does nothing,
    /// because a step is in flight: let the chain end first.
    /// </summary>
    public void Close()
    {
        if (State == ListenerState.Listening)
        {
            CloseSocket();
            State = ListenerState.Closed;
        }
    }

    /// <summary>Same as <see cref="Close"/>.</summary>
    public void Dispose() => Close();

    internal static bool TryStart(Ring ring, in SockAddr address, IListenerHandler handler, int backlog, SocketKind kind, out Listener? listener)
    {
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
                    => ring.PrepareSocket(context, socket.Domain, socket.Kind | SocketKind.CloseOnExec)))
        {
            return false;
        }

        listener = started;
        return true;
    }

    private void Advance(int result)
    {
        ListenerState step = State;
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

                Next(ListenerState.Binding, Ring.PrepareBind(_ext.Context, Fd, in _address));
                break;
            case ListenerState.Binding:
                Next(ListenerState.StartingToListen, Ring.PrepareListen(_ext.Context, Fd, _backlog));
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

    /// <summary>The chain is over: the context goes back to the pool.</summary>
    private void End(ListenerState state)
    {
        State = state;
        ExtSqe ext = _ext;
        _ext = default;
        Ring.ReturnExtSqe(ext);
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
