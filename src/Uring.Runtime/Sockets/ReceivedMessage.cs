using System;

namespace Uring;

/// <summary>
/// One message of a multishot <c>recvmsg</c>, read from its provided buffer by
/// <see cref="MultishotMessageLayout.TryParse"/>: views into that buffer, valid until the buffer is recycled.
/// </summary>
public readonly ref struct ReceivedMessage
{
    internal ReceivedMessage(ReadOnlySpan<byte> name, int nameLength, ReadOnlySpan<byte> control, ReadOnlySpan<byte> payload, int payloadLength, MessageFlags flags)
    {
        Name = name;
        NameLength = nameLength;
        Control = control;
        Payload = payload;
        PayloadLength = payloadLength;
        Flags = flags;
    }

    /// <summary>The source address bytes the buffer holds (a <c>sockaddr</c>; empty for a layout without a name region).</summary>
    public ReadOnlySpan<byte> Name { get; }

    /// <summary>The source address's full length as the kernel reported it (<c>namelen</c>).</summary>
    public int NameLength { get; }

    /// <summary>The ancillary data (<c>controllen</c> bytes of cmsgs).</summary>
    public ReadOnlySpan<byte> Control { get; }

    /// <summary>The payload bytes the buffer holds.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>
    /// The length the receive returned (<c>payloadlen</c>): the bytes copied, or, when the request's flags
    /// include <see cref="MessageFlags.Truncated"/> (<c>MSG_TRUNC</c>), a datagram's full length, which can
    /// exceed <see cref="Payload"/>.
    /// </summary>
    public int PayloadLength { get; }

    /// <summary>The receive's <c>msg_flags</c>: <see cref="MessageFlags.Truncated"/> when the payload did not fit, <see cref="MessageFlags.ControlTruncated"/> when the control data did not.</summary>
    public MessageFlags Flags { get; }

    /// <summary>True when the address was longer than the name region.</summary>
    public bool IsNameTruncated => NameLength > Name.Length;

    /// <summary>True when the message was longer than the space left for the payload (the kernel set <c>MSG_TRUNC</c>).</summary>
    public bool IsPayloadTruncated => (Flags & MessageFlags.Truncated) != 0;

    /// <summary>The source address as a <see cref="SockAddr"/> (its <see cref="SockAddr.Length"/> is the bytes held).</summary>
    public SockAddr ToSockAddr()
    {
        SockAddr address = default;
        Name.CopyTo(address.Bytes);
        address.Length = (uint)Name.Length;
        return address;
    }
}
