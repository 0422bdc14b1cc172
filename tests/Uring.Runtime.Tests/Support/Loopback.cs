using System;
using Xunit;

namespace Uring.Tests.Support;

/// <summary>
/// Loopback fixtures built only from ring ops (socket, bind, listen, accept, connect, close): no
/// System.Net.Sockets. Ports come from binding to port 0 and reading the address back with getsockname.
/// </summary>
internal static class Loopback
{
    /// <summary>Waits for the one completion of a request just prepared and returns its result (asserting success).</summary>
    public static int Complete(this Ring ring, bool prepared, string what)
    {
        Assert.True(prepared, $"{what}: the SQ was full");
        CqeView cqe = ring.WaitOne();
        Assert.True(cqe.IsSuccess, $"{what} failed: {cqe.Error}");
        return cqe.Result;
    }

    /// <summary>A listening socket bound to <paramref name="bindTo"/> (port 0 picks one), and its real address.</summary>
    public static (int Fd, SockAddr Address) Listen(Ring ring, SocketDomain domain, SocketKind kind, in SockAddr bindTo)
    {
        int fd = ring.Complete(ring.TryPrepareSocket(SqeContext.FromValue(1), new SocketSpec(domain, kind | SocketKind.CloseOnExec)), "socket");
        ring.Complete(ring.TryPrepareBind(SqeContext.FromValue(2), fd, bindTo), "bind");
        ring.Complete(ring.TryPrepareListen(SqeContext.FromValue(3), fd), "listen");
        return (fd, Posix.GetSockName(fd));
    }

    /// <summary>
    /// A connected TCP pair over loopback: the accept and the connect are in flight together and both must
    /// complete. The listener is closed afterwards.
    /// </summary>
    public static (int Client, int Server) TcpPair(Ring ring, bool ipv6 = false)
    {
        SocketDomain domain = ipv6 ? SocketDomain.IPv6 : SocketDomain.IPv4;
        SockAddr any = ipv6 ? SockAddr.IPv6Loopback(0) : SockAddr.IPv4Loopback(0);
        (int listener, SockAddr address) = Listen(ring, domain, SocketKind.Stream, any);
        int client = ring.Complete(ring.TryPrepareSocket(SqeContext.FromValue(4), new SocketSpec(domain, SocketKind.Stream | SocketKind.CloseOnExec, SocketProtocol.Tcp)), "socket");
        int server = ConnectAndAccept(ring, listener, client, address);
        ring.Complete(ring.TryPrepareClose(SqeContext.FromValue(7), listener), "close listener");
        return (client, server);
    }

    /// <summary>
    /// Connects <paramref name="client"/> to <paramref name="listener"/> (accept and connect in flight
    /// together); returns the accepted fd. A non-empty <paramref name="peer"/> receives the client's address.
    /// </summary>
    public static int ConnectAndAccept(Ring ring, int listener, int client, in SockAddr address, Span<SockAddr> peer = default)
    {
        Assert.True(peer.IsEmpty ? ring.TryPrepareAccept(SqeContext.FromValue(5), listener) : ring.TryPrepareAccept(SqeContext.FromValue(5), listener, peer));
        Assert.True(ring.TryPrepareConnect(SqeContext.FromValue(6), client, address));
        int server = -1;
        foreach (CqeView cqe in ring.WaitMany(2))
        {
            Assert.True(cqe.IsSuccess, $"request {cqe.Context.Value} failed: {cqe.Error}");
            if (cqe.Context.Value == 5)
            {
                server = cqe.Result;
            }
        }

        Assert.True(server >= 0);
        return server;
    }

    /// <summary>Closes descriptors through the ring.</summary>
    public static void Close(Ring ring, params ReadOnlySpan<int> fds)
    {
        foreach (int fd in fds)
        {
            ring.Complete(ring.TryPrepareClose(SqeContext.FromValue(99), fd), "close");
        }
    }

    /// <summary>Reads an int socket option through the ring (SOL_SOCKET only on 6.18).</summary>
    public static unsafe int GetIntOption(Ring ring, int fd, int name, int level = SockOpt.SocketLevel, bool fixedFile = false)
    {
        using NativeBuffer value = new(sizeof(int));
        int length = ring.Complete(
            ring.TryPrepareGetSocketOption(SqeContext.FromValue(8), fd, level, name, value.Span, fixedFile ? OpOptions.FixedFile : default),
            $"getsockopt({name})");
        Assert.Equal(sizeof(int), length);
        return *(int*)value.Pointer;
    }
}
