using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>
/// Every socket op, byte by byte against the uapi offsets (../shared/reference/uapi-io_uring.md §1, §7.4,
/// §7.5, §7.11, §8). Union members reuse ExpectedSqe's setters at their offsets: cmd_op is the low half of
/// off (+8, __pad1 = 0), level|optname are the two halves of addr (+16), optlen and addr_len sit at +44
/// like file_index, optval at +48 like addr3.
/// </summary>
public sealed unsafe class GoldenSocketsTests : IDisposable
{
    private const ulong UserData = 0x50C;
    private const uint Alloc = 0xFFFFFFFF;
    private static readonly SqeContext s_context = SqeContext.FromValue(UserData);
    private readonly Ring _ring = DetachedRings.Create(sqEntries: 16);

    public void Dispose() => _ring.Dispose();

    private static ulong Ud => s_context.Raw;

    private static ExpectedSqe Sqe(IoUringOp op) => new ExpectedSqe(op).UserData(Ud);

    private static ulong LevelAndName(uint level, uint name) => level | ((ulong)name << 32);

    private static byte[] StagedBytes(byte[] sqe, int offset, int length)
        => new ReadOnlySpan<byte>((void*)DetachedRings.ReadU64(sqe, offset), length).ToArray();

    private static byte[] BytesOf(in SockAddr address)
    {
        fixed (SockAddr* p = &address)
        {
            return new ReadOnlySpan<byte>(p, sizeof(SockAddr)).ToArray();
        }
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareSocket))]
    public void Socket_spec_fills_fd_off_and_len()
    {
        Assert.True(_ring.TryPrepareSocket(s_context, new SocketSpec(SocketDomain.IPv6, SocketKind.Datagram | SocketKind.NonBlock, SocketProtocol.Udp), options: new OpOptions { Flags = SqeFlags.IoLink, Personality = 2 }));
        Assert.Equal(Sqe(IoUringOp.Socket).Fd(10).Off(0x802).Len(17).Flags(SqeFlags.IoLink).Personality(2).Bytes, _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareSocket))]
    public void Socket_target_is_file_index_zero_slot_plus_one_or_alloc()
    {
        SocketSpec plain = new(SocketDomain.IPv4, SocketKind.Stream, SocketProtocol.Tcp);
        Assert.True(_ring.TryPrepareSocket(s_context, plain, FileTarget.Descriptor));
        Assert.Equal(Sqe(IoUringOp.Socket).Fd(2).Off(1).Len(6).Bytes, _ring.LastSqeBytes());
        Assert.True(_ring.TryPrepareSocket(s_context, plain, FileTarget.Slot(0)));
        Assert.Equal(Sqe(IoUringOp.Socket).Fd(2).Off(1).Len(6).FileIndex(1).Bytes, _ring.LastSqeBytes());
        Assert.True(_ring.TryPrepareSocket(s_context, new SocketSpec(SocketDomain.Unix, SocketKind.SeqPacket), FileTarget.Slot(41)));
        Assert.Equal(Sqe(IoUringOp.Socket).Fd(1).Off(5).FileIndex(42).Bytes, _ring.LastSqeBytes());
        Assert.True(_ring.TryPrepareSocket(s_context, plain, FileTarget.AnySlot));
        Assert.Equal(Sqe(IoUringOp.Socket).Fd(2).Off(1).Len(6).FileIndex(Alloc).Bytes, _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareSocket))]
    public void A_slot_socket_drops_cloexec_and_keeps_nonblock()
    {
        SocketSpec spec = new(SocketDomain.IPv4, SocketKind.Stream | SocketKind.NonBlock | SocketKind.CloseOnExec, SocketProtocol.Tcp);
        Assert.True(_ring.TryPrepareSocket(s_context, spec));
        Assert.Equal(Sqe(IoUringOp.Socket).Fd(2).Off(0x80801).Len(6).Bytes, _ring.LastSqeBytes());
        Assert.True(_ring.TryPrepareSocket(s_context, spec, FileTarget.Slot(3)));
        Assert.Equal(Sqe(IoUringOp.Socket).Fd(2).Off(0x801).Len(6).FileIndex(4).Bytes, _ring.LastSqeBytes());
        Assert.True(_ring.TryPrepareSocket(s_context, spec, FileTarget.AnySlot));
        Assert.Equal(Sqe(IoUringOp.Socket).Fd(2).Off(0x801).Len(6).FileIndex(Alloc).Bytes, _ring.LastSqeBytes());
    }

    public static TheoryData<string, int, uint, uint> Presets => new()
    {
        { nameof(SocketSpec.Tcp4), 2, 1, 6 }, { nameof(SocketSpec.Tcp6), 10, 1, 6 }, { nameof(SocketSpec.Udp4), 2, 2, 17 }, { nameof(SocketSpec.Udp6), 10, 2, 17 },
        { nameof(SocketSpec.UdpLite4), 2, 2, 136 }, { nameof(SocketSpec.UdpLite6), 10, 2, 136 }, { nameof(SocketSpec.Sctp4), 2, 5, 132 }, { nameof(SocketSpec.Sctp6), 10, 5, 132 },
        { nameof(SocketSpec.UnixStream), 1, 1, 0 }, { nameof(SocketSpec.UnixDatagram), 1, 2, 0 }, { nameof(SocketSpec.UnixSeqPacket), 1, 5, 0 },
    };

    internal static SocketSpec Preset(string name) => (SocketSpec)typeof(SocketSpec).GetProperty(name)!.GetValue(null)!;

    [Theory]
    [GoldenSqe(nameof(Ring.TryPrepareSocket))]
    [MemberData(nameof(Presets))]
    public void Presets_are_cloexec_descriptors_and_plain_in_a_slot(string preset, int domain, uint kind, uint protocol)
    {
        SocketSpec spec = Preset(preset);
        Assert.Equal((SocketDomain)domain, spec.Domain);
        Assert.Equal((SocketKind)kind | SocketKind.CloseOnExec, spec.Kind);
        Assert.Equal((SocketProtocol)protocol, spec.Protocol);
        Assert.True(_ring.TryPrepareSocket(s_context, spec));
        Assert.Equal(Sqe(IoUringOp.Socket).Fd(domain).Off(kind | 0x80000).Len(protocol).Bytes, _ring.LastSqeBytes());
        Assert.True(_ring.TryPrepareSocket(s_context, spec, FileTarget.Slot(7)));
        Assert.Equal(Sqe(IoUringOp.Socket).Fd(domain).Off(kind).Len(protocol).FileIndex(8).Bytes, _ring.LastSqeBytes());
        Assert.True(_ring.TryPrepareSocket(s_context, spec, FileTarget.AnySlot));
        Assert.Equal(Sqe(IoUringOp.Socket).Fd(domain).Off(kind).Len(protocol).FileIndex(Alloc).Bytes, _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareBind))]
    public void Bind_stages_the_sockaddr_and_puts_its_length_in_off()
    {
        SockAddr address = SockAddr.IPv4Loopback(8080);
        Assert.True(_ring.TryPrepareBind(s_context, 3, address));
        byte[] actual = _ring.LastSqeBytes();
        Assert.Equal(BytesOf(address), StagedBytes(actual, 16, sizeof(SockAddr)));
        Assert.Equal(Sqe(IoUringOp.Bind).Fd(3).Off(16).SameU64As(actual, 16).Bytes, actual);
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareConnect))]
    public void Connect_stages_the_sockaddr_and_puts_its_length_in_off()
    {
        SockAddr address = SockAddr.Unix("/run/x.sock");
        Assert.True(_ring.TryPrepareConnect(s_context, 4, address, OpOptions.Linked));
        byte[] actual = _ring.LastSqeBytes();
        Assert.Equal(BytesOf(address), StagedBytes(actual, 16, sizeof(SockAddr)));
        Assert.Equal(Sqe(IoUringOp.Connect).Fd(4).Off(2 + 11 + 1).Flags(SqeFlags.IoLink).SameU64As(actual, 16).Bytes, actual);
    }

    [Fact]
    public void Staged_addresses_survive_the_callers_copy()
    {
        SockAddr address = SockAddr.IPv6Loopback(443);
        Assert.True(_ring.TryPrepareConnect(s_context, 4, address));
        byte[] expected = BytesOf(address);
        address = SockAddr.IPv4Any(1);
        Assert.Equal(expected, StagedBytes(_ring.LastSqeBytes(), 16, sizeof(SockAddr)));
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareListen))]
    public void Listen_defaults_to_a_backlog_of_1024()
    {
        Assert.True(_ring.TryPrepareListen(s_context, 5));
        Assert.Equal(Sqe(IoUringOp.Listen).Fd(5).Len(1024).Bytes, _ring.LastSqeBytes());
        Assert.True(_ring.TryPrepareListen(s_context, 5, backlog: 7));
        Assert.Equal(Sqe(IoUringOp.Listen).Fd(5).Len(7).Bytes, _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareAccept))]
    public void Accept_is_nonblocking_and_cloexec_and_owns_ioprio()
    {
        Assert.True(_ring.TryPrepareAccept(s_context, 6, options: new OpOptions { IoPriority = 0x4001 }));
        Assert.Equal(Sqe(IoUringOp.Accept).Fd(6).OpFlags(0x80800).Bytes, _ring.LastSqeBytes());
        Assert.True(_ring.TryPrepareAccept(s_context, 6, AcceptFlags.None));
        Assert.Equal(Sqe(IoUringOp.Accept).Fd(6).Bytes, _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareAccept))]
    public void Accept_with_a_peer_points_addr_at_the_sockaddr_and_addr2_at_its_length()
    {
        using NativeBuffer memory = new(sizeof(SockAddr));
        Span<SockAddr> peer = new(memory.Pointer, 1);
        Assert.True(_ring.TryPrepareAccept(s_context, 6, peer));
        Assert.Equal((uint)SockAddr.Capacity, peer[0].Length);
        ulong address = (ulong)memory.Pointer;
        Assert.Equal(Sqe(IoUringOp.Accept).Fd(6).Off(address + 128).Addr(address).OpFlags(0x80800).Bytes, _ring.LastSqeBytes());
        Assert.True(_ring.TryPrepareAccept(s_context, 6, peer, target: FileTarget.Slot(2)));
        Assert.Equal(Sqe(IoUringOp.Accept).Fd(6).Off(address + 128).Addr(address).OpFlags(0x800).FileIndex(3).Bytes, _ring.LastSqeBytes());
        Assert.Throws<ArgumentException>(() => _ring.TryPrepareAccept(s_context, 6, Span<SockAddr>.Empty));
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareAccept))]
    public void Accept_into_a_slot_writes_slot_plus_one_or_alloc_and_drops_cloexec()
    {
        Assert.True(_ring.TryPrepareAccept(s_context, 6, target: FileTarget.Slot(9)));
        Assert.Equal(Sqe(IoUringOp.Accept).Fd(6).OpFlags(0x800).FileIndex(10).Bytes, _ring.LastSqeBytes());
        Assert.True(_ring.TryPrepareAccept(s_context, 6, AcceptFlags.CloseOnExec, FileTarget.AnySlot));
        Assert.Equal(Sqe(IoUringOp.Accept).Fd(6).FileIndex(Alloc).Bytes, _ring.LastSqeBytes());
        Assert.True(_ring.TryPrepareAccept(s_context, 6, AcceptFlags.NonBlock, FileTarget.Descriptor));
        Assert.Equal(Sqe(IoUringOp.Accept).Fd(6).OpFlags(0x800).Bytes, _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareAcceptMultishot))]
    public void Multishot_accept_puts_the_flag_in_ioprio()
    {
        Assert.True(_ring.TryPrepareAcceptMultishot(s_context, 6, options: new OpOptions { IoPriority = 0x6000 }));
        Assert.Equal(Sqe(IoUringOp.Accept).Fd(6).IoPrio(1).OpFlags(0x80800).Bytes, _ring.LastSqeBytes());
        Assert.True(_ring.TryPrepareAcceptMultishot(s_context, 6, target: FileTarget.AnySlot));
        Assert.Equal(Sqe(IoUringOp.Accept).Fd(6).IoPrio(1).OpFlags(0x800).FileIndex(Alloc).Bytes, _ring.LastSqeBytes());
    }

    [Fact]
    public void Multishot_accept_refuses_a_fixed_slot_before_reserving()
    {
        int pending = _ring.SqPending;
        ArgumentException error = Assert.Throws<ArgumentException>(() => _ring.TryPrepareAcceptMultishot(s_context, 6, target: FileTarget.Slot(1)));
        Assert.Equal("target", error.ParamName);
        Assert.Contains("AnySlot", error.Message, StringComparison.Ordinal);
        Assert.Equal(pending, _ring.SqPending);
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareShutdown))]
    public void Shutdown_puts_how_in_len()
    {
        Assert.True(_ring.TryPrepareShutdown(s_context, 7, ShutdownHow.Both));
        Assert.Equal(Sqe(IoUringOp.Shutdown).Fd(7).Len(2).Bytes, _ring.LastSqeBytes());
        Assert.True(_ring.TryPrepareShutdown(s_context, 7, ShutdownHow.Read));
        Assert.Equal(Sqe(IoUringOp.Shutdown).Fd(7).Bytes, _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareCloseDirect))]
    public void Close_direct_closes_a_slot_by_file_index_with_fd_zero()
    {
        Assert.True(_ring.TryPrepareCloseDirect(s_context, 0));
        Assert.Equal(Sqe(IoUringOp.Close).FileIndex(1).Bytes, _ring.LastSqeBytes());
        Assert.True(_ring.TryPrepareCloseDirect(s_context, 99));
        Assert.Equal(Sqe(IoUringOp.Close).FileIndex(100).Bytes, _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareSend))]
    public void Send_is_write_like_and_owns_ioprio()
    {
        using NativeBuffer buffer = new(40);
        Assert.True(_ring.TryPrepareSend(s_context, 8, buffer.Span, MessageFlags.More, new OpOptions { IoPriority = 3 }));
        Assert.Equal(Sqe(IoUringOp.Send).Fd(8).Addr((ulong)buffer.Pointer).Len(40).OpFlags(0x8000).Bytes, _ring.LastSqeBytes());

        using Ring skipping = DetachedRings.Create(new RingOptions { NotifySucceed = false });
        Assert.True(skipping.TryPrepareSend(s_context, 8, buffer.Span));
        Assert.Equal(Sqe(IoUringOp.Send).Fd(8).Addr((ulong)buffer.Pointer).Len(40).Flags(SqeFlags.CqeSkipSuccess).Bytes, skipping.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareSendTo))]
    public void SendTo_stages_the_destination_in_addr2_with_its_length_in_addr_len()
    {
        using NativeBuffer buffer = new(12);
        SockAddr destination = SockAddr.IPv6Loopback(9000);
        Assert.True(_ring.TryPrepareSendTo(s_context, 8, buffer.Span, destination, MessageFlags.DontWait));
        byte[] actual = _ring.LastSqeBytes();
        Assert.Equal(BytesOf(destination), StagedBytes(actual, 8, sizeof(SockAddr)));
        Assert.Equal(
            Sqe(IoUringOp.Send).Fd(8).Addr((ulong)buffer.Pointer).Len(12).OpFlags(0x40).FileIndex(28).SameU64As(actual, 8).Bytes,
            actual);
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareRecv))]
    public void Recv_is_read_like_with_no_flags_by_default()
    {
        using NativeBuffer buffer = new(64);
        Assert.True(_ring.TryPrepareRecv(s_context, 9, buffer.Span));
        Assert.Equal(Sqe(IoUringOp.Recv).Fd(9).Addr((ulong)buffer.Pointer).Len(64).Bytes, _ring.LastSqeBytes());
        Assert.True(_ring.TryPrepareRecv(s_context, 9, buffer.Span, MessageFlags.WaitAll | MessageFlags.Peek, OpOptions.FixedFile));
        Assert.Equal(Sqe(IoUringOp.Recv).Fd(9).Addr((ulong)buffer.Pointer).Len(64).OpFlags(0x102).Flags(SqeFlags.FixedFile).Bytes, _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareSendMsg))]
    public void SendMsg_stages_the_msghdr_the_iovecs_and_the_name_but_not_the_control_data()
    {
        using NativeBuffer data = new(32);
        using NativeBuffer control = new(24);
        Span<IoVector> vectors = stackalloc IoVector[] { new(data.Pointer, 10), new(data.Pointer + 10, 22) };
        SockAddr destination = SockAddr.IPv4Loopback(53);
        Assert.True(_ring.TryPrepareSendMsg(s_context, 10, new SendMessage(vectors, in destination, control.Span), MessageFlags.EndOfRecord));
        byte[] actual = _ring.LastSqeBytes();
        Assert.Equal(Sqe(IoUringOp.SendMsg).Fd(10).Len(1).OpFlags(0x80).SameU64As(actual, 16).Bytes, actual);

        MessageHeader* header = (MessageHeader*)DetachedRings.ReadU64(actual, 16);
        Assert.Equal((nuint)2, header->VectorCount);
        Assert.True(header->Vectors != null && header->Vectors != (IoVector*)Unsafe.AsPointer(ref vectors[0]));
        Assert.True(header->Vectors[0].Base == data.Pointer && header->Vectors[0].Length == 10);
        Assert.True(header->Vectors[1].Base == data.Pointer + 10 && header->Vectors[1].Length == 22);
        Assert.Equal(16u, header->NameLength);
        Assert.Equal(BytesOf(destination)[..16], new ReadOnlySpan<byte>(header->Name, 16).ToArray());
        Assert.True(header->Control == control.Pointer);
        Assert.Equal((nuint)24, header->ControlLength);
        Assert.Equal(MessageFlags.None, header->Flags);
    }

    [Fact]
    public void SendMsg_without_destination_or_control_leaves_them_null()
    {
        using NativeBuffer data = new(8);
        Span<IoVector> vectors = stackalloc IoVector[] { new(data.Pointer, 8) };
        Assert.True(_ring.TryPrepareSendMsg(s_context, 10, new SendMessage(vectors)));
        MessageHeader* header = (MessageHeader*)DetachedRings.ReadU64(_ring.LastSqeBytes(), 16);
        Assert.True(header->Name == null && header->NameLength == 0);
        Assert.True(header->Control == null && header->ControlLength == 0);
        Assert.Equal((nuint)1, header->VectorCount);

        using Ring skipping = DetachedRings.Create(new RingOptions { NotifySucceed = false });
        Assert.True(skipping.TryPrepareSendMsg(s_context, 10, new SendMessage(vectors)));
        Assert.Equal((byte)SqeFlags.CqeSkipSuccess, skipping.LastSqeBytes()[1]);
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareRecvMsg))]
    public void RecvMsg_points_at_the_callers_header()
    {
        using NativeBuffer memory = new(sizeof(MessageHeader));
        Span<MessageHeader> header = new(memory.Pointer, 1);
        Assert.True(_ring.TryPrepareRecvMsg(s_context, 11, header, MessageFlags.ControlCloseOnExec));
        Assert.Equal(Sqe(IoUringOp.RecvMsg).Fd(11).Addr((ulong)memory.Pointer).Len(1).OpFlags(0x40000000).Bytes, _ring.LastSqeBytes());
        Assert.Throws<ArgumentException>(() => _ring.TryPrepareRecvMsg(s_context, 11, Span<MessageHeader>.Empty));
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareSendZc))]
    public void SendZc_is_not_write_like_and_reports_usage_in_ioprio()
    {
        using Ring skipping = DetachedRings.Create(new RingOptions { NotifySucceed = false });
        using NativeBuffer buffer = new(100);
        Assert.True(skipping.TryPrepareSendZc(s_context, 12, buffer.Span));
        Assert.Equal(Sqe(IoUringOp.SendZc).Fd(12).Addr((ulong)buffer.Pointer).Len(100).Bytes, skipping.LastSqeBytes());
        Assert.True(skipping.TryPrepareSendZc(s_context, 12, buffer.Span, MessageFlags.More, reportUsage: true));
        Assert.Equal(Sqe(IoUringOp.SendZc).Fd(12).Addr((ulong)buffer.Pointer).Len(100).OpFlags(0x8000).IoPrio(8).Bytes, skipping.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareSendZcFixed))]
    public void SendZcFixed_sets_the_fixed_buffer_flag_and_index()
    {
        using NativeBuffer buffer = new(100);
        Assert.True(_ring.TryPrepareSendZcFixed(s_context, 12, buffer.Span[10..], bufferIndex: 3));
        Assert.Equal(Sqe(IoUringOp.SendZc).Fd(12).Addr((ulong)buffer.Pointer + 10).Len(90).IoPrio(4).BufIndex(3).Bytes, _ring.LastSqeBytes());
        Assert.True(_ring.TryPrepareSendZcFixed(s_context, 12, buffer.Span, bufferIndex: 0, reportUsage: true, options: new OpOptions { IoPriority = 0x7777 }));
        Assert.Equal(Sqe(IoUringOp.SendZc).Fd(12).Addr((ulong)buffer.Pointer).Len(100).IoPrio(12).Bytes, _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareSendToZc))]
    public void SendToZc_stages_the_destination()
    {
        using NativeBuffer buffer = new(20);
        SockAddr destination = SockAddr.IPv4(0x0A000001, 5000);
        Assert.True(_ring.TryPrepareSendToZc(s_context, 13, buffer.Span, destination));
        byte[] actual = _ring.LastSqeBytes();
        Assert.Equal(BytesOf(destination), StagedBytes(actual, 8, sizeof(SockAddr)));
        Assert.Equal(Sqe(IoUringOp.SendZc).Fd(13).Addr((ulong)buffer.Pointer).Len(20).FileIndex(16).SameU64As(actual, 8).Bytes, actual);
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareSendMsgZc))]
    [GoldenSqe(nameof(Ring.TryPrepareSendMsgZcFixed))]
    public void SendMsgZc_and_its_fixed_form()
    {
        using NativeBuffer data = new(8);
        Span<IoVector> vectors = stackalloc IoVector[] { new(data.Pointer, 8) };
        Assert.True(_ring.TryPrepareSendMsgZc(s_context, 14, new SendMessage(vectors), reportUsage: true));
        byte[] actual = _ring.LastSqeBytes();
        Assert.Equal(Sqe(IoUringOp.SendMsgZc).Fd(14).Len(1).IoPrio(8).SameU64As(actual, 16).Bytes, actual);
        Assert.True(((MessageHeader*)DetachedRings.ReadU64(actual, 16))->Vectors[0].Base == data.Pointer);

        Assert.True(_ring.TryPrepareSendMsgZcFixed(s_context, 14, new SendMessage(vectors), bufferIndex: 2, MessageFlags.DontWait));
        actual = _ring.LastSqeBytes();
        Assert.Equal(Sqe(IoUringOp.SendMsgZc).Fd(14).Len(1).IoPrio(4).BufIndex(2).OpFlags(0x40).SameU64As(actual, 16).Bytes, actual);
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareSocketInQueue))]
    [GoldenSqe(nameof(Ring.TryPrepareSocketOutQueue))]
    public void Socket_queue_commands_put_the_sub_op_in_cmd_op()
    {
        Assert.True(_ring.TryPrepareSocketInQueue(s_context, 15));
        Assert.Equal(Sqe(IoUringOp.UringCmd).Fd(15).Off(0).Bytes, _ring.LastSqeBytes());
        Assert.True(_ring.TryPrepareSocketOutQueue(s_context, 15, OpOptions.FixedFile));
        Assert.Equal(Sqe(IoUringOp.UringCmd).Fd(15).Off(1).Flags(SqeFlags.FixedFile).Bytes, _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareGetSocketOption))]
    [GoldenSqe(nameof(Ring.TryPrepareSetSocketOption))]
    public void Socket_option_commands_fill_level_optname_optlen_and_optval()
    {
        using NativeBuffer value = new(4);
        Assert.True(_ring.TryPrepareGetSocketOption(s_context, 16, SockOpt.SocketLevel, SockOpt.ReceiveBuffer, value.Span));
        Assert.Equal(
            Sqe(IoUringOp.UringCmd).Fd(16).Off(2).Addr(LevelAndName(1, 8)).FileIndex(4).Addr3((ulong)value.Pointer).Bytes,
            _ring.LastSqeBytes());
        Assert.True(_ring.TryPrepareSetSocketOption(s_context, 16, SockOpt.TcpLevel, SockOpt.TcpNoDelay, value.Span));
        Assert.Equal(
            Sqe(IoUringOp.UringCmd).Fd(16).Off(3).Addr(LevelAndName(6, 1)).FileIndex(4).Addr3((ulong)value.Pointer).Bytes,
            _ring.LastSqeBytes());
        Assert.Equal(0u, _ring.LastSqe().Pad1);
    }

    [Fact]
    public void Multicast_from_a_caller_buffer_prepares_one_copying_send_per_target()
    {
        using NativeBuffer payload = new(500);
        int[] targets = [21, 22, 23];
        Assert.Equal(3, Multicast.Prepare(_ring, SqeContext.ForFd(0), targets, payload.Span, MessageFlags.More));
        ref SubmissionQueueState sq = ref _ring.SubmissionQueue;
        for (int i = 0; i < 3; i++)
        {
            IoUringSqe sqe = *sq.SqeAt((sq.LocalTail - 3 + (uint)i) & sq.Mask);
            Assert.Equal((byte)IoUringOp.Send, sqe.Opcode);
            Assert.Equal(targets[i], sqe.Fd);
            Assert.Equal((ulong)payload.Pointer, sqe.Addr);
            Assert.Equal(500u, sqe.Len);
            Assert.Equal(0x8000u, sqe.OpFlags);
            Assert.Equal(targets[i], SqeContext.FromRaw(sqe.UserData).Fd);
        }

        Assert.Equal(0, Multicast.Prepare(_ring, SqeContext.ForFd(0), ReadOnlySpan<int>.Empty, payload.Span));
    }

    [Fact]
    public void Multicast_stops_at_a_full_SQ_and_reports_how_far_it_got()
    {
        using Ring small = DetachedRings.Create(sqEntries: 4);
        using NativeBuffer payload = new(10);
        Assert.True(small.TryPrepareNop(s_context));
        int[] targets = [1, 2, 3, 4, 5, 6];
        Assert.Equal(3, Multicast.Prepare(small, s_context, targets, payload.Span));
        small.KernelConsumeAll();
        Assert.Equal(3, Multicast.Prepare(small, s_context, targets.AsSpan(3), payload.Span));
        Assert.Equal(6, small.LastSqe().Fd);
    }

    [Fact]
    public void Multicast_refuses_pooled_contexts_and_bad_registered_ranges()
    {
        using NativeBuffer payload = new(10);
        Assert.True(_ring.TryRentExtendedSqe(out ExtendedSqe ext));
        Assert.Throws<ArgumentException>(() => Multicast.Prepare(_ring, ext.Context, [1, 2], payload.Span));
        _ring.ReturnExtendedSqe(ext);
        Assert.Throws<ArgumentOutOfRangeException>(() => Multicast.Prepare(_ring, s_context, [1], bufferIndex: 0, offset: 0, length: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Multicast.Prepare(_ring, s_context, [1], bufferIndex: 0, offset: 0, length: 1, thresholds: MulticastThresholds.Aggressive));
    }

    /// <summary>A user-declared op with the SEND + IORING_RECVSEND_FIXED_BUF encoding of the reference's sendFixed.</summary>
    [Fact]
    public void Send_with_the_fixed_buffer_flag_encodes_like_the_references_sendFixed()
    {
        using NativeBuffer buffer = new(16);
        Assert.True(_ring.TryPrepareSendWithFixedBufferFlag(s_context, 3, buffer.Span, 1));
        Assert.Equal(Sqe(IoUringOp.Send).Fd(3).Addr((ulong)buffer.Pointer).Len(16).IoPrio(4).BufIndex(1).Bytes, _ring.LastSqeBytes());
    }
}
