using System;
using System.IO;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>
/// <see cref="Listener"/>: socket, bind and listen run as ring requests one after the other, the handler hears
/// the outcome, the socket accepts real connections, failures close the socket, and the pooled context goes back
/// when the chain ends.
/// </summary>
public sealed class ListenerTests : IDisposable
{
    private readonly Ring _ring = TestRings.Started(new RingOptions { Entries = 16, NotifySucceed = true });
    private readonly CqeView[] _completions = new CqeView[16];
    private readonly RecordingListenerHandler _handler = new();

    public void Dispose() => _ring.Dispose();

    [Fact]
    public void An_ipv4_listener_listens_and_accepts_a_connection()
    {
        Assert.True(Listener.TryStart(_ring, SockAddr.IPv4Loopback(0), _handler, out Listener? listener, backlog: 16));
        Assert.Equal(ListenerState.CreatingSocket, listener.State);
        ReapUntil(() => listener.State is ListenerState.Listening or ListenerState.Failed);

        Assert.Equal(new[] { "socket", "listening" }, _handler.Events);
        Assert.Equal(ListenerState.Listening, listener.State);
        Assert.Equal(_handler.CreatedFd, listener.Fd);
        Assert.Equal(1, Posix.GetSockOptInt(listener.Fd, SockOpt.SocketLevel, SockOpt.AcceptConnections));
        SockAddr bound = Posix.GetSockName(listener.Fd);
        Assert.NotEqual(0, bound.Port);
        Assert.Equal(_ring.Pools.Capacity, _ring.Pools.ExtendedAvailable);

        int client = _ring.Complete(_ring.TryPrepareSocket(SqeContext.FromValue(1), SocketSpec.Tcp4), "socket");
        int server = Loopback.ConnectAndAccept(_ring, listener.Fd, client, bound);
        Assert.True(server >= 0);
        Loopback.Close(_ring, client, server);

        listener.Dispose();
        Assert.Equal(ListenerState.Closed, listener.State);
        Assert.Equal(-1, listener.Fd);
        Assert.True(_handler.SocketClosed);
        listener.Close();
    }

    [Fact]
    public void Ipv6_and_unix_path_listeners_listen()
    {
        using TempDirectory directory = new();
        string path = directory.File("listener.sock");
        Assert.True(Listener.TryStart(_ring, SockAddr.IPv6Loopback(0), _handler, out Listener? v6));
        Assert.True(Listener.TryStart(_ring, SockAddr.Unix(path), _handler, out Listener? unix));
        ReapUntil(() => v6.State == ListenerState.Listening && unix.State == ListenerState.Listening);

        Assert.Equal(SocketDomain.IPv6, Posix.GetSockName(v6.Fd).Family);
        Assert.True(File.Exists(path));
        Assert.Equal(1, Posix.GetSockOptInt(unix.Fd, SockOpt.SocketLevel, SockOpt.AcceptConnections));
        v6.Close();
        unix.Close();
    }

    [Fact]
    public void A_bind_to_an_address_in_use_fails_and_closes_the_socket()
    {
        Assert.True(Listener.TryStart(_ring, SockAddr.IPv4Loopback(0), _handler, out Listener? first));
        ReapUntil(() => first.State == ListenerState.Listening);
        SockAddr taken = Posix.GetSockName(first.Fd);

        RecordingListenerHandler second = new();
        Assert.True(Listener.TryStart(_ring, taken, second, out Listener? clash));
        ReapUntil(() => clash.State == ListenerState.Failed);

        Assert.Equal(new[] { "socket", "failed Binding EADDRINUSE" }, second.Events);
        Assert.Equal(-1, clash.Fd);
        Assert.True(second.SocketClosed);
        Assert.Equal(_ring.Pools.Capacity, _ring.Pools.ExtendedAvailable);
        clash.Close(); // nothing to close: no effect
        Assert.Equal(ListenerState.Failed, clash.State);
        first.Close();
    }

