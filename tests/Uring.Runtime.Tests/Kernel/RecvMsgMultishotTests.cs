using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>
/// Multishot RECVMSG on loopback UDP: one request, one provided buffer per datagram, each holding the
/// io_uring_recvmsg_out header, the sender's address, the control data and the payload, read back with
/// <see cref="MultishotMessageLayout.TryParse"/> and checked against what was sent and libc getsockname.
/// </summary>
public sealed class RecvMsgMultishotTests : IDisposable
{
    private const ushort Group = 21;
    private const ulong Receive = 1000;
    private readonly Ring _ring = TestRings.Started(new RingOptions { Entries = 64, NotifySucceed = true });
    private readonly int _receiver;
    private readonly int _sender;
    private readonly SockAddr _receiverAddress;
    private readonly SockAddr _senderAddress;

    public RecvMsgMultishotTests()
    {
        _receiver = _ring.Complete(_ring.TryPrepareSocket(SqeContext.FromValue(1), SocketSpec.Udp4), "socket");
        _sender = _ring.Complete(_ring.TryPrepareSocket(SqeContext.FromValue(2), SocketSpec.Udp4), "socket");
        _ring.Complete(_ring.TryPrepareBind(SqeContext.FromValue(3), _receiver, SockAddr.IPv4Loopback(0)), "bind");
        _ring.Complete(_ring.TryPrepareBind(SqeContext.FromValue(4), _sender, SockAddr.IPv4Loopback(0)), "bind");
        _receiverAddress = Posix.GetSockName(_receiver);
        _senderAddress = Posix.GetSockName(_sender);
    }

    public void Dispose()
    {
        Posix.CloseQuietly(_receiver);
        Posix.CloseQuietly(_sender);
        _ring.Dispose();
    }

    /// <summary>Sends <paramref name="datagrams"/> and returns the multishot receive's completions for them, in order.</summary>
    private List<CqeView> SendAndReceive(params string[] datagrams)
    {
        for (int i = 0; i < datagrams.Length; i++)
        {
            Assert.True(_ring.TryPrepareSendTo(SqeContext.FromValue(100 + (ulong)i), _sender, Encoding.ASCII.GetBytes(datagrams[i]).AsMemory(), _receiverAddress));
        }

        List<CqeView> received = new();
        foreach (CqeView cqe in _ring.WaitMany(2 * datagrams.Length))
        {
            if (cqe.Context.Value == Receive)
            {
                received.Add(cqe);
            }
            else
            {
                Assert.True(cqe.IsSuccess, $"send {cqe.Context.Value}: {cqe.Error}");
            }
        }

        Assert.Equal(datagrams.Length, received.Count);
        return received;
    }

    private void CancelAndExpectTheEnd()
    {
        Assert.True(_ring.TryPrepareCancel(SqeContext.FromValue(9), SqeContext.FromValue(Receive).Raw));
        CqeView[] both = _ring.WaitMany(2);
        Assert.Equal(0, both.Single(c => c.Context.Value == 9).Result);
        CqeView last = both.Single(c => c.Context.Value == Receive);
        Assert.Equal(Errno.ECANCELED, last.Error);
        Assert.False(last.HasMore);
    }

