using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>
/// The multishot recvmsg buffer layout (../shared/reference/uapi-io_uring.md §6.17): a 16-byte
/// io_uring_recvmsg_out {namelen u32 @0, controllen u32 @4, payloadlen u32 @8, flags u32 @12}, the name region,
/// the control region, the payload. Buffers are built byte by byte here, as the kernel writes them.
/// </summary>
public sealed class MultishotMessageLayoutTests
{
    private static byte[] Message(MultishotMessageLayout layout, uint nameLength, ReadOnlySpan<byte> name, ReadOnlySpan<byte> control, uint payloadLength, uint flags, ReadOnlySpan<byte> payload)
    {
        byte[] buffer = new byte[16 + layout.NameLength + layout.ControlLength + payload.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(0), nameLength);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(4), (uint)control.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(8), payloadLength);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(12), flags);
        name.CopyTo(buffer.AsSpan(16));
        control.CopyTo(buffer.AsSpan(16 + layout.NameLength));
        payload.CopyTo(buffer.AsSpan(16 + layout.NameLength + layout.ControlLength));
        return buffer;
    }

    [Fact]
    public void The_kernel_header_is_four_u32_in_16_bytes()
    {
        Assert.Equal(16, Unsafe.SizeOf<RecvMsgOut>());
        Assert.Equal(0, (int)Marshal.OffsetOf<RecvMsgOut>(nameof(RecvMsgOut.NameLength)));
        Assert.Equal(4, (int)Marshal.OffsetOf<RecvMsgOut>(nameof(RecvMsgOut.ControlLength)));
        Assert.Equal(8, (int)Marshal.OffsetOf<RecvMsgOut>(nameof(RecvMsgOut.PayloadLength)));
        Assert.Equal(12, (int)Marshal.OffsetOf<RecvMsgOut>(nameof(RecvMsgOut.Flags)));
    }

    [Fact]
    public void A_message_splits_into_its_regions()
    {
        MultishotMessageLayout layout = new(nameLength: 16, controlLength: 24);
        Assert.Equal(56, layout.PayloadOffset);
        byte[] name = [2, 0, 0x1F, 0x90, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0];
        byte[] control = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        byte[] buffer = Message(layout, 16, name, control, 5, 0, "hello"u8);

        Assert.True(layout.TryParse(buffer, out ReceivedMessage message));
        Assert.True(message.Name.SequenceEqual(name));
        Assert.Equal(16, message.NameLength);
        Assert.False(message.IsNameTruncated);
        Assert.True(message.Control.SequenceEqual(control));
        Assert.True(message.Payload.SequenceEqual("hello"u8));
        Assert.Equal(5, message.PayloadLength);
        Assert.False(message.IsPayloadTruncated);
        SockAddr address = message.ToSockAddr();
        Assert.Equal(SocketDomain.IPv4, address.Family);
        Assert.Equal(8080, address.Port);
        Assert.Equal(16u, address.Length);
    }

    [Fact]
    public void An_address_longer_than_the_name_region_is_cut_at_the_region()
    {
        MultishotMessageLayout layout = new(nameLength: 8);
        byte[] buffer = Message(layout, 28, [10, 0, 1, 2, 3, 4, 5, 6], default, 1, 0, "x"u8);
        ReceivedMessage message = layout.Parse(buffer);
        Assert.Equal(8, message.Name.Length);
        Assert.Equal(28, message.NameLength);
        Assert.True(message.IsNameTruncated);
        Assert.True(message.Payload.SequenceEqual("x"u8));
    }

    [Fact]
    public void A_shorter_address_still_leaves_the_payload_after_the_whole_region()
    {
        MultishotMessageLayout layout = new(nameLength: SockAddr.Capacity);
        byte[] buffer = Message(layout, 16, new byte[16], default, 3, 0, "abc"u8);
        ReceivedMessage message = layout.Parse(buffer);
        Assert.Equal(16, message.Name.Length);
        Assert.True(message.Payload.SequenceEqual("abc"u8));
    }

    [Fact]
    public void Truncation_flags_and_the_full_length_come_from_the_header()
    {
        MultishotMessageLayout layout = new(0, 16);
        byte[] buffer = Message(layout, 0, default, new byte[16], 300, (uint)(MessageFlags.Truncated | MessageFlags.ControlTruncated), new byte[40]);
        ReceivedMessage message = layout.Parse(buffer);
        Assert.Equal(300, message.PayloadLength);
        Assert.Equal(40, message.Payload.Length);
        Assert.True(message.IsPayloadTruncated);
        Assert.Equal(MessageFlags.Truncated | MessageFlags.ControlTruncated, message.Flags);
        Assert.True(message.Name.IsEmpty);
    }

    [Fact]
    public void An_empty_payload_is_a_message()
    {
        MultishotMessageLayout layout = new(16);
        Assert.True(layout.TryParse(Message(layout, 16, new byte[16], default, 0, 0, default), out ReceivedMessage message));
        Assert.True(message.Payload.IsEmpty);
    }

    [Fact]
    public void Bytes_that_cannot_be_a_message_of_the_layout_are_refused()
    {
        MultishotMessageLayout layout = new(16, 8);

        // Shorter than header + regions.
        Assert.False(layout.TryParse(new byte[39], out _));

        // More control bytes than the control region.
        byte[] control = Message(layout, 16, default, default, 0, 0, default);
        BinaryPrimitives.WriteUInt32LittleEndian(control.AsSpan(4), 9);
        Assert.False(layout.TryParse(control, out _));

        // A payload longer than the length the kernel reported.
        byte[] payload = Message(layout, 16, default, default, 2, 0, "abc"u8);
        Assert.False(layout.TryParse(payload, out _));

        // Lengths past int.MaxValue.
        byte[] huge = Message(layout, 0x8000_0000, default, default, 0, 0, default);
        Assert.False(layout.TryParse(huge, out _));

        ArgumentException error = Assert.Throws<ArgumentException>(() => layout.Parse(new byte[10]));
        Assert.Equal("buffer", error.ParamName);
    }

    [Fact]
    public void Region_sizes_are_checked()
    {
        Assert.Equal("nameLength", Assert.Throws<ArgumentOutOfRangeException>(() => new MultishotMessageLayout(-1)).ParamName);
        Assert.Equal("nameLength", Assert.Throws<ArgumentOutOfRangeException>(() => new MultishotMessageLayout(SockAddr.Capacity + 1)).ParamName);
        Assert.Equal("controlLength", Assert.Throws<ArgumentOutOfRangeException>(() => new MultishotMessageLayout(0, -1)).ParamName);
        Assert.Equal("controlLength", Assert.Throws<ArgumentOutOfRangeException>(() => new MultishotMessageLayout(128, int.MaxValue - 100)).ParamName);
        Assert.Equal(new MultishotMessageLayout(16, 8), new MultishotMessageLayout(16, 8));
        Assert.NotEqual(new MultishotMessageLayout(16, 8), new MultishotMessageLayout(16));
    }
}
