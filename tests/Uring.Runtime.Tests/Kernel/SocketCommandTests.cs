using System;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>
/// Socket creation for every convenience family (checked with getsockopt SO_DOMAIN/SO_TYPE/SO_PROTOCOL
/// through the ring, which also proves the AF_/SOCK_/IPPROTO_/SO_ constants), and the socket uring_cmd
/// sub-commands: SIOCINQ, SIOCOUTQ, GETSOCKOPT, SETSOCKOPT.
/// </summary>
public sealed unsafe class SocketCommandTests : IDisposable
{
    private readonly Ring _ring = TestRings.Started(new RingOptions { Entries = 64, NotifySucceed = true });
    private readonly ITestOutputHelper _output;

    public SocketCommandTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _ring.Dispose();

    public static TheoryData<string, SocketDomain, SocketKind, SocketProtocol> Families => new()
    {
        { "Tcp4", SocketDomain.IPv4, SocketKind.Stream, SocketProtocol.Tcp },
        { "Tcp6", SocketDomain.IPv6, SocketKind.Stream, SocketProtocol.Tcp },
        { "Udp4", SocketDomain.IPv4, SocketKind.Datagram, SocketProtocol.Udp },
        { "Udp6", SocketDomain.IPv6, SocketKind.Datagram, SocketProtocol.Udp },
        { "UdpLite4", SocketDomain.IPv4, SocketKind.Datagram, SocketProtocol.UdpLite },
        { "UdpLite6", SocketDomain.IPv6, SocketKind.Datagram, SocketProtocol.UdpLite },
        { "Sctp4", SocketDomain.IPv4, SocketKind.SeqPacket, SocketProtocol.Sctp },
        { "Sctp6", SocketDomain.IPv6, SocketKind.SeqPacket, SocketProtocol.Sctp },
        { "Unix", SocketDomain.Unix, SocketKind.SeqPacket, SocketProtocol.Default },
    };

    /// <summary>The three targets of each preset: a plain fd, a chosen registered slot, a slot the kernel picks.</summary>
    public enum Form
    {
        Plain,
        Slot,
        AllocatedSlot,
    }

    private const uint ChosenSlot = 2;

    private bool Prepare(string family, Form form)
    {
        SocketSpec spec = family switch
        {
            "Tcp4" => SocketSpec.Tcp4,
            "Tcp6" => SocketSpec.Tcp6,
            "Udp4" => SocketSpec.Udp4,
            "Udp6" => SocketSpec.Udp6,
            "UdpLite4" => SocketSpec.UdpLite4,
            "UdpLite6" => SocketSpec.UdpLite6,
            "Sctp4" => SocketSpec.Sctp4,
            "Sctp6" => SocketSpec.Sctp6,
            "Unix" => SocketSpec.UnixSeqPacket,
            _ => throw new ArgumentOutOfRangeException(nameof(family)),
        };
        FileTarget target = form switch
        {
            Form.Plain => FileTarget.Descriptor,
            Form.Slot => FileTarget.Slot(ChosenSlot),
            _ => FileTarget.AnySlot,
        };
        return _ring.TryPrepareSocket(SqeContext.FromValue(1), spec, target);
    }

    /// <summary>
    /// Every form of every family answers as libc <c>socket(2)</c> does on this kernel: where it creates a
    /// socket, the ring's socket has the domain, type and protocol the family names (read through the ring,
    /// from the registered slot for the direct forms) and sits in the slot asked for; where libc fails (SCTP
    /// on a kernel without it), the ring fails with exactly the same errno, for every form.
    /// </summary>
    [Theory]
    [MemberData(nameof(Families))]
    public void Every_convenience_family_creates_the_socket_it_names(string family, SocketDomain domain, SocketKind kind, SocketProtocol protocol)
    {
        _ring.RegisterFilesSparse(4);
        int expectedErrno = Posix.SocketErrno((int)domain, (int)kind, (int)protocol);
        foreach (Form form in Enum.GetValues<Form>())
        {
            Assert.True(Prepare(family, form));
            CqeView cqe = _ring.WaitOne();
            if (expectedErrno == 0)
            {
                AssertCreated(family, form, cqe, domain, kind, protocol);
            }
            else
            {
                Assert.Equal((Errno)expectedErrno, cqe.Error);
                _output.WriteLine($"{family} {form}: {cqe.Error}, as socket(2) answers on this kernel.");
            }
        }
    }

