using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Async;

/// <summary>
/// UDP on the loop: sendto/recvfrom with the peer's address, gathered sendmsg and scattered recvmsg, truncation,
/// cancellation with the buffers pinned until the completion, errors, and shutdown.
/// </summary>
public sealed class EventLoopDatagramTests
{
    [Theory]
    [InlineData(AddressFamily.InterNetwork)]
    [InlineData(AddressFamily.InterNetworkV6)]
    public async Task A_UDP_round_trip_carries_the_bytes_and_the_senders_address(AddressFamily family)
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Socket client = DatagramFixtures.BoundUdp(family);
        using Socket server = DatagramFixtures.BoundUdp(family);
        byte[] request = DatagramFixtures.Pattern(1200, seed: 3);

        await loop.RunAsync(async () =>
        {
            SocketAddress from = new(family);
            byte[] received = new byte[2048];
            ValueTask<int> receive = loop.ReceiveFromAsync(server, received, from);
            Assert.Equal(request.Length, await loop.SendToAsync(client, request, server.LocalEndPoint!));
            Assert.Equal(request.Length, await receive);

            Assert.Equal(request, received[..request.Length]);
            Assert.Equal(client.LocalEndPoint!.Serialize(), from);
            Assert.Equal(DatagramFixtures.LocalEndPoint(client), new IPEndPoint(family == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0).Create(from));

            // The reply goes back to the address the receive filled, over the handle and raw-fd overloads.
            byte[] reply = "pong"u8.ToArray();
            Assert.Equal(4, await loop.SendToAsync(server.SafeHandle, reply, from));
            SocketAddress replyFrom = new(family);
            byte[] back = new byte[16];
            int fd = (int)client.SafeHandle.DangerousGetHandle();
            Assert.Equal(4, await loop.ReceiveFromAsync(fd, back, replyFrom));
            Assert.Equal(reply, back[..4]);
            Assert.Equal(server.LocalEndPoint!.Serialize(), replyFrom);
        }).Bounded();
    }

    [Fact]
    public async Task An_IPv4_end_point_given_to_a_dual_mode_socket_is_mapped_to_IPv6()
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Socket dualMode = new(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp) { DualMode = true };
        dualMode.Bind(new IPEndPoint(IPAddress.IPv6Any, 0));
        using Socket server = DatagramFixtures.BoundUdp(AddressFamily.InterNetwork);

        Assert.Equal(3, await loop.SendToAsync(dualMode, "abc"u8.ToArray(), server.LocalEndPoint!).Bounded());

        byte[] buffer = new byte[8];
        SocketAddress from = new(AddressFamily.InterNetwork);
        Assert.Equal(3, await loop.ReceiveFromAsync(server, buffer, from).Bounded());
        Assert.Equal("abc"u8.ToArray(), buffer[..3]);
        Assert.Equal(DatagramFixtures.LocalEndPoint(dualMode).Port, ((IPEndPoint)IPEndPoint.Parse("0.0.0.0:0").Create(from)).Port);
    }

    [Theory]
    [InlineData(AddressFamily.InterNetwork)]
    [InlineData(AddressFamily.InterNetworkV6)]
    public async Task Sendmsg_gathers_several_buffers_into_one_datagram_and_recvmsg_scatters_it(AddressFamily family)
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Socket client = DatagramFixtures.BoundUdp(family);
        using Socket server = DatagramFixtures.BoundUdp(family);
        byte[] header = DatagramFixtures.Pattern(3, seed: 10);
        byte[] payload = DatagramFixtures.Pattern(10, seed: 50);
        SocketAddress destination = server.LocalEndPoint!.Serialize();

        Assert.Equal(13, await loop.SendMessageAsync(client, [header, ReadOnlyMemory<byte>.Empty, payload], destination).Bounded());

        byte[] first = new byte[4];
        byte[] second = new byte[4];
        byte[] third = new byte[16];
        third.AsSpan().Fill(0xEE);
        SocketAddress from = new(family);
        ReceiveMessageResult result = await loop.ReceiveMessageAsync(server, [first, second, third], from).Bounded();

        Assert.Equal(13, result.ReceivedBytes);
        Assert.False(result.IsTruncated);
        Assert.Equal(MessageFlags.None, result.Flags);
        byte[] expected = [.. header, .. payload];
        Assert.Equal(expected[..4], first);
        Assert.Equal(expected[4..8], second);
        Assert.Equal(expected[8..], third[..5]);
        Assert.All(third[5..], b => Assert.Equal(0xEE, b));
        Assert.Equal(client.LocalEndPoint!.Serialize(), from);
    }

    [Fact]
    public async Task Sendmsg_without_a_destination_uses_the_connected_peer_and_recvmsg_needs_no_address()
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Socket client = DatagramFixtures.BoundUdp(AddressFamily.InterNetwork);
        using Socket server = DatagramFixtures.BoundUdp(AddressFamily.InterNetwork);
        client.Connect(server.LocalEndPoint!);
        int clientFd = (int)client.SafeHandle.DangerousGetHandle();

        Assert.Equal(7, await loop.SendMessageAsync(clientFd, ["con"u8.ToArray(), "nect"u8.ToArray()]).Bounded());

        byte[] buffer = new byte[32];
        ReceiveMessageResult result = await loop.ReceiveMessageAsync(server.SafeHandle, [buffer]).Bounded();
        Assert.Equal(7, result.ReceivedBytes);
        Assert.Equal("connect"u8.ToArray(), buffer[..7]);
    }

    [Fact]
    public async Task A_datagram_longer_than_the_buffers_is_truncated_and_says_so()
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Socket client = DatagramFixtures.BoundUdp(AddressFamily.InterNetwork);
        using Socket server = DatagramFixtures.BoundUdp(AddressFamily.InterNetwork);
        byte[] datagram = DatagramFixtures.Pattern(100, seed: 1);

        await loop.RunAsync(async () =>
        {
            await loop.SendToAsync(client, datagram, server.LocalEndPoint!);
            await loop.SendToAsync(client, "next"u8.ToArray(), server.LocalEndPoint!);

            byte[] first = new byte[8];
            byte[] second = new byte[8];
            SocketAddress from = new(AddressFamily.InterNetwork);
            ReceiveMessageResult truncated = await loop.ReceiveMessageAsync(server, [first, second], from);
            Assert.Equal(16, truncated.ReceivedBytes);
            Assert.True(truncated.IsTruncated);
            Assert.Equal(MessageFlags.Truncated, truncated.Flags);
            Assert.Equal(SocketFlags.Truncated, truncated.SocketFlags);
            Assert.Equal(datagram[..8], first);
            Assert.Equal(datagram[8..16], second);
            Assert.Equal(client.LocalEndPoint!.Serialize(), from);

            // The rest of the long datagram was discarded: the next receive gets the next datagram, whole.
            byte[] next = new byte[16];
            ReceiveMessageResult whole = await loop.ReceiveMessageAsync(server, [next]);
            Assert.Equal(4, whole.ReceivedBytes);
            Assert.False(whole.IsTruncated);
            Assert.Equal(SocketFlags.None, whole.SocketFlags);
            Assert.Equal("next"u8.ToArray(), next[..4]);

            // recvfrom cuts a long datagram to its buffer the same way.
            await loop.SendToAsync(client, datagram, server.LocalEndPoint!);
            byte[] small = new byte[10];
            Assert.Equal(10, await loop.ReceiveFromAsync(server, small, from));
            Assert.Equal(datagram[..10], small);
        }).Bounded();
    }

    [Fact]
    public async Task A_pending_ReceiveFrom_into_a_managed_array_survives_compacting_GCs_and_its_bytes_land_in_the_array()
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Socket client = DatagramFixtures.BoundUdp(AddressFamily.InterNetworkV6);
        using Socket server = DatagramFixtures.BoundUdp(AddressFamily.InterNetworkV6);
        byte[] buffer = DatagramFixtures.MovableBuffer(64);
        SocketAddress from = new(AddressFamily.InterNetworkV6);

        ValueTask<int> receive = loop.ReceiveFromAsync(server, buffer, from);
        LoopFixtures.Eventually(() => loop.GetStatistics().OperationsInFlight == 1, "the receive is in flight");
        nint address = DatagramFixtures.AddressOf(buffer);
        DatagramFixtures.ForceCompactingCollections();
        Assert.Equal(address, DatagramFixtures.AddressOf(buffer));

        client.SendTo("moved?"u8, server.LocalEndPoint!);
        Assert.Equal(6, await receive.Bounded());
        Assert.Equal("moved?"u8.ToArray(), buffer[..6]);
        Assert.Equal(client.LocalEndPoint!.Serialize(), from);
    }

    [Fact]
    public async Task A_pending_scattered_receive_keeps_every_buffer_pinned_through_compacting_GCs()
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Socket client = DatagramFixtures.BoundUdp(AddressFamily.InterNetwork);
        using Socket server = DatagramFixtures.BoundUdp(AddressFamily.InterNetwork);
        byte[] first = DatagramFixtures.MovableBuffer(5);
        byte[] second = DatagramFixtures.MovableBuffer(32);

        ValueTask<ReceiveMessageResult> receive = loop.ReceiveMessageAsync(server, [first, second]);
        LoopFixtures.Eventually(() => loop.GetStatistics().OperationsInFlight == 1, "the receive is in flight");
        nint firstAddress = DatagramFixtures.AddressOf(first);
        nint secondAddress = DatagramFixtures.AddressOf(second);
        DatagramFixtures.ForceCompactingCollections();
        Assert.Equal(firstAddress, DatagramFixtures.AddressOf(first));
        Assert.Equal(secondAddress, DatagramFixtures.AddressOf(second));

        client.SendTo("scattered"u8, server.LocalEndPoint!);
        ReceiveMessageResult result = await receive.Bounded();
        Assert.Equal(9, result.ReceivedBytes);
        Assert.Equal("scatt"u8.ToArray(), first);
        Assert.Equal("ered"u8.ToArray(), second[..4]);
    }

    [Fact]
    public async Task Cancelling_a_pending_ReceiveFrom_throws_only_after_its_completion_and_consumes_nothing()
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Socket client = DatagramFixtures.BoundUdp(AddressFamily.InterNetwork);
        using Socket server = DatagramFixtures.BoundUdp(AddressFamily.InterNetwork);
        using CancellationTokenSource cancel = new();
        byte[] buffer = DatagramFixtures.MovableBuffer(16);
        SocketAddress from = new(AddressFamily.InterNetwork);

        ValueTask<int> receive = loop.ReceiveFromAsync(server, buffer, from, SocketFlags.None, cancel.Token);
        LoopFixtures.Eventually(() => loop.GetStatistics().OperationsInFlight == 1, "the receive is in flight");
        nint address = DatagramFixtures.AddressOf(buffer);
        DatagramFixtures.ForceCompactingCollections();
        Assert.Equal(address, DatagramFixtures.AddressOf(buffer));

        cancel.Cancel();
        OperationCanceledException error = await Assert.ThrowsAsync<OperationCanceledException>(() => receive.Bounded());
        Assert.Equal(cancel.Token, error.CancellationToken);

        // The await ended only once the receive's own completion arrived; the next datagram goes to the next receive.
        Assert.Equal(0, loop.GetStatistics().OperationsInFlight);
        Assert.All(buffer, b => Assert.Equal(0, b));
        client.SendTo("after"u8, server.LocalEndPoint!);
        byte[] next = new byte[16];
        Assert.Equal(5, await loop.ReceiveFromAsync(server, next, from).Bounded());
        Assert.Equal("after"u8.ToArray(), next[..5]);
        Assert.All(buffer, b => Assert.Equal(0, b));
    }

    [Fact]
    public async Task A_ReceiveFrom_past_its_deadline_fails_with_TimedOut()
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Socket server = DatagramFixtures.BoundUdp(AddressFamily.InterNetwork);
        SocketAddress from = new(AddressFamily.InterNetwork);

        SocketException error = await Assert.ThrowsAsync<SocketException>(
            () => loop.ReceiveFromAsync(server, new byte[8], from, TimeSpan.FromMilliseconds(20)).Bounded());

        Assert.Equal(SocketError.TimedOut, error.SocketErrorCode);
    }

    [Fact]
    public async Task Failures_are_SocketExceptions_with_the_matching_SocketError()
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Socket v4 = DatagramFixtures.BoundUdp(AddressFamily.InterNetwork);
        (int readEnd, int writeEnd) = Posix.Pipe();
        try
        {
            // An IPv6 destination on an IPv4 socket (the handle overload does not map): EAFNOSUPPORT.
            SocketException family = await Assert.ThrowsAsync<SocketException>(
                () => loop.SendToAsync(v4.SafeHandle, new byte[4], new IPEndPoint(IPAddress.IPv6Loopback, 9)).Bounded());
            Assert.Equal(SocketError.AddressFamilyNotSupported, family.SocketErrorCode);

            // recvmsg on a pipe: ENOTSOCK.
            SocketException notSocket = await Assert.ThrowsAsync<SocketException>(
                () => loop.ReceiveFromAsync(readEnd, new byte[4], new SocketAddress(AddressFamily.InterNetworkV6)).Bounded());
            Assert.Equal(SocketError.NotSocket, notSocket.SocketErrorCode);
            Assert.Contains("ENOTSOCK", notSocket.Message, StringComparison.Ordinal);

            SocketException sendMessage = await Assert.ThrowsAsync<SocketException>(
                () => loop.SendMessageAsync(writeEnd, [new byte[4]]).Bounded());
            Assert.Equal(SocketError.NotSocket, sendMessage.SocketErrorCode);
        }
        finally
        {
            Posix.CloseQuietly(ref readEnd);
            Posix.CloseQuietly(ref writeEnd);
        }
    }

    [Fact]
    public async Task Bad_arguments_throw_at_the_call_naming_the_parameter()
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Socket v6 = DatagramFixtures.BoundUdp(AddressFamily.InterNetworkV6);

        ArgumentOutOfRangeException small = Assert.Throws<ArgumentOutOfRangeException>(
            () => loop.ReceiveFromAsync(v6, new byte[4], new SocketAddress(AddressFamily.InterNetwork)));
        Assert.Equal("receivedAddress", small.ParamName);

        ArgumentOutOfRangeException many = Assert.Throws<ArgumentOutOfRangeException>(
            () => loop.ReceiveMessageAsync(v6, new Memory<byte>[1025]));
        Assert.Equal("buffers", many.ParamName);

        ArgumentOutOfRangeException flags = Assert.Throws<ArgumentOutOfRangeException>(
            () => loop.SendToAsync(v6, new byte[1], v6.LocalEndPoint!, SocketFlags.Partial));
        Assert.Equal("socketFlags", flags.ParamName);

        Assert.Throws<ArgumentNullException>("socketAddress", () => loop.SendToAsync(v6, new byte[1], (SocketAddress)null!));
        Assert.Equal(0, loop.GetStatistics().SourcesOutstanding);
    }

    [Fact]
    public async Task Shutdown_with_a_receive_pending_ends_it_with_ObjectDisposedException_and_leaves_nothing_behind()
    {
        EventLoop loop = LoopFixtures.Start();
        using Socket client = DatagramFixtures.BoundUdp(AddressFamily.InterNetwork);
        using Socket server = DatagramFixtures.BoundUdp(AddressFamily.InterNetwork);

        // One message operation first, so the source owns its native msghdr block when the loop shuts down.
        Assert.Equal(2, await loop.SendMessageAsync(client, ["a"u8.ToArray(), "b"u8.ToArray()], server.LocalEndPoint!.Serialize()).Bounded());
        Assert.True(loop.GetStatistics().NativeBytes > 0);
        ValueTask<ReceiveMessageResult> pending = loop.ReceiveMessageAsync(client, [new byte[8], new byte[8]], new SocketAddress(AddressFamily.InterNetwork));
        LoopFixtures.Eventually(() => loop.GetStatistics().OperationsInFlight == 1, "the receive is in flight");

        await loop.DisposeAsync().AsTask().Bounded();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => pending.Bounded());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => loop.ReceiveFromAsync(server, new byte[8], new SocketAddress(AddressFamily.InterNetwork)).Bounded());
        LoopFixtures.AssertNothingLeft(loop.GetStatistics());
    }

    [Fact]
    public async Task The_README_datagram_example_echoes_a_datagram_sees_a_truncated_one_and_polls_until_its_deadline()
    {
        KernelRequirement.Require();
        await using EventLoop loop = new();
        using Socket udp = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using Socket peer = DatagramFixtures.BoundUdp(AddressFamily.InterNetwork);
        peer.SendTo("hello"u8, udp.LocalEndPoint!);
        peer.SendTo(new byte[2000], udp.LocalEndPoint!);

        (int n, ReceiveMessageResult message, PollEvents ready) = await loop.RunAsync(async () =>
        {
            // As in README.md ("Datagrams and readiness").
            SocketAddress from = new(udp.AddressFamily);                 // reused: 0 B per datagram
            byte[] datagram = new byte[1500];
            int n = await loop.ReceiveFromAsync(udp, datagram, from);  // fills 'from' with the sender
            await loop.SendToAsync(udp, datagram.AsMemory(0, n), from); // echo

            byte[] header = new byte[4], body = new byte[1496];
            ReceiveMessageResult message = await loop.ReceiveMessageAsync(udp, [header, body], from); // scatter
            PollEvents ready = await loop.PollAsync(udp, PollEvents.In, TimeSpan.FromMilliseconds(100)); // None at the deadline
            return (n, message, ready);
        }).Bounded();

        Assert.Equal(5, n);
        byte[] echo = new byte[16];
        Assert.Equal(5, peer.Receive(echo));
        Assert.Equal("hello"u8.ToArray(), echo[..5]);
        Assert.True(message.IsTruncated);
        Assert.Equal(1500, message.ReceivedBytes);
        Assert.Equal(PollEvents.None, ready);
    }
}
