using System;
using Uring;

namespace Uring.Samples.EchoServer;

/// <summary>A TCP echo server on 127.0.0.1: one listening socket, one pending accept, one context per connection.</summary>
public sealed class EchoServer
{
    /// <summary>The Value context of close requests (their completions need no handler).</summary>
    public const ulong CloseTag = 1;

    private readonly int _bufferSize;

    private EchoServer(int listenFd, int port, int bufferSize)
    {
        ListenFd = listenFd;
        Port = port;
        _bufferSize = bufferSize;
    }

    public int ListenFd { get; }

    public int Port { get; }

    public int OpenConnections { get; private set; }

    public int Accepted { get; private set; }

    /// <summary>True once the pending accept completed for good (cancelled at shutdown).</summary>
    public bool AcceptStopped { get; private set; }

    /// <summary>The first failure seen on a server connection, or <see cref="Errno.None"/>.</summary>
    public Errno Failure { get; private set; }

    /// <summary>
    /// Creates, binds and listens on a socket through the ring (blocking until each step completes; nothing
    /// else is in flight yet), then arms the first accept with a typed context. Accepted sockets are
    /// non-blocking (the runtime's default), which io_uring handles by polling.
    /// </summary>
    public static EchoServer Start(Ring ring, int port, int bufferSize)
    {
        int fd = Complete(ring, ring.TryPrepareSocket(SqeContext.FromValue(2), SocketSpec.Tcp4), "socket");
        Complete(ring, ring.TryPrepareBind(SqeContext.FromValue(2), fd, SockAddr.IPv4Loopback(port)), "bind");
        Complete(ring, ring.TryPrepareListen(SqeContext.FromValue(2), fd), "listen");
        EchoServer server = new(fd, LocalAddress.PortOf(fd), bufferSize);

        // One call rents a pooled context, stores the AcceptOp in it and prepares the accept; if it cannot, the
        // context is already back in the pool.
        if (!ring.TryPrepareAccept(new AcceptOp { Handler = AcceptOp.Handlers.OnAccepted, Server = server, ListenFd = fd }, fd))
        {
            throw new InvalidOperationException("No context or no room for the accept.");
        }

        return server;
    }

    /// <summary>A connection's buffer: pinned, because the kernel writes it until each receive completes.</summary>
    public byte[] NewConnectionBuffer() => GC.AllocateArray<byte>(_bufferSize, pinned: true);

    public void Opened()
    {
        OpenConnections++;
        Accepted++;
    }

    public void Closed(Errno error)
    {
        OpenConnections--;
        if (error != Errno.None && Failure == Errno.None)
        {
            Failure = error;
        }
    }

    public void AcceptFinished(Errno error)
    {
        AcceptStopped = true;
        if (error != Errno.ECANCELED && Failure == Errno.None)
        {
            Failure = error;
        }
    }

    /// <summary>Cancels the pending accept (its handler then returns its context) and waits for it.</summary>
    public void Stop(Ring ring)
    {
        if (!ring.TryPrepareCancelFd(SqeContext.FromValue(CloseTag), ListenFd))
        {
            throw new InvalidOperationException("No room for the cancel.");
        }

        Span<CqeView> batch = stackalloc CqeView[8];
        while (!AcceptStopped)
        {
            int count = ring.Wait(batch, 1, TimeSpan.FromSeconds(5));
            if (count == 0)
            {
                throw new TimeoutException("The accept was not cancelled within 5 s.");
            }

            for (int i = 0; i < count; i++)
            {
                ServerOp.Dispatch(ring, in batch[i]);
            }
        }

        Complete(ring, ring.TryPrepareClose(SqeContext.FromValue(2), ListenFd), "close");
    }

    private static int Complete(Ring ring, bool prepared, string what)
    {
        if (!prepared)
        {
            throw new InvalidOperationException($"No room for {what}.");
        }

        Span<CqeView> one = stackalloc CqeView[1];
        if (ring.Wait(one, 1, TimeSpan.FromSeconds(5)) != 1)
        {
            throw new TimeoutException($"{what} did not complete within 5 s.");
        }

        if (one[0].Result < 0)
        {
            throw new InvalidOperationException($"{what} failed: {one[0].Error}.");
        }

        return one[0].Result;
    }
}
