using System;

namespace Uring;

/// <summary>
/// Receives a byte stream into an incremental provided-buffer group (<see cref="ProvidedBufferRingFlags.Incremental"/>,
/// <c>IOU_PBUF_RING_INC</c>) and hands each completion's bytes to an <see cref="IIncrementalReceiveHandler"/>, in place.
/// On such a group the kernel fills one buffer over several completions: each one continues where the previous one
/// stopped and carries <see cref="CqeFlags.BufferMore"/> while the buffer has room left.
/// </summary>
/// <remarks>
/// <para>For every completion you route to <see cref="HandleCompletion(in CqeView)"/>: a negative result calls
/// <see cref="IIncrementalReceiveHandler.OnError"/> once; any other result calls
/// <see cref="IIncrementalReceiveHandler.OnData"/> with its bytes (empty at end of stream) and, when the completion has no
/// <see cref="CqeFlags.BufferMore"/>, <see cref="IIncrementalReceiveHandler.OnComplete"/> once: that fill is over and the
/// receiver gives the buffer back to the group. A completion that breaks the fill's rules is rejected with one
/// <see cref="IIncrementalReceiveHandler.OnError"/> (<see cref="InvalidOperationException"/>) instead of being delivered:
/// a buffer id that changes while a fill is open, bytes that would run past the end of the buffer (an out-of-slot range),
/// an id that is not a buffer of the group, or bytes without a buffer. After an error the receiver is
/// <see cref="IsFailed"/>: it calls nothing more, and gives back to the group only what a valid completion names.</para>
/// <para>The receiver owns its group: the kernel continues a partly filled buffer with whichever receive comes next
/// on the group, so two sockets sharing one incremental group would interleave in one buffer. Queue the receive with
/// <see cref="TryPrepareMultishot"/> (one request, a completion per arrival) or <see cref="TryPrepareReceive"/> (one
/// completion each). Handling a completion allocates nothing; the ring's thread rules apply (a single-issuer ring's
/// group is used on its owner thread).</para>
/// </remarks>
public sealed class IncrementalReceiver
{
    private readonly IIncrementalReceiveHandler _handler;
    private bool _fillOpen;
    private ushort _fillBufferId;
    private int _fillBytes;

    /// <summary>A receiver over <paramref name="group"/> that calls <paramref name="handler"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="group"/> is not incremental.</exception>
    public IncrementalReceiver(ProvidedBufferRing group, IIncrementalReceiveHandler handler)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(handler);
        if (!group.IsIncremental)
        {
            throw new ArgumentException(
                $"Buffer group {group.GroupId} is not incremental: register it with ProvidedBufferRingFlags.Incremental (IOU_PBUF_RING_INC).",
                nameof(group));
        }

