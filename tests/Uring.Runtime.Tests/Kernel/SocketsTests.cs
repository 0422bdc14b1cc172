using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>
/// Sockets built and driven only through the ring, over loopback: TCP (IPv4, IPv6), UDP, Unix (path and
/// abstract), direct descriptors, multishot accept, and linked chains. System.Net is used only to build
/// and compare addresses, never to move data.
/// </summary>
public sealed unsafe class SocketsTests : IDisposable
{
    private readonly Ring _ring = TestRings.Started(new RingOptions { Entries = 64, NotifySucceed = true });

    public void Dispose() => _ring.Dispose();

    private static ReadOnlySpan<byte> Hello => "hello over io_uring"u8;

    [Fact]
    public void Tcp_exchange_over_ipv4_with_send_recv_sendmsg_recvmsg_shutdown_and_close()
    {
        (int listener, SockAddr address) = Loopback.Listen(_ring, SocketDomain.IPv4, SocketKind.Stream, SockAddr.IPv4Loopback(0));
        Assert.Equal(SocketDomain.IPv4, address.Family);
        Assert.NotEqual(0, address.Port);
        Assert.Equal(1, Loopback.GetIntOption(_ring, listener, SockOpt.AcceptConnections));

        int client = _ring.Complete(_ring.TryPrepareSocket(SqeContext.FromValue(1), SocketSpec.Tcp4), "socket");
        using NativeBuffer peer = new(sizeof(SockAddr));
        Span<SockAddr> peerSlot = new(peer.Pointer, 1);
        int server = Loopback.ConnectAndAccept(_ring, listener, client, address, peerSlot);

        // The accept reported the client's address: what getsockname says about the client's end.
        SockAddr clientName = Posix.GetSockName(client);
        Assert.Equal(SockAddr.IPv4Length, (int)peerSlot[0].Length);
        Assert.Equal(clientName.ToIPEndPoint(), peerSlot[0].ToIPEndPoint());
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, clientName.Port), peerSlot[0].ToEndPoint());

        // send -> recv, both directions.
        using NativeBuffer data = new(64);
        using NativeBuffer back = new(64);
        Hello.CopyTo(data.Span);
        Assert.Equal(Hello.Length, _ring.Complete(_ring.TryPrepareSend(SqeContext.FromValue(12), client, data.Span[..Hello.Length]), "send"));
        Assert.Equal(Hello.Length, _ring.Complete(_ring.TryPrepareRecv(SqeContext.FromValue(13), server, back.Span[..Hello.Length], MessageFlags.WaitAll), "recv"));
        Assert.True(back.Span[..Hello.Length].SequenceEqual(Hello));

        Assert.Equal(3, _ring.Complete(_ring.TryPrepareSend(SqeContext.FromValue(14), server, "ack"u8), "send back"));
        Assert.Equal(3, _ring.Complete(_ring.TryPrepareRecv(SqeContext.FromValue(15), client, back.Span), "recv back"));
        Assert.True(back.Span[..3].SequenceEqual("ack"u8));

        // sendmsg with two buffers (the iovec array is a stack temporary: it is staged) -> recvmsg into three.
        using NativeBuffer first = new(5);
        using NativeBuffer second = new(6);
        "gathe"u8.CopyTo(first.Span);
        "red!!!"u8.CopyTo(second.Span);
        Span<IoVector> gather = stackalloc IoVector[] { new(first.Pointer, 5), new(second.Pointer, 6) };
        Assert.Equal(11, _ring.Complete(_ring.TryPrepareSendMsg(SqeContext.FromValue(16), client, new SendMessage(gather)), "sendmsg"));

        using NativeBuffer scatter = new(64);
        using NativeBuffer vectors = new(3 * sizeof(IoVector));
        IoVector* v = (IoVector*)vectors.Pointer;
        v[0] = new IoVector(scatter.Pointer, 4);
        v[1] = new IoVector(scatter.Pointer + 4, 4);
        v[2] = new IoVector(scatter.Pointer + 8, 3);
        using NativeBuffer header = new(sizeof(MessageHeader));
        Span<MessageHeader> message = new(header.Pointer, 1);
        message[0] = MessageHeader.ForReceive(default, new ReadOnlySpan<IoVector>(v, 3));
        Assert.Equal(11, _ring.Complete(_ring.TryPrepareRecvMsg(SqeContext.FromValue(17), server, message, MessageFlags.WaitAll), "recvmsg"));
        Assert.Equal("gathered!!!", Encoding.ASCII.GetString(scatter.Span[..11]));
        Assert.Equal(MessageFlags.None, message[0].Flags);

        // shutdown(SHUT_WR) on the client: the server reads end of stream.
        Assert.Equal(0, _ring.Complete(_ring.TryPrepareShutdown(SqeContext.FromValue(18), client, ShutdownHow.Write), "shutdown"));
        Assert.Equal(0, _ring.Complete(_ring.TryPrepareRecv(SqeContext.FromValue(19), server, back.Span), "recv after shutdown"));

        string?[] before = [Posix.FdTarget(client), Posix.FdTarget(server), Posix.FdTarget(listener)];
        Assert.All(before, target => Assert.StartsWith("socket:", target));
        Loopback.Close(_ring, client, server, listener);
        Assert.NotEqual(before[0], Posix.FdTarget(client));
        Assert.NotEqual(before[1], Posix.FdTarget(server));
        Assert.NotEqual(before[2], Posix.FdTarget(listener));
    }

    [Fact]
    public void Tcp_over_ipv6_loopback_reports_an_ipv6_peer()
    {
        (int listener, SockAddr address) = Loopback.Listen(_ring, SocketDomain.IPv6, SocketKind.Stream, SockAddr.IPv6Loopback(0));
        Assert.Equal(SocketDomain.IPv6, address.Family);
        Assert.Equal(SockAddr.IPv6Length, (int)address.Length);
        Assert.Equal(IPAddress.IPv6Loopback, address.ToIPEndPoint().Address);

        int client = _ring.Complete(_ring.TryPrepareSocket(SqeContext.FromValue(1), SocketSpec.Tcp6), "socket");
        using NativeBuffer peer = new(sizeof(SockAddr));
        Span<SockAddr> peerSlot = new(peer.Pointer, 1);
        int server = Loopback.ConnectAndAccept(_ring, listener, client, address, peerSlot);

        Assert.Equal(SocketDomain.IPv6, peerSlot[0].Family);
        Assert.Equal(Posix.GetSockName(client).ToIPEndPoint(), peerSlot[0].ToEndPoint());
        Assert.Equal(SocketDomain.IPv6, (SocketDomain)Loopback.GetIntOption(_ring, server, SockOpt.Domain));

        using NativeBuffer data = new(4096);
        for (int i = 0; i < data.Length; i++)
        {
            data.Span[i] = (byte)(i * 31);
        }

        using NativeBuffer back = new(4096);
        Assert.Equal(4096, _ring.Complete(_ring.TryPrepareSend(SqeContext.FromValue(12), server, data.Span, MessageFlags.WaitAll), "send"));
        Assert.Equal(4096, _ring.Complete(_ring.TryPrepareRecv(SqeContext.FromValue(13), client, back.Span, MessageFlags.WaitAll), "recv"));
        Assert.True(back.Span.SequenceEqual(data.Span));
        Loopback.Close(_ring, client, server, listener);
    }

    [Fact]
    public void Udp_sendto_and_sendmsg_are_received_by_recvmsg_with_the_source_address()
    {
        int a = _ring.Complete(_ring.TryPrepareSocket(SqeContext.FromValue(1), SocketSpec.Udp4), "socket a");
        int b = _ring.Complete(_ring.TryPrepareSocket(SqeContext.FromValue(2), SocketSpec.Udp4), "socket b");
        _ring.Complete(_ring.TryPrepareBind(SqeContext.FromValue(3), a, SockAddr.IPv4Loopback(0)), "bind a");
        _ring.Complete(_ring.TryPrepareBind(SqeContext.FromValue(4), b, SockAddr.IPv4Loopback(0)), "bind b");
        SockAddr aName = Posix.GetSockName(a);
        SockAddr bName = Posix.GetSockName(b);

        using NativeBuffer data = new(32);
        "datagram one"u8.CopyTo(data.Span);
        Assert.Equal(12, _ring.Complete(_ring.TryPrepareSendTo(SqeContext.FromValue(5), a, data.Span[..12], bName), "sendto"));

        using NativeBuffer received = new(64);
        using NativeBuffer storage = new(sizeof(SockAddr) + sizeof(IoVector) + sizeof(MessageHeader));
        Span<SockAddr> source = new(storage.Pointer, 1);
        IoVector* vector = (IoVector*)(storage.Pointer + sizeof(SockAddr));
        *vector = new IoVector(received.Pointer, 64);
        Span<MessageHeader> message = new(storage.Pointer + sizeof(SockAddr) + sizeof(IoVector), 1);
        message[0] = MessageHeader.ForReceive(source, new ReadOnlySpan<IoVector>(vector, 1));
        Assert.Equal((uint)SockAddr.Capacity, message[0].NameLength);

        Assert.Equal(12, _ring.Complete(_ring.TryPrepareRecvMsg(SqeContext.FromValue(6), b, message), "recvmsg"));
        Assert.Equal("datagram one", Encoding.ASCII.GetString(received.Span[..12]));
        Assert.Equal((uint)SockAddr.IPv4Length, message[0].NameLength);
        source[0].Length = message[0].NameLength;
        Assert.Equal(aName.ToIPEndPoint(), source[0].ToIPEndPoint());

        // sendmsg with a destination (staged with the msghdr) and two buffers; a short buffer truncates.
        using NativeBuffer part = new(8);
        "two-part"u8.CopyTo(part.Span);
        Span<IoVector> gather = stackalloc IoVector[] { new(part.Pointer, 4), new(part.Pointer + 4, 4) };
        SockAddr destination = bName;
        Assert.Equal(8, _ring.Complete(_ring.TryPrepareSendMsg(SqeContext.FromValue(7), a, new SendMessage(gather, in destination)), "sendmsg to"));
        *vector = new IoVector(received.Pointer, 3);
        message[0] = MessageHeader.ForReceive(source, new ReadOnlySpan<IoVector>(vector, 1));
        Assert.Equal(3, _ring.Complete(_ring.TryPrepareRecvMsg(SqeContext.FromValue(8), b, message), "recvmsg truncated"));
        Assert.Equal("two", Encoding.ASCII.GetString(received.Span[..3]));
        Assert.True((message[0].Flags & MessageFlags.Truncated) != 0, $"msg_flags = {message[0].Flags}");
        Assert.Equal(aName.Port, source[0].Port);

        Loopback.Close(_ring, a, b);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Unix_seqpacket_exchange_by_path_or_abstract_name(bool isAbstract)
    {
        using TempDirectory directory = new();
        string name = isAbstract ? "\0uring-test-" + Guid.NewGuid().ToString("N") : directory.File("sock");
        SockAddr address = SockAddr.Unix(name);
        int listener = _ring.Complete(_ring.TryPrepareSocket(SqeContext.FromValue(1), SocketSpec.UnixSeqPacket), "socket");
        _ring.Complete(_ring.TryPrepareBind(SqeContext.FromValue(2), listener, address), "bind");
        _ring.Complete(_ring.TryPrepareListen(SqeContext.FromValue(3), listener, backlog: 4), "listen");
        Assert.Equal(isAbstract, !File.Exists(name));

        SockAddr bound = Posix.GetSockName(listener);
        Assert.Equal(SocketDomain.Unix, bound.Family);
        Assert.Equal(address.Length, bound.Length);
        Assert.IsType<UnixDomainSocketEndPoint>(bound.ToEndPoint());
        Assert.Equal(isAbstract ? "unix:@" + name[1..] : "unix:" + name, bound.ToString());

        int client = _ring.Complete(_ring.TryPrepareSocket(SqeContext.FromValue(4), SocketSpec.UnixSeqPacket), "client socket");
        using NativeBuffer peer = new(sizeof(SockAddr));
        Span<SockAddr> peerSlot = new(peer.Pointer, 1);
        int server = Loopback.ConnectAndAccept(_ring, listener, client, address, peerSlot);

        // The client never bound: its address is unnamed (just the family).
        Assert.Equal(SocketDomain.Unix, peerSlot[0].Family);
        Assert.Equal(2u, peerSlot[0].Length);
        Assert.Null(peerSlot[0].ToEndPoint());
        Assert.Equal((int)SocketKind.SeqPacket, Loopback.GetIntOption(_ring, server, SockOpt.Type));

        // SEQPACKET keeps message boundaries: two sends, two receives.
        using NativeBuffer back = new(64);
        Assert.Equal(3, _ring.Complete(_ring.TryPrepareSend(SqeContext.FromValue(7), client, "one"u8), "send 1"));
        Assert.Equal(5, _ring.Complete(_ring.TryPrepareSend(SqeContext.FromValue(8), client, "three"u8), "send 2"));
        Assert.Equal(3, _ring.Complete(_ring.TryPrepareRecv(SqeContext.FromValue(9), server, back.Span), "recv 1"));
        Assert.Equal(5, _ring.Complete(_ring.TryPrepareRecv(SqeContext.FromValue(10), server, back.Span), "recv 2"));
        Assert.True(back.Span[..5].SequenceEqual("three"u8));
        Loopback.Close(_ring, client, server, listener);
    }

    [Fact]
    public void Sockets_and_accepts_in_slots_exchange_through_fixed_files()
    {
        _ring.RegisterFilesSparse(8);
        (int listener, SockAddr address) = Loopback.Listen(_ring, SocketDomain.IPv4, SocketKind.Stream, SockAddr.IPv4Loopback(0));

        // Client: auto-allocated slot. Server: accepted into explicit slot 6.
        int clientSlot = _ring.Complete(_ring.TryPrepareSocket(SqeContext.FromValue(1), SocketSpec.Tcp4, FileTarget.AnySlot), "socket into any slot");
        Assert.InRange(clientSlot, 0, 7);
        Assert.True(_ring.TryPrepareAccept(SqeContext.FromValue(2), listener, target: FileTarget.Slot(6)));
        Assert.True(_ring.TryPrepareConnect(SqeContext.FromValue(3), clientSlot, address, OpOptions.FixedFile));
        foreach (CqeView cqe in _ring.WaitMany(2))
        {
            Assert.True(cqe.IsSuccess, $"{cqe.Context.Value}: {cqe.Error}");
            Assert.Equal(0, cqe.Result);
        }

        using NativeBuffer back = new(32);
        Assert.Equal(5, _ring.Complete(_ring.TryPrepareSend(SqeContext.FromValue(4), clientSlot, "fixed"u8, options: OpOptions.FixedFile), "send on slot"));
        Assert.Equal(5, _ring.Complete(_ring.TryPrepareRecv(SqeContext.FromValue(5), 6, back.Span[..5], MessageFlags.WaitAll, OpOptions.FixedFile), "recv on slot"));
        Assert.True(back.Span[..5].SequenceEqual("fixed"u8));
        Assert.Equal((int)SocketKind.Stream, Loopback.GetIntOption(_ring, 6, SockOpt.Type, fixedFile: true));

        // An explicit-slot socket and an auto-allocated accept.
        Assert.Equal(0, _ring.Complete(_ring.TryPrepareSocket(SqeContext.FromValue(6), new SocketSpec(SocketDomain.IPv4, SocketKind.Stream, SocketProtocol.Tcp), FileTarget.Slot(3)), "socket into slot 3"));
        Assert.True(_ring.TryPrepareAccept(SqeContext.FromValue(7), listener, target: FileTarget.AnySlot));
        Assert.True(_ring.TryPrepareConnect(SqeContext.FromValue(8), 3, address, OpOptions.FixedFile));
        int acceptedSlot = -1;
        foreach (CqeView cqe in _ring.WaitMany(2))
        {
            Assert.True(cqe.IsSuccess, $"{cqe.Context.Value}: {cqe.Error}");
            acceptedSlot = cqe.Context.Value == 7 ? cqe.Result : acceptedSlot;
        }

        Assert.InRange(acceptedSlot, 0, 7);
        Assert.NotEqual(3, acceptedSlot);
        Assert.NotEqual(6, acceptedSlot);

        // The kernel refuses SOCK_CLOEXEC for a slot (EINVAL); TryPrepareSocket does not send it there, so a
        // close-on-exec spec such as a preset creates the socket in slot 7 all the same.
        Assert.Equal(0, _ring.Complete(_ring.TryPrepareSocket(SqeContext.FromValue(9), SocketSpec.Udp4, FileTarget.Slot(7)), "cloexec spec into slot 7"));
        Assert.Equal((int)SocketKind.Datagram, Loopback.GetIntOption(_ring, 7, SockOpt.Type, fixedFile: true));

        // CLOSE with IOSQE_FIXED_FILE is refused (EBADF): a slot is closed by file_index.
        Assert.True(_ring.TryPrepareClose(SqeContext.FromValue(10), clientSlot, OpOptions.FixedFile));
        Assert.Equal(Errno.EBADF, _ring.WaitOne().Error);
        foreach (int slot in new[] { clientSlot, 6, 3, acceptedSlot, 7 })
        {
            Assert.Equal(0, _ring.Complete(_ring.TryPrepareCloseDirect(SqeContext.FromValue(11), (uint)slot), $"close slot {slot}"));
        }

        Assert.True(_ring.TryPrepareCloseDirect(SqeContext.FromValue(12), 6));
        Assert.Equal(Errno.EBADF, _ring.WaitOne().Error);
        Loopback.Close(_ring, listener);
    }

    [Fact]
    public void Multishot_accept_accepts_three_connections_with_more_set()
    {
        (int listener, SockAddr address) = Loopback.Listen(_ring, SocketDomain.IPv4, SocketKind.Stream, SockAddr.IPv4Loopback(0));
        Assert.True(_ring.TryPrepareAcceptMultishot(SqeContext.FromValue(100), listener));
        _ring.Submit();

        int[] clients = new int[3];
        for (int i = 0; i < clients.Length; i++)
        {
            clients[i] = _ring.Complete(_ring.TryPrepareSocket(SqeContext.FromValue(1), SocketSpec.Tcp4), "socket");
        }

        for (int i = 0; i < clients.Length; i++)
        {
            Assert.True(_ring.TryPrepareConnect(SqeContext.FromValue(200 + (ulong)i), clients[i], address));
        }

        int[] accepted = new int[3];
        int acceptedCount = 0;
        int connected = 0;
        foreach (CqeView cqe in _ring.WaitMany(6))
        {
            Assert.True(cqe.IsSuccess, $"{cqe.Context.Value}: {cqe.Error}");
            if (cqe.Context.Value == 100)
            {
                Assert.True(cqe.HasMore, "a multishot accept CQE without F_MORE ended the request");
                accepted[acceptedCount++] = cqe.Result;
            }
            else
            {
                connected++;
            }
        }

        Assert.Equal(3, acceptedCount);
        Assert.Equal(3, connected);
        Assert.Equal(3, new System.Collections.Generic.HashSet<int>(accepted).Count);
        foreach (int fd in accepted)
        {
            Assert.True(Posix.IsOpen(fd));
        }

        // Cancelling ends it: the last CQE has no F_MORE.
        Assert.True(_ring.TryPrepareCancel(SqeContext.FromValue(101), SqeContext.FromValue(100).Raw));
        bool sawFinal = false;
        foreach (CqeView cqe in _ring.WaitMany(2))
        {
            if (cqe.Context.Value == 100)
            {
                Assert.Equal(Errno.ECANCELED, cqe.Error);
                Assert.False(cqe.HasMore);
                sawFinal = true;
            }
            else
            {
                Assert.Equal(0, cqe.Result);
            }
        }

        Assert.True(sawFinal);
        Loopback.Close(_ring, [.. clients, .. accepted, listener]);
    }

    [Fact]
    public void Multishot_accept_into_any_slot_fills_allocated_slots()
    {
        _ring.RegisterFilesSparse(4);
        (int listener, SockAddr address) = Loopback.Listen(_ring, SocketDomain.IPv4, SocketKind.Stream, SockAddr.IPv4Loopback(0));
        Assert.True(_ring.TryPrepareAcceptMultishot(SqeContext.FromValue(100), listener, target: FileTarget.AnySlot));
        _ring.Submit();
        int[] clients = new int[2];
        for (int i = 0; i < clients.Length; i++)
        {
            clients[i] = _ring.Complete(_ring.TryPrepareSocket(SqeContext.FromValue(1), SocketSpec.Tcp4), "socket");
        }

        foreach (int client in clients)
        {
            Assert.True(_ring.TryPrepareConnect(SqeContext.FromValue(200), client, address));
        }

        System.Collections.Generic.List<int> slots = new();
        foreach (CqeView cqe in _ring.WaitMany(4))
        {
            Assert.True(cqe.IsSuccess, $"{cqe.Context.Value}: {cqe.Error}");
            if (cqe.Context.Value == 100)
            {
                Assert.True(cqe.HasMore);
                slots.Add(cqe.Result);
            }
        }

        Assert.Equal(2, slots.Count);
        Assert.NotEqual(slots[0], slots[1]);
        Assert.All(slots, slot => Assert.InRange(slot, 0, 3));

        // Each slot holds a live connection: send through both, every client reads its two bytes.
        using NativeBuffer back = new(8);
        foreach (int slot in slots)
        {
            Assert.Equal(2, _ring.Complete(_ring.TryPrepareSend(SqeContext.FromValue(3), slot, "hi"u8, options: OpOptions.FixedFile), "send"));
        }

        foreach (int client in clients)
        {
            Assert.Equal(2, _ring.Complete(_ring.TryPrepareRecv(SqeContext.FromValue(4), client, back.Span[..2], MessageFlags.WaitAll), "recv"));
            Assert.True(back.Span[..2].SequenceEqual("hi"u8));
        }

        foreach (int slot in slots)
        {
            _ring.Complete(_ring.TryPrepareCloseDirect(SqeContext.FromValue(6), (uint)slot), "close slot");
        }

        Assert.True(_ring.TryPrepareCancelFd(SqeContext.FromValue(5), listener));
        _ring.WaitMany(2);
        Loopback.Close(_ring, [.. clients, listener]);
    }

    [Fact]
    public void Connect_send_and_recv_run_as_one_linked_chain()
    {
        (int listener, SockAddr address) = Loopback.Listen(_ring, SocketDomain.IPv4, SocketKind.Stream, SockAddr.IPv4Loopback(0));
        int client = _ring.Complete(_ring.TryPrepareSocket(SqeContext.FromValue(1), SocketSpec.Tcp4), "socket");
        using NativeBuffer reply = new(16);
        using NativeBuffer request = new(4);
        using NativeBuffer answer = new(16);
        answer.Span.Fill(0x5A);

        // accept runs on its own; connect -> send -> recv is one chain, submitted before any peer exists.
        Assert.True(_ring.TryPrepareAccept(SqeContext.FromValue(2), listener));
        Assert.True(_ring.TryPrepareConnect(SqeContext.FromValue(3), client, address, OpOptions.Linked));
        Assert.True(_ring.TryPrepareSend(SqeContext.FromValue(4), client, "ping"u8, MessageFlags.None, OpOptions.Linked));
        Assert.True(_ring.TryPrepareRecv(SqeContext.FromValue(5), client, reply.Span, MessageFlags.WaitAll));

        // The recv waits for the answer, so exactly accept, connect and send complete first.
        int server = -1;
        ulong seen = 0;
        foreach (CqeView cqe in _ring.WaitMany(3))
        {
            Assert.True(cqe.IsSuccess, $"{cqe.Context.Value}: {cqe.Error}");
            seen |= 1UL << (int)cqe.Context.Value;
            server = cqe.Context.Value == 2 ? cqe.Result : server;
        }

        Assert.Equal((1UL << 2) | (1UL << 3) | (1UL << 4), seen);
        Assert.Equal(4, _ring.Complete(_ring.TryPrepareRecv(SqeContext.FromValue(6), server, request.Span, MessageFlags.WaitAll), "server recv"));
        Assert.True(request.Span.SequenceEqual("ping"u8));

        Assert.True(_ring.TryPrepareSend(SqeContext.FromValue(7), server, answer.Span));
        foreach (CqeView cqe in _ring.WaitMany(2))
        {
            Assert.Equal(16, cqe.Result);
        }

        Assert.True(reply.Span.SequenceEqual(answer.Span));
        Loopback.Close(_ring, client, server, listener);
    }
}
