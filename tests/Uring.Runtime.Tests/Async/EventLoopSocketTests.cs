using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Async;

/// <summary>Socket operations on the loop over System.Net.Sockets sockets, handles and raw fds, and SocketException mapping.</summary>
public sealed class EventLoopSocketTests
{
    [Fact]
    public async Task Accept_connect_send_receive_and_shutdown_over_loopback_with_Sockets()
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Socket listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        using Socket client = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        await loop.RunAsync(async () =>
        {
            ValueTask<Socket> accept = loop.AcceptAsync(listener);
            await loop.ConnectAsync(client, listener.LocalEndPoint!);
            using Socket server = await accept;
            Assert.Equal(LocalPort(client), ((IPEndPoint)server.RemoteEndPoint!).Port);

            byte[] request = new byte[10_000];
            new Random(5).NextBytes(request);
            int sent = 0;
            while (sent < request.Length)
            {
                sent += await loop.SendAsync(client, request.AsMemory(sent));
            }

            byte[] received = new byte[request.Length];
            int total = 0;
            while (total < received.Length)
            {
                total += await loop.ReceiveAsync(server, received.AsMemory(total));
            }

            Assert.Equal(request, received);

            await loop.ShutdownAsync(client, SocketShutdown.Send);
            Assert.Equal(0, await loop.ReceiveAsync(server.SafeHandle, new byte[16]));
            Assert.Equal(2, await loop.SendAsync(server.SafeHandle, "ok"u8.ToArray()));
            byte[] reply = new byte[2];
            Assert.Equal(2, await loop.ReceiveAsync(client, reply, SocketFlags.Peek));
            Assert.Equal(2, await loop.ReceiveAsync(client, reply));
            Assert.Equal("ok"u8.ToArray(), reply);
        }).Bounded();
    }

    [Fact]
    public async Task AcceptAsync_returns_a_blocking_close_on_exec_Socket_like_Socket_Accept_and_the_ring_still_serves_it()
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Socket listener = ConnectionFixtures.Listen();
        using Socket client = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        await loop.RunAsync(async () =>
        {
            ValueTask<Socket> accept = loop.AcceptAsync(listener);
            await loop.ConnectAsync(client, listener.LocalEndPoint!);
            using Socket server = await accept;
            int fd = (int)server.SafeHandle.DangerousGetHandle();

            // No O_NONBLOCK: disposing the Socket has nothing to switch back (two fcntl calls fewer per connection).
            Assert.Equal(0, Posix.GetStatusFlags(fd) & Posix.ONonBlock);
            Assert.Equal(Posix.FdCloexec, Posix.GetFdFlags(fd) & Posix.FdCloexec);
            Assert.True(server.Blocking);

            // A receive on the blocking descriptor waits in the ring, not in the loop: the loop goes on meanwhile.
            byte[] into = new byte[8];
            ValueTask<int> receive = loop.ReceiveAsync(server, into);
            await loop.NopAsync();
            Assert.False(receive.IsCompleted);
            Assert.Equal(5, await loop.SendAsync(client, "hello"u8.ToArray()));
            Assert.Equal(5, await receive);
            Assert.Equal("hello"u8.ToArray(), into[..5]);
        }).Bounded();
    }

    [Fact]
    public async Task Raw_fds_and_a_Unix_domain_end_point_work_too()
    {
        await using EventLoop loop = LoopFixtures.Start();
        string path = Path.Combine(Path.GetTempPath(), $"uring-loop-{Guid.NewGuid():N}.sock");
        try
        {
            using Socket listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen();
            using Socket client = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);

            ValueTask<int> accept = loop.AcceptAsync((int)listener.SafeHandle.DangerousGetHandle());
            await loop.ConnectAsync(client.SafeHandle, new UnixDomainSocketEndPoint(path)).Bounded();
            int server = await accept.Bounded();
            try
            {
                Assert.Equal(5, await loop.SendAsync(server, "hello"u8.ToArray()).Bounded());
                byte[] buffer = new byte[8];
                Assert.Equal(5, await loop.ReceiveAsync(client.SafeHandle, buffer).Bounded());
                Assert.Equal("hello"u8.ToArray(), buffer[..5]);
            }
            finally
            {
                await loop.CloseAsync(server).Bounded();
            }

            Assert.Equal(0, await loop.ReceiveAsync(client, new byte[8]).Bounded());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Connecting_to_a_closed_port_throws_SocketException_ConnectionRefused()
    {
        await using EventLoop loop = LoopFixtures.Start();
        int port;
        using (Socket probe = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        using Socket client = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        SocketException error = await Assert.ThrowsAsync<SocketException>(
            () => loop.ConnectAsync(client, new IPEndPoint(IPAddress.Loopback, port)).Bounded());

        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
        Assert.Contains("ECONNREFUSED (111)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Socket_errors_map_to_the_SocketError_NET_reports()
    {
        await using EventLoop loop = LoopFixtures.Start();
        (int a, int b) = Posix.UnixStreamPair();
        try
        {
            Posix.CloseQuietly(ref b);
            SocketException brokenPipe = await Assert.ThrowsAsync<SocketException>(() => loop.SendAsync(a, new byte[4]).Bounded());
            Assert.Equal(SocketError.Shutdown, brokenPipe.SocketErrorCode);

            (int file, int pipeWrite) = Posix.Pipe();
            try
            {
                SocketException notSocket = await Assert.ThrowsAsync<SocketException>(() => loop.ReceiveAsync(file, new byte[4]).Bounded());
                Assert.Equal(SocketError.NotSocket, notSocket.SocketErrorCode);
            }
            finally
            {
                Posix.CloseQuietly(ref file);
                Posix.CloseQuietly(ref pipeWrite);
            }
        }
        finally
        {
            Posix.CloseQuietly(ref a);
        }

        Assert.Equal("socketFlags", Assert.Throws<ArgumentOutOfRangeException>(() => { _ = loop.ReceiveAsync(0, new byte[1], SocketFlags.Broadcast); }).ParamName);
        using Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        Assert.Equal("remoteEndPoint", Assert.Throws<ArgumentException>(() => { _ = loop.ConnectAsync(socket, new DnsEndPoint("localhost", 1)); }).ParamName);
    }

    [Fact]
    public async Task A_receive_past_its_deadline_throws_SocketException_TimedOut()
    {
        await using EventLoop loop = LoopFixtures.Start();
        (int a, int b) = Posix.UnixStreamPair();
        try
        {
            SocketException error = await Assert.ThrowsAsync<SocketException>(
                () => loop.ReceiveAsync(a, new byte[4], TimeSpan.FromMilliseconds(20)).Bounded());
            Assert.Equal(SocketError.TimedOut, error.SocketErrorCode);

            Posix.WriteAll(b, "late"u8);
            byte[] buffer = new byte[4];
            Assert.Equal(4, await loop.ReceiveAsync(a, buffer, TimeSpan.FromSeconds(5)).Bounded());
            Assert.Equal("late"u8.ToArray(), buffer);
        }
        finally
        {
            Posix.CloseQuietly(ref a);
            Posix.CloseQuietly(ref b);
        }
    }

    [Fact]
    public async Task Cancelling_a_pending_receive_and_a_pending_accept_throws_OperationCanceledException_after_their_completions()
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Socket listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        (int a, int b) = Posix.UnixStreamPair();
        try
        {
            using CancellationTokenSource cancel = new();
            byte[] buffer = new byte[32];
            ValueTask<int> receive = loop.ReceiveAsync(a, buffer, cancellationToken: cancel.Token);
            ValueTask<Socket> accept = loop.AcceptAsync(listener, cancel.Token);
            LoopFixtures.Eventually(() => loop.GetStatistics().OperationsInFlight == 2, "both are in flight");
            for (int i = 0; i < 3; i++)
            {
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            }

            cancel.Cancel();
            await Assert.ThrowsAsync<OperationCanceledException>(() => receive.Bounded());
            await Assert.ThrowsAsync<OperationCanceledException>(() => accept.Bounded());
            Assert.Equal(0, loop.GetStatistics().OperationsInFlight);

            // Nothing was consumed: the data and the connection are there for the next receive and accept.
            Posix.WriteAll(b, "data"u8);
            Assert.Equal(4, await loop.ReceiveAsync(a, buffer).Bounded());
            Assert.All(buffer[4..], x => Assert.Equal(0, x));
            using Socket client = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await loop.ConnectAsync(client, listener.LocalEndPoint!).Bounded();
            using Socket server = await loop.AcceptAsync(listener).Bounded();
            Assert.Equal(LocalPort(client), ((IPEndPoint)server.RemoteEndPoint!).Port);
        }
        finally
        {
            Posix.CloseQuietly(ref a);
            Posix.CloseQuietly(ref b);
        }
    }

    /// <summary>The socket's port as the kernel knows it (its managed state does not see a connect made through the ring).</summary>
    private static int LocalPort(Socket socket) => Posix.GetSockName((int)socket.SafeHandle.DangerousGetHandle()).Port;
}
