using System;
using System.Buffers.Binary;

namespace Uring;

/// <summary>
/// How a multishot <c>recvmsg</c> (<see cref="Ring.TryPrepareRecvMsgMultishot"/>) lays out every provided buffer it
/// fills: a 16-byte <c>io_uring_recvmsg_out</c> header, then a name region of <see cref="NameLength"/> bytes
/// for the source address, then a control region of <see cref="ControlLength"/> bytes for ancillary data,
/// then the payload. The prep method stages a <c>msghdr</c> that carries only these two lengths (the kernel
/// copies it when it consumes the SQE); <see cref="TryParse"/> reads a filled buffer back with the same
/// lengths, so use one layout value for both.
/// </summary>
public readonly struct MultishotMessageLayout : ISlotStageable, IEquatable<MultishotMessageLayout>
{
    /// <summary>
    /// A layout with a name region of <paramref name="nameLength"/> bytes (0: no source address;
    /// <see cref="SockAddr.Capacity"/> holds any address) and a control region of
    /// <paramref name="controlLength"/> bytes (0: no ancillary data).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A length is negative, or the name region is larger than <see cref="SockAddr.Capacity"/>.</exception>
    public MultishotMessageLayout(int nameLength, int controlLength = 0)
    {
        if (nameLength < 0 || nameLength > SockAddr.Capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(nameLength), nameLength, $"The name region holds 0 to {SockAddr.Capacity} bytes (sizeof(sockaddr_storage)).");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(controlLength);
        if ((long)RecvMsgOut.Size + nameLength + controlLength > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(controlLength), controlLength, "The header, name and control regions together must fit an int.");
        }

        NameLength = nameLength;
        ControlLength = controlLength;
    }

    /// <summary>Bytes of the name region (the <c>msg_namelen</c> the kernel is given).</summary>
    public int NameLength { get; }

    /// <summary>Bytes of the control region (the <c>msg_controllen</c> the kernel is given).</summary>
    public int ControlLength { get; }

    /// <summary>Bytes before the payload: the 16-byte header plus both regions. A provided buffer must be longer.</summary>
    public int PayloadOffset => RecvMsgOut.Size + NameLength + ControlLength;

    /// <summary>Stages a <c>msghdr</c> with only <c>msg_namelen</c> and <c>msg_controllen</c> set; returns its address.</summary>
    public ulong StageInto(ref SubmissionSlot slot)
    {
        MessageHeader header = default;
        header.NameLength = (uint)NameLength;
        header.ControlLength = (nuint)ControlLength;
        return slot.Stage(in header);
    }

    /// <summary>
    /// Reads the message in <paramref name="buffer"/>: the provided buffer a completion named, cut to the
    /// completion's result (the kernel reports the bytes it wrote, header and regions included). False when the
    /// bytes cannot be a message of this layout: shorter than <see cref="PayloadOffset"/>, more control bytes
    /// than the control region, or a payload longer than the message. Allocates nothing.
    /// </summary>
    public bool TryParse(ReadOnlySpan<byte> buffer, out ReceivedMessage message)
    {
        message = default;
        if (buffer.Length < PayloadOffset)
        {
            return false;
        }

        uint nameLength = BinaryPrimitives.ReadUInt32LittleEndian(buffer);
        uint controlLength = BinaryPrimitives.ReadUInt32LittleEndian(buffer[4..]);
        uint payloadLength = BinaryPrimitives.ReadUInt32LittleEndian(buffer[8..]);
        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(buffer[12..]);
        ReadOnlySpan<byte> payload = buffer[PayloadOffset..];
        if (controlLength > (uint)ControlLength || payloadLength < (uint)payload.Length || nameLength > int.MaxValue || payloadLength > int.MaxValue)
        {
            return false;
        }

        // The name region always has its full size; the address in it is as long as the kernel says, or
        // cut at the region's end.
        int nameBytes = (int)Math.Min(nameLength, (uint)NameLength);
        message = new ReceivedMessage(
            buffer.Slice(RecvMsgOut.Size, nameBytes),
            (int)nameLength,
            buffer.Slice(RecvMsgOut.Size + NameLength, (int)controlLength),
            payload,
            (int)payloadLength,
            (MessageFlags)flags);
        return true;
    }

    /// <summary>Like <see cref="TryParse"/>, but throws for bytes that are not a message of this layout.</summary>
    /// <exception cref="ArgumentException"><paramref name="buffer"/> is not a message of this layout.</exception>
    public ReceivedMessage Parse(ReadOnlySpan<byte> buffer)
    {
        if (!TryParse(buffer, out ReceivedMessage message))
        {
            throw new ArgumentException(
                $"{buffer.Length} bytes are not a multishot recvmsg message with a {NameLength}-byte name region and a {ControlLength}-byte control region: "
                + "pass the buffer the completion named, cut to the completion's result, and the layout the request was prepared with.",
                nameof(buffer));
        }

        return message;
    }

    /// <inheritdoc/>
    public bool Equals(MultishotMessageLayout other) => NameLength == other.NameLength && ControlLength == other.ControlLength;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is MultishotMessageLayout other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(NameLength, ControlLength);

    /// <summary>Equal layouts.</summary>
    public static bool operator ==(MultishotMessageLayout left, MultishotMessageLayout right) => left.Equals(right);

    /// <summary>Different layouts.</summary>
    public static bool operator !=(MultishotMessageLayout left, MultishotMessageLayout right) => !left.Equals(right);
}