    private void AssertCreated(string family, Form form, in CqeView cqe, SocketDomain domain, SocketKind kind, SocketProtocol protocol)
    {
        Assert.True(cqe.IsSuccess, $"{family} ({form}): {cqe.Error}");
        bool direct = form != Form.Plain;
        int fd = form == Form.Slot ? (int)ChosenSlot : cqe.Result;
        if (form == Form.Slot)
        {
            Assert.Equal(0, cqe.Result);
        }
        else if (form == Form.AllocatedSlot)
        {
            // Linux allocates from its hint, which closing a slot sets to that slot: the chosen slot 2 again.
            Assert.Equal((int)ChosenSlot, fd);
        }

        Assert.Equal(domain, (SocketDomain)Loopback.GetIntOption(_ring, fd, SockOpt.Domain, fixedFile: direct));
        Assert.Equal(kind, (SocketKind)Loopback.GetIntOption(_ring, fd, SockOpt.Type, fixedFile: direct));
        Assert.Equal(protocol == SocketProtocol.Default ? 0 : (int)protocol, Loopback.GetIntOption(_ring, fd, SockOpt.Protocol, fixedFile: direct));
        if (direct)
        {
            _ring.Complete(_ring.TryPrepareCloseDirect(SqeContext.FromValue(2), (uint)fd), "close slot");
        }
        else
        {
            Loopback.Close(_ring, fd);
        }
    }

    [Fact]
    public void Any_slot_takes_the_first_free_slot()
    {
        _ring.RegisterFilesSparse(4);
        _ring.Complete(_ring.TryPrepareSocket(SqeContext.FromValue(1), new SocketSpec(SocketDomain.IPv4, SocketKind.Datagram, SocketProtocol.Udp), FileTarget.Slot(0)), "socket into slot 0");
        int slot = _ring.Complete(_ring.TryPrepareSocket(SqeContext.FromValue(2), new SocketSpec(SocketDomain.IPv6, SocketKind.Stream, SocketProtocol.Tcp), FileTarget.AnySlot), "socket into a free slot");
        Assert.Equal(1, slot);
        Assert.Equal(SocketDomain.IPv6, (SocketDomain)Loopback.GetIntOption(_ring, slot, SockOpt.Domain, fixedFile: true));
        Assert.Equal(SocketKind.Stream, (SocketKind)Loopback.GetIntOption(_ring, slot, SockOpt.Type, fixedFile: true));
        Assert.Equal(SocketDomain.IPv4, (SocketDomain)Loopback.GetIntOption(_ring, 0, SockOpt.Domain, fixedFile: true));
        _ring.Complete(_ring.TryPrepareCloseDirect(SqeContext.FromValue(3), 0), "close slot 0");
        _ring.Complete(_ring.TryPrepareCloseDirect(SqeContext.FromValue(4), 1), "close slot 1");
    }