    [Fact]
    public void A_handler_that_refuses_the_socket_aborts_the_chain()
    {
        RecordingListenerHandler refusing = new() { AcceptSocket = false };
        Assert.True(Listener.TryStart(_ring, SockAddr.IPv4Loopback(0), refusing, out Listener? listener));
        ReapUntil(() => listener.State == ListenerState.Failed);

        Assert.Equal(new[] { "socket" }, refusing.Events);
        Assert.True(refusing.SocketClosed);
        Assert.Equal(_ring.Pools.Capacity, _ring.Pools.ExtendedAvailable);
    }

    [Fact]
    public void A_handler_that_throws_ends_the_chain_without_leaking()
    {
        ThrowingHandler throwing = new();
        Assert.True(Listener.TryStart(_ring, SockAddr.IPv4Loopback(0), throwing, out Listener? listener));
        CqeView socket = _ring.WaitOne();
        Assert.Throws<InvalidOperationException>(() => Listener.TryHandle(_ring, in socket));

        Assert.Equal(ListenerState.Failed, listener.State);
        Assert.Equal(-1, listener.Fd);
        Assert.NotEqual(throwing.Target, Posix.FdTarget(throwing.Fd));
        Assert.Equal(_ring.Pools.Capacity, _ring.Pools.ExtendedAvailable);
    }

    [Fact]
    public void Bad_input_is_refused_before_anything_is_queued()
    {
        int free = _ring.SqAvailable;
        Assert.Throws<ArgumentNullException>(() => Listener.TryStart(_ring, SockAddr.IPv4Loopback(0), null!, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => Listener.TryStart(_ring, SockAddr.IPv4Loopback(0), _handler, out _, backlog: -1));
        Assert.Throws<ArgumentException>(() => Listener.TryStart(_ring, default, _handler, out _));
        Assert.Equal(free, _ring.SqAvailable);
        Assert.Equal(_ring.Pools.Capacity, _ring.Pools.ExtendedAvailable);
    }

    [Fact]
    public void Other_completions_are_not_claimed()
    {
        Assert.True(_ring.TryPrepareNop(SqeContext.FromValue(3)));
        Assert.False(Listener.TryHandle(_ring, _ring.WaitOne()));
    }

    private void ReapUntil(Func<bool> done)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "the listener setup did not end within 10 s");
            int n = _ring.Wait(_completions, 1, TimeSpan.FromMilliseconds(200));
            for (int i = 0; i < n; i++)
            {
                Assert.True(Listener.TryHandle(_ring, in _completions[i]), $"unexpected completion {_completions[i].Context.Value}");
            }
        }
    }

    private sealed class RecordingListenerHandler : IListenerHandler
    {
        public System.Collections.Generic.List<string> Events { get; } = new();

        public bool AcceptSocket { get; init; } = true;

        public int CreatedFd { get; private set; } = -1;

        /// <summary>
        /// The socket is gone: its fd number no longer names the same socket inode (tests in other classes run
        /// in parallel and may get the number again, so "not open" would be a race).
        /// </summary>
        public bool SocketClosed => Posix.FdTarget(CreatedFd) != _target;

        private string? _target;

        public bool OnSocketCreated(Listener listener, int fd)
        {
            CreatedFd = fd;
            _target = Posix.FdTarget(fd);
            Events.Add("socket");
            return AcceptSocket;
        }

        public void OnListening(Listener listener) => Events.Add("listening");

        public void OnFailed(Listener listener, ListenerState failedIn, Errno error) => Events.Add($"failed {failedIn} {error}");
    }

    private sealed class ThrowingHandler : IListenerHandler
    {
        public int Fd { get; private set; } = -1;

        public string? Target { get; private set; }

        public bool OnSocketCreated(Listener listener, int fd)
        {
            Fd = fd;
            Target = Posix.FdTarget(fd);
            throw new InvalidOperationException("the handler failed");
        }

        public void OnListening(Listener listener) => throw new InvalidOperationException("unreachable");

        public void OnFailed(Listener listener, ListenerState failedIn, Errno error) => throw new InvalidOperationException("unreachable");
    }
}