    [Fact]
    public void Each_datagram_arrives_in_its_own_buffer_with_the_senders_address()
    {
        using ProvidedBufferRing group = _ring.RegisterProvidedBufferRing(Group, bufferCount: 8, bufferSize: 256);
        MultishotMessageLayout layout = new(nameLength: SockAddr.IPv4Length);
        Assert.True(_ring.TryPrepareRecvMsgMultishot(SqeContext.FromValue(Receive), _receiver, Group, layout));
        _ring.Submit();

        string[] sent = ["one", "two!", "three, longer"];
        List<CqeView> received = SendAndReceive(sent);
        for (int i = 0; i < sent.Length; i++)
        {
            CqeView cqe = received[i];
            Assert.True(cqe.HasMore, "a multishot receive stays armed");
            Assert.True(cqe.HasBuffer);

            // The result counts every byte written: header, name region, control region (none) and payload.
            Assert.Equal(16 + SockAddr.IPv4Length + sent[i].Length, cqe.Result);
            ProvidedBuffer buffer = group.Take(cqe);
            ReceivedMessage message = layout.Parse(buffer.Data);
            Assert.Equal(sent[i], Encoding.ASCII.GetString(message.Payload));
            Assert.Equal(sent[i].Length, message.PayloadLength);
            Assert.False(message.IsPayloadTruncated);
            Assert.Equal(SockAddr.IPv4Length, message.NameLength);
            Assert.False(message.IsNameTruncated);
            Assert.True(message.Control.IsEmpty);
            Assert.Equal(MessageFlags.None, message.Flags);
            SockAddr from = message.ToSockAddr();
            Assert.Equal(SocketDomain.IPv4, from.Family);
            Assert.Equal(_senderAddress.Port, from.Port);
            Assert.True(from.Bytes[..SockAddr.IPv4Length].SequenceEqual(_senderAddress.Bytes[..SockAddr.IPv4Length]));
            group.Recycle(buffer);
        }

        CancelAndExpectTheEnd();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_datagram_longer_than_the_payload_room_is_cut_and_flagged(bool askForTheFullLength)
    {
        using ProvidedBufferRing group = _ring.RegisterProvidedBufferRing(Group, bufferCount: 4, bufferSize: 128);
        MultishotMessageLayout layout = new(nameLength: SockAddr.IPv4Length);
        MessageFlags flags = askForTheFullLength ? MessageFlags.Truncated : MessageFlags.None;
        Assert.True(_ring.TryPrepareRecvMsgMultishot(SqeContext.FromValue(Receive), _receiver, Group, layout, flags));
        _ring.Submit();

        string big = new('x', 300);
        CqeView cqe = SendAndReceive(big).Single();
        Assert.Equal(128, cqe.Result);
        ProvidedBuffer buffer = group.Take(cqe);
        ReceivedMessage message = layout.Parse(buffer.Data);
        Assert.Equal(128 - layout.PayloadOffset, message.Payload.Length);
        Assert.True(message.IsPayloadTruncated);
        Assert.True(message.Flags.HasFlag(MessageFlags.Truncated));
        Assert.True(message.Payload.ToArray().All(b => b == (byte)'x'));

        // payloadlen is what recvmsg returned: the bytes copied, or with MSG_TRUNC asked for, the datagram's length.
        Assert.Equal(askForTheFullLength ? 300 : message.Payload.Length, message.PayloadLength);
        group.Recycle(buffer);
        CancelAndExpectTheEnd();
    }

    [Fact]
    public void Control_data_lands_in_the_control_region()
    {
        // IP_PKTINFO (IPPROTO_IP 0, option 8): each datagram carries a cmsg {len u64, level 0, type 8, in_pktinfo (12 bytes)}.
        Span<byte> on = stackalloc byte[4];
        BitConverter.TryWriteBytes(on, 1);
        using NativeBuffer value = new(4);
        on.CopyTo(value.Span);
        _ring.Complete(_ring.TryPrepareSetSocketOption(SqeContext.FromValue(5), _receiver, 0, 8, value.Span), "setsockopt IP_PKTINFO");

        using ProvidedBufferRing group = _ring.RegisterProvidedBufferRing(Group, bufferCount: 4, bufferSize: 256);
        MultishotMessageLayout layout = new(nameLength: SockAddr.Capacity, controlLength: 64);
        Assert.True(_ring.TryPrepareRecvMsgMultishot(SqeContext.FromValue(Receive), _receiver, Group, layout));
        _ring.Submit();

        CqeView cqe = SendAndReceive("with pktinfo").Single();
        Assert.Equal(16 + SockAddr.Capacity + 64 + 12, cqe.Result);
        ProvidedBuffer buffer = group.Take(cqe);
        ReceivedMessage message = layout.Parse(buffer.Data);
        Assert.Equal("with pktinfo", Encoding.ASCII.GetString(message.Payload));

        // CMSG_SPACE(sizeof(struct in_pktinfo)) = 16-byte header + 12 bytes padded to 16.
        Assert.Equal(32, message.Control.Length);
        Assert.Equal(28UL, BitConverter.ToUInt64(message.Control));
        Assert.Equal(0, BitConverter.ToInt32(message.Control[8..]));
        Assert.Equal(8, BitConverter.ToInt32(message.Control[12..]));

        // The name region keeps its full 128 bytes; the address in it is 16.
        Assert.Equal(SockAddr.IPv4Length, message.NameLength);
        Assert.Equal(SockAddr.IPv4Length, message.Name.Length);
        Assert.Equal(_senderAddress.Port, message.ToSockAddr().Port);
        group.Recycle(buffer);
        CancelAndExpectTheEnd();
    }

    [Fact]
    public void Without_buffer_room_for_the_regions_the_kernel_refuses()
    {
        // A 32-byte buffer cannot hold the 16-byte header and a 28-byte name region: the kernel answers EFAULT.
        using ProvidedBufferRing group = _ring.RegisterProvidedBufferRing(Group, bufferCount: 2, bufferSize: 32);
        Assert.True(_ring.TryPrepareRecvMsgMultishot(SqeContext.FromValue(Receive), _receiver, Group, new MultishotMessageLayout(SockAddr.IPv6Length)));
        _ring.Submit();
        CqeView cqe = SendAndReceive("x").Single();
        Assert.Equal(Errno.EFAULT, cqe.Error);
        Assert.False(cqe.HasMore);
    }
}