    /// <summary>
    /// SCTP exists here exactly when the kernel was built with it: the test machine's 6.18 has
    /// <c># CONFIG_IP_SCTP is not set</c>, so socket creation must fail with ESOCKTNOSUPPORT (no SOCK_SEQPACKET
    /// protocol registered for AF_INET). Built in, it must work; as a module, the answer must be libc's.
    /// </summary>
    [Fact]
    public void Sctp_exists_exactly_when_this_kernel_was_built_with_it()
    {
        Assert.True(_ring.TryPrepareSocket(SqeContext.FromValue(1), SocketSpec.Sctp4));
        CqeView cqe = _ring.WaitOne();
        string? configured = Posix.KernelConfig("CONFIG_IP_SCTP");
        _output.WriteLine($"CONFIG_IP_SCTP={configured ?? "(no /proc/config.gz)"}; the ring answered {(cqe.IsSuccess ? "a socket" : cqe.Error.ToString())}.");
        switch (configured)
        {
            case "n":
                Assert.Equal(Errno.ESOCKTNOSUPPORT, cqe.Error);
                break;
            case "y":
                Assert.True(cqe.IsSuccess, $"SCTP is built in, yet: {cqe.Error}");
                break;
            default:
                int libc = Posix.SocketErrno((int)SocketDomain.IPv4, (int)SocketKind.SeqPacket, (int)SocketProtocol.Sctp);
                Assert.Equal(libc == 0 ? Errno.None : (Errno)libc, cqe.IsSuccess ? Errno.None : cqe.Error);
                break;
        }

        if (cqe.IsSuccess)
        {
            Loopback.Close(_ring, cqe.Result);
        }
    }

    [Fact]
    public void SiocInq_and_SiocOutq_count_queued_bytes()
    {
        (int client, int server) = Loopback.TcpPair(_ring);
        Assert.Equal(0, _ring.Complete(_ring.TryPrepareSocketInQueue(SqeContext.FromValue(1), server), "SIOCINQ empty"));
        Assert.Equal(0, _ring.Complete(_ring.TryPrepareSocketOutQueue(SqeContext.FromValue(1), client), "SIOCOUTQ nothing sent"));
        Assert.Equal(10, _ring.Complete(_ring.TryPrepareSend(SqeContext.FromValue(2), client, "0123456789"u8), "send"));

        // A peek that waits for all ten bytes proves they arrived without taking them.
        using NativeBuffer back = new(10);
        Assert.Equal(10, _ring.Complete(_ring.TryPrepareRecv(SqeContext.FromValue(7), server, back.Span, MessageFlags.Peek | MessageFlags.WaitAll), "peek"));
        Assert.Equal(10, _ring.Complete(_ring.TryPrepareSocketInQueue(SqeContext.FromValue(3), server), "SIOCINQ"));
        Assert.Equal(10, _ring.Complete(_ring.TryPrepareRecv(SqeContext.FromValue(5), server, back.Span), "recv"));
        Assert.Equal(0, _ring.Complete(_ring.TryPrepareSocketInQueue(SqeContext.FromValue(6), server), "SIOCINQ drained"));

        // A reply acknowledges the ten bytes: once the client holds it, nothing of the client's is unacknowledged,
        // and the reply itself is what the client's SIOCINQ counts (so INQ and OUTQ are told apart).
        Assert.Equal(1, _ring.Complete(_ring.TryPrepareSend(SqeContext.FromValue(8), server, "!"u8), "reply"));
        Assert.Equal(1, _ring.Complete(_ring.TryPrepareRecv(SqeContext.FromValue(9), client, back.Span[..1], MessageFlags.Peek | MessageFlags.WaitAll), "peek reply"));
        Assert.Equal(0, _ring.Complete(_ring.TryPrepareSocketOutQueue(SqeContext.FromValue(10), client), "SIOCOUTQ acknowledged"));
        Assert.Equal(1, _ring.Complete(_ring.TryPrepareSocketInQueue(SqeContext.FromValue(11), client), "SIOCINQ reply"));
        Loopback.Close(_ring, client, server);
    }