        Group = group;
        _handler = handler;
    }

    /// <summary>The incremental group the receives select from.</summary>
    public ProvidedBufferRing Group { get; }

    /// <summary>True once <see cref="IIncrementalReceiveHandler.OnError"/> was called.</summary>
    public bool IsFailed { get; private set; }

    /// <summary>True while a fill is open: the last completion had <see cref="CqeFlags.BufferMore"/>.</summary>
    public bool IsFillOpen => _fillOpen;

    /// <summary>The buffer of the open fill (meaningful while <see cref="IsFillOpen"/>).</summary>
    public ushort FillBufferId => _fillBufferId;

    /// <summary>Bytes delivered so far in the open fill (0 when none is open).</summary>
    public int FillBytes => _fillBytes;

    /// <summary>Fills completed (<see cref="IIncrementalReceiveHandler.OnComplete"/> calls).</summary>
    public long CompletedFills { get; private set; }

    /// <summary>
    /// Queues a multishot receive on <paramref name="fd"/> from the group (<see cref="Ring.TryPrepareRecvMultishot"/>):
    /// a completion per arrival, with <see cref="CqeFlags.More"/> while it stays armed.
    /// </summary>
    /// <exception cref="InvalidOperationException">The group has no ring behind it.</exception>
    [IssuerThreadOnly]
    public bool TryPrepareMultishot(SqeContext context, int fd) => RingOf().TryPrepareRecvMultishot(context, fd, Group.GroupId);

    /// <summary>Queues one receive on <paramref name="fd"/> from the group (<see cref="Ring.TryPrepareRecvBufferSelect"/>).</summary>
    /// <exception cref="InvalidOperationException">The group has no ring behind it.</exception>
    [IssuerThreadOnly]
    public bool TryPrepareReceive(SqeContext context, int fd) => RingOf().TryPrepareRecvBufferSelect(context, fd, Group.GroupId);

    /// <summary>Handles one completion of the receive (see the class remarks for the calls it makes).</summary>
    public void HandleCompletion(in CqeView completion) => Handle(completion.Result, completion.Flags);

    /// <summary>Handles one completion given as its result and flags.</summary>
    public void HandleCompletion(int result, CqeFlags flags) => Handle(result, flags);

    private void Handle(int result, CqeFlags flags)
    {
        if (IsFailed)
        {
            GiveBackQuietly(result, flags);
            return;
        }

        if (result < 0)
        {
            Fail(UringException.ForCompletion((Errno)(-result)));
            return;
        }

        bool hasMore = (flags & CqeFlags.BufferMore) != 0;
        if ((flags & CqeFlags.Buffer) == 0)
        {
            if (result > 0 || hasMore)
            {
                Fail(new InvalidOperationException(
                    $"A completion of {result} bytes on incremental group {Group.GroupId} carries no buffer (no IORING_CQE_F_BUFFER): it is not a receive from this group."));
                return;
            }

            // End of stream without a buffer: an empty fragment that ends the fill.
            _handler.OnData(ReadOnlySpan<byte>.Empty, hasMore: false);
            EndFill();
            return;
        }

        ushort id = (ushort)((uint)flags >> 16);
        if (!Group.TryReadFillState(id, out int offset, out bool provided))
        {
            Fail(new InvalidOperationException(
                $"The completion names buffer {id}, outside incremental group {Group.GroupId}'s slots 0 to {Group.BufferCount - 1}."));
            return;
        }

        if (_fillOpen && id != _fillBufferId)
        {
            Fail(new InvalidOperationException(
                $"The buffer id changed mid-fill on incremental group {Group.GroupId}: buffer {_fillBufferId} had room left after {_fillBytes} bytes "
                + $"(IORING_CQE_F_BUF_MORE), but the next completion names buffer {id}. Another receive shares the group, or a completion was lost or routed twice."));
            return;
        }

        if (!provided || result > Group.BufferSize - offset)
        {
            Fail(new InvalidOperationException(provided
                ? $"The completion's {result} bytes at offset {offset} of buffer {id} run past its end ({Group.BufferSize} bytes): the range is outside the slot."
                : $"Buffer {id} of incremental group {Group.GroupId} is not provided: the completion was handled twice, or belongs to another group."));
            return;
        }

        ProvidedBuffer buffer = Group.Take(result, flags);
        if (hasMore)
        {
            _fillOpen = true;
            _fillBufferId = id;
            _fillBytes += result;
        }

        try
        {
            _handler.OnData(buffer.Data, hasMore);
        }
        finally
        {
            // Gives a used-up buffer back; a partly filled one (BUF_MORE, or an empty end of stream) stays provided.
            Group.Recycle(in buffer);
        }

        if (!hasMore)
        {
            EndFill();
        }
    }

    private void EndFill()
    {
        _fillOpen = false;
        _fillBytes = 0;
        CompletedFills++;
        _handler.OnComplete();
    }

    private void Fail(Exception error)
    {
        IsFailed = true;
        _fillOpen = false;
        _handler.OnError(error);
    }

    /// <summary>After a failure: hands a valid completion's used-up buffer back to the group, so a failed receiver leaks no buffer.</summary>
    private void GiveBackQuietly(int result, CqeFlags flags)
    {
        if (result <= 0 || (flags & CqeFlags.Buffer) == 0)
        {
            return;
        }

        ushort id = (ushort)((uint)flags >> 16);
        if (Group.TryReadFillState(id, out int offset, out bool provided) && provided && result <= Group.BufferSize - offset)
        {
            ProvidedBuffer buffer = Group.Take(result, flags);
            Group.Recycle(in buffer);
        }
    }

    private Ring RingOf() => Group.Ring ?? throw new InvalidOperationException($"Buffer group {Group.GroupId} is not registered with a ring.");
}
