using System;
using System.Buffers;
using System.Net;
using System.Runtime.InteropServices;
using System.Threading.Tasks.Sources;

namespace Uring;

// What the message operations (sendto, recvfrom, sendmsg, recvmsg) and polls add to a pooled source: the buffers of a
// gathered or scattered transfer, each pinned until the completion; the source's native msghdr/iovec/address block; the
// caller's SocketAddress filled when a receive completes; and the results a ValueTask<ReceiveMessageResult> or a
// ValueTask<PollEvents> takes.
internal sealed unsafe partial class AsyncOperation : IValueTaskSource<ReceiveMessageResult>, IValueTaskSource<PollEvents>
{
    /// <summary>The most buffers one message may have (<c>UIO_MAXIOV</c>).</summary>
    public const int MaxMessageBuffers = 1024;

    private PinnedSegment[] _segments = [];
    private int _segmentCount;
    private MessageFlags _receivedFlags;

    /// <summary>Where the sender's address goes when a receive completes (the caller's, reused across receives), or null.</summary>
    public SocketAddress? ReceivedAddress;

    /// <summary>
    /// This source's native block: a <c>msghdr</c>, a <c>sockaddr_storage</c> and an iovec array. The kernel reads it
    /// when it takes the request and writes the sender's address, its length and <c>msg_flags</c> into it at the
    /// completion, so it lives in native memory, reused by every message operation of the source and freed at shutdown.
    /// Allocated and grown on the loop thread only.
    /// </summary>
    public MessageBlock* Message;

    /// <summary>Entries of the iovec array in <see cref="Message"/>.</summary>
    public int MessageVectorCapacity;

    /// <summary>Buffers pinned by <see cref="PinSegments(ReadOnlySpan{ReadOnlyMemory{byte}})"/> for this rent.</summary>
    public int SegmentCount => _segmentCount;

    /// <summary>The iovec array of <see cref="Message"/>.</summary>
    public IoVector* MessageVectors => (IoVector*)((byte*)Message + sizeof(MessageBlock));

    /// <summary>Bytes of a message block with <paramref name="vectors"/> iovecs.</summary>
    public static nuint MessageBlockBytes(int vectors) => (nuint)(sizeof(MessageBlock) + (vectors * sizeof(IoVector)));

    /// <summary>Pins each of <paramref name="buffers"/> until the completion (a gathered send).</summary>
    public void PinSegments(ReadOnlySpan<ReadOnlyMemory<byte>> buffers)
    {
        EnsureSegments(buffers.Length);
        for (int i = 0; i < buffers.Length; i++)
        {
            _segments[i] = new PinnedSegment(buffers[i].Pin(), buffers[i].Length);
            _segmentCount = i + 1;
        }
    }

    /// <summary>Pins each of <paramref name="buffers"/> until the completion (a scattered receive).</summary>
    public void PinSegments(ReadOnlySpan<Memory<byte>> buffers)
    {
        EnsureSegments(buffers.Length);
        for (int i = 0; i < buffers.Length; i++)
        {
            _segments[i] = new PinnedSegment(buffers[i].Pin(), buffers[i].Length);
            _segmentCount = i + 1;
        }
    }

    /// <summary>
    /// Writes the iovecs of this rent's buffers into <see cref="MessageVectors"/> (the pinned segments, or the one
    /// pinned <see cref="Buffer"/> of a receive-from); returns how many.
    /// </summary>
    public int WriteMessageVectors()
    {
        IoVector* vectors = MessageVectors;
        if (Kind == AsyncOperationKind.ReceiveFrom)
        {
            vectors[0] = new IoVector(BufferPointer, (nuint)Buffer.Length);
            return 1;
        }

        for (int i = 0; i < _segmentCount; i++)
        {
            vectors[i] = new IoVector(_segments[i].Handle.Pointer, (nuint)_segments[i].Length);
        }

        return _segmentCount;
    }

    /// <summary>Frees the native block (shutdown, after the last completion); returns the bytes freed.</summary>
    public long FreeMessageBlock()
    {
        if (Message == null)
        {
            return 0;
        }

        long bytes = (long)MessageBlockBytes(MessageVectorCapacity);
        NativeMemory.AlignedFree(Message);
        Message = null;
        MessageVectorCapacity = 0;
        return bytes;
    }

    /// <inheritdoc/>
    ReceiveMessageResult IValueTaskSource<ReceiveMessageResult>.GetResult(short token)
    {
        int value = _core.GetResult(token);
        MessageFlags flags = _receivedFlags;
        Exception? error = TakeErrorAndRecycle();
        if (error is not null)
        {
            Throw(error);
        }

        return new ReceiveMessageResult(value, flags);
    }

    /// <inheritdoc/>
    PollEvents IValueTaskSource<PollEvents>.GetResult(short token)
    {
        int value = _core.GetResult(token);
        Exception? error = TakeErrorAndRecycle();
        if (error is not null)
        {
            Throw(error);
        }

        return (PollEvents)(uint)value;
    }

    /// <summary>
    /// Part of <see cref="Complete"/>: unpins the segments (the kernel is done with them) and, for a receive that
    /// succeeded, takes <c>msg_flags</c> and copies the sender's address into the caller's <see cref="SocketAddress"/>.
    /// </summary>
    private void ReleaseMessage(AsyncOutcome outcome)
    {
        for (int i = 0; i < _segmentCount; i++)
        {
            _segments[i].Handle.Dispose();
            _segments[i] = default;
        }

        _segmentCount = 0;
        if (outcome != AsyncOutcome.Succeeded || Message == null || Kind is not (AsyncOperationKind.ReceiveFrom or AsyncOperationKind.ReceiveMessage))
        {
            return;
        }

        _receivedFlags = Message->Header.Flags;
        if (ReceivedAddress is { } address)
        {
            // RECVMSG wrote the address and its length into the native block. A caller's buffer too small for it (only
            // possible through the handle and fd overloads, which cannot check the family) gets what fits, as recvfrom(2)
            // cuts an address to the length it was given; never an exception here, on the loop thread.
            Span<byte> destination = address.Buffer.Span;
            int length = (int)Math.Min(Message->Header.NameLength, (uint)Math.Min(destination.Length, SockAddr.Capacity));
            Message->Name.Bytes[..length].CopyTo(destination);
            address.Size = length;
        }
    }

    /// <summary>Part of <see cref="Reset"/>.</summary>
    private void ResetMessage()
    {
        ReceivedAddress = null;
        _receivedFlags = MessageFlags.None;
    }

    private void EnsureSegments(int count)
    {
        if (_segments.Length < count)
        {
            // Grows once to the largest message this source carried; reused by every later rent.
            _segments = new PinnedSegment[Math.Max(count, Math.Max(4, _segments.Length * 2))];
        }
    }

    /// <summary>One pinned buffer of a message and its length.</summary>
    private readonly record struct PinnedSegment(MemoryHandle Handle, int Length);
}

/// <summary>
/// The native memory of one message operation: the <c>msghdr</c> (56 bytes) and the peer's address (a
/// <see cref="SockAddr"/>, 136 bytes); the iovec array follows it (at +192, 16-byte aligned in a 64-byte aligned block).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MessageBlock
{
    public MessageHeader Header;
    public SockAddr Name;
}