    [Fact]
    public void SiocOutq_counts_what_a_peer_that_does_not_read_has_not_acknowledged()
    {
        (int client, int server) = Loopback.TcpPair(_ring);

        // Send until the connection takes no more: every accepted byte is then either still the client's
        // (unacknowledged: SIOCOUTQ) or acknowledged into the server's receive queue (SIOCINQ); a byte received
        // but not yet acknowledged counts in both.
        using NativeBuffer filler = new(1 << 20);
        int accepted = 0;
        while (true)
        {
            Assert.True(_ring.TryPrepareSend(SqeContext.FromValue(1), client, filler.Span, MessageFlags.DontWait));
            CqeView cqe = _ring.WaitOne();
            if (cqe.Error == Errno.EAGAIN)
            {
                break;
            }

            Assert.True(cqe.IsSuccess, $"send: {cqe.Error}");
            accepted += cqe.Result;
        }

        int unacknowledged = _ring.Complete(_ring.TryPrepareSocketOutQueue(SqeContext.FromValue(2), client), "SIOCOUTQ");
        int received = _ring.Complete(_ring.TryPrepareSocketInQueue(SqeContext.FromValue(3), server), "SIOCINQ");
        _output.WriteLine($"accepted {accepted}, SIOCOUTQ {unacknowledged}, SIOCINQ {received}");
        Assert.InRange(unacknowledged, 1, accepted);
        Assert.InRange(received, 1, accepted);
        Assert.True(unacknowledged + received >= accepted, $"{unacknowledged} + {received} < {accepted}");
        Loopback.Close(_ring, client, server);
    }

    [Fact]
    public void Setsockopt_then_getsockopt_round_trips_SO_RCVBUF()
    {
        int fd = _ring.Complete(_ring.TryPrepareSocket(SqeContext.FromValue(1), SocketSpec.Tcp4), "socket");
        using NativeBuffer value = new(sizeof(int));
        *(int*)value.Pointer = 0;
        int length = _ring.Complete(_ring.TryPrepareGetSocketOption(SqeContext.FromValue(2), fd, SockOpt.SocketLevel, SockOpt.ReceiveBuffer, value.Span), "getsockopt");
        Assert.Equal(sizeof(int), length);
        int initial = *(int*)value.Pointer;
        Assert.True(initial > 0);

        // Linux doubles SO_RCVBUF (bookkeeping overhead); 48 KiB is far below rmem_max.
        *(int*)value.Pointer = 48 * 1024;
        Assert.Equal(0, _ring.Complete(_ring.TryPrepareSetSocketOption(SqeContext.FromValue(3), fd, SockOpt.SocketLevel, SockOpt.ReceiveBuffer, value.Span), "setsockopt"));
        Assert.Equal(96 * 1024, Loopback.GetIntOption(_ring, fd, SockOpt.ReceiveBuffer));
        Assert.Equal(96 * 1024, Posix.GetSockOptInt(fd, SockOpt.SocketLevel, SockOpt.ReceiveBuffer));
        Loopback.Close(_ring, fd);
    }

    [Fact]
    public void Setsockopt_takes_any_level_but_getsockopt_only_SOL_SOCKET()
    {
        int fd = _ring.Complete(_ring.TryPrepareSocket(SqeContext.FromValue(1), SocketSpec.Tcp4), "socket");
        using NativeBuffer value = new(sizeof(int));
        *(int*)value.Pointer = 1;
        Assert.Equal(0, _ring.Complete(_ring.TryPrepareSetSocketOption(SqeContext.FromValue(2), fd, SockOpt.TcpLevel, SockOpt.TcpNoDelay, value.Span), "setsockopt TCP_NODELAY"));
        Assert.Equal(1, Posix.GetSockOptInt(fd, SockOpt.TcpLevel, SockOpt.TcpNoDelay));

        Assert.True(_ring.TryPrepareGetSocketOption(SqeContext.FromValue(3), fd, SockOpt.TcpLevel, SockOpt.TcpNoDelay, value.Span));
        Assert.Equal(Errno.EOPNOTSUPP, _ring.WaitOne().Error);
        Loopback.Close(_ring, fd);
    }

    [Fact]
    public void SO_ERROR_and_SO_ACCEPTCONN_read_through_the_ring()
    {
        int fd = _ring.Complete(_ring.TryPrepareSocket(SqeContext.FromValue(1), SocketSpec.Tcp4), "socket");
        Assert.Equal(0, Loopback.GetIntOption(_ring, fd, SockOpt.Error));
        Assert.Equal(0, Loopback.GetIntOption(_ring, fd, SockOpt.AcceptConnections));
        Loopback.Close(_ring, fd);
    }
}
