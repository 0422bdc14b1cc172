using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Uring;

/// <summary>
/// The kernel's <c>struct msghdr</c> (user-space layout, 56 bytes on 64-bit Linux): name pointer @0,
/// <c>msg_namelen</c> u32 @8, iovec pointer @16, <c>msg_iovlen</c> @24, control pointer @32,
/// <c>msg_controllen</c> @40, <c>msg_flags</c> i32 @48.
/// </summary>
/// <remarks>
/// <see cref="Ring.TryPrepareRecvMsg"/> takes a header the caller owns, because RECVMSG writes
/// <see cref="Flags"/>, <see cref="NameLength"/> and <see cref="ControlLength"/> back into it when the
/// request completes: the header, the name buffer, the iovec array, the buffers and the control buffer it
/// points at must all stay put (native memory or pinned) until the CQE. Sends do not use this type
/// directly: <see cref="SendMessage"/> builds and stages one per SQ slot.
/// </remarks>
[StructLayout(LayoutKind.Explicit, Size = 56)]
public unsafe struct MessageHeader
{
    /// <summary><c>msg_name</c>: the peer address (optional).</summary>
    [FieldOffset(0)] public void* Name;
    /// <summary><c>msg_namelen</c>: the capacity of <see cref="Name"/> on input; the address length on return.</summary>
    [FieldOffset(8)] public uint NameLength;
    /// <summary><c>msg_iov</c>: the iovec array.</summary>
    [FieldOffset(16)] public IoVector* Vectors;
    /// <summary><c>msg_iovlen</c>: entries in <see cref="Vectors"/>.</summary>
    [FieldOffset(24)] public nuint VectorCount;
    /// <summary><c>msg_control</c>: ancillary data (cmsg) buffer (optional).</summary>
    [FieldOffset(32)] public void* Control;
    /// <summary><c>msg_controllen</c>: its capacity on input; the bytes used on return.</summary>
    [FieldOffset(40)] public nuint ControlLength;
    /// <summary><c>msg_flags</c>: set by the kernel on return (<see cref="MessageFlags.Truncated"/>, ...).</summary>
    [FieldOffset(48)] public MessageFlags Flags;

    /// <summary>
    /// A header for a receive: the peer address goes into <paramref name="name"/> (its first element; empty
    /// for none), data into the buffers <paramref name="vectors"/> describes, ancillary data into
    /// <paramref name="control"/> (empty for none). The header stores the addresses of these spans, so all of
    /// them must be memory that does not move until the receive completes. After the CQE,
    /// <see cref="NameLength"/> holds the peer address's length; RECVMSG does not touch
    /// <see cref="SockAddr.Length"/>, so copy it there before converting a Unix address with
    /// <see cref="SockAddr.ToEndPoint"/>.
    /// </summary>
    public static MessageHeader ForReceive(Span<SockAddr> name, ReadOnlySpan<IoVector> vectors, Span<byte> control = default)
    {
        MessageHeader header = default;
        if (!name.IsEmpty)
        {
            header.Name = Unsafe.AsPointer(ref MemoryMarshal.GetReference(name));
            header.NameLength = SockAddr.Capacity;
        }

        header.Vectors = (IoVector*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(vectors));
        header.VectorCount = (nuint)vectors.Length;
        if (!control.IsEmpty)
        {
            header.Control = Unsafe.AsPointer(ref MemoryMarshal.GetReference(control));
            header.ControlLength = (nuint)control.Length;
        }

        return header;
    }
}

/// <summary>
/// An outgoing message for <see cref="Ring.TryPrepareSendMsg"/> and the SENDMSG_ZC ops: the buffers to send,
/// an optional destination and optional ancillary (cmsg) data. The prep method stages a <c>msghdr</c>, a
/// copy of the iovec array and a copy of the destination in the SQ slot (SENDMSG copies all three when it
/// consumes the SQE), so the <see cref="IoVector"/> array and the <see cref="SockAddr"/> may be
/// temporaries. What the kernel reads later stays the caller's until the CQE: the bytes the iovecs
/// describe, and the control data, which SENDMSG reads when the send runs, not when it is queued.
/// </summary>
public readonly unsafe ref struct SendMessage : ISlotStageable
{
    private readonly ReadOnlySpan<IoVector> _vectors;
    private readonly ref readonly SockAddr _destination;
    private readonly ReadOnlySpan<byte> _control;

    /// <summary>A message of <paramref name="vectors"/> for a connected socket.</summary>
    public SendMessage(ReadOnlySpan<IoVector> vectors)
    {
        _vectors = vectors;
    }

    /// <summary>
    /// A message of <paramref name="vectors"/> to <paramref name="destination"/> (staged), with optional
    /// ancillary data <paramref name="control"/> (caller-held until the CQE).
    /// </summary>
    public SendMessage(ReadOnlySpan<IoVector> vectors, ref readonly SockAddr destination, ReadOnlySpan<byte> control = default)
    {
        _vectors = vectors;
        _destination = ref destination;
        _control = control;
    }

    /// <summary>A message with ancillary data <paramref name="control"/> (caller-held until the CQE) and no destination.</summary>
    public SendMessage(ReadOnlySpan<IoVector> vectors, ReadOnlySpan<byte> control)
    {
        _vectors = vectors;
        _control = control;
    }

    /// <summary>The buffers to send.</summary>
    public ReadOnlySpan<IoVector> Vectors => _vectors;

    /// <summary>True when the message names a destination.</summary>
    public bool HasDestination => !Unsafe.IsNullRef(in _destination);

    /// <summary>The ancillary data.</summary>
    public ReadOnlySpan<byte> Control => _control;

    /// <summary>
    /// Stages the iovec array, the destination and a <c>msghdr</c> pointing at those copies (and at the
    /// caller's control data); returns the <c>msghdr</c>'s address.
    /// </summary>
    public ulong StageInto(ref SubmissionSlot slot)
    {
        MessageHeader header = default;
        header.Vectors = (IoVector*)slot.Stage(_vectors);
        header.VectorCount = (nuint)_vectors.Length;
        if (HasDestination)
        {
            header.Name = (void*)slot.Stage(in _destination);
            header.NameLength = _destination.Length;
        }

        if (!_control.IsEmpty)
        {
            header.Control = (void*)SqeEncoding.AddressOf(_control);
            header.ControlLength = (nuint)_control.Length;
        }

        return slot.Stage(in header);
    }
}
