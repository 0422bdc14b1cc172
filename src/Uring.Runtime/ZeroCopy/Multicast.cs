using System;

namespace Uring;

/// <summary>
/// One payload to many sockets: prepares one send per target on a ring, copying or zero-copy by payload size and
/// fan-out (<see cref="MulticastPolicy"/>). Each method returns how many sends it prepared, which is fewer than the
/// targets when the SQ filled up: submit or wait, then call again with the remaining targets.
/// </summary>
/// <remarks>
/// Every send carries the same <see cref="SqeContext"/>. A Direct context gets each target's fd stamped in; a Value
/// context is shared. A pooled Indirect or Extended context belongs to one SQE, so it is refused. Single-issuer:
/// use it on the ring's issuer thread.
/// </remarks>
public static class Multicast
{
    /// <summary>
    /// Sends <paramref name="payload"/> to every socket in <paramref name="targets"/>: one copying
    /// <see cref="Ring.TryPrepareSend(SqeContext, int, ReadOnlySpan{byte}, MessageFlags, in OpOptions)"/> per target (write-like: without <see cref="RingOptions.NotifySucceed"/> a
    /// success posts no CQE). A caller buffer is never sent with zero copy; put the payload in a registered
    /// buffer for that. <paramref name="payload"/> is read until the last send completes.
    /// </summary>
    /// <param name="ring">The ring the sends are prepared on.</param>
    /// <param name="context">The context of every send: Direct or Value.</param>
    /// <param name="targets">Socket fds, or registered-file slots with <see cref="OpOptions.FixedFile"/>.</param>
    /// <param name="payload">The bytes to send.</param>
    /// <param name="flags"><c>MSG_*</c> flags for every send.</param>
    /// <param name="options">Options for every send.</param>
    /// <returns>
    /// How many sends were prepared: <paramref name="targets"/>.Length, or fewer when the SQ filled up (submit
    /// or wait, then call again with the remaining targets).
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="ring"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="context"/> is an Indirect or Extended context.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="ring"/> was stopped.</exception>
    /// <exception cref="InvalidOperationException">A single-issuer <paramref name="ring"/> is used from a thread that does not own it.</exception>
    [IssuerThreadOnly]
    public static int Prepare(
        Ring ring,
        SqeContext context,
        ReadOnlySpan<int> targets,
        [HeldUntilCompletion] ReadOnlySpan<byte> payload,
        MessageFlags flags = MessageFlags.None,
        in OpOptions options = default)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ThrowIfPooledContext(context);
        for (int i = 0; i < targets.Length; i++)
        {
            if (!ring.TryPrepareSend(context, targets[i], payload, flags, options))
            {
                return i;
            }
        }

        return targets.Length;
    }

    /// <summary>
    /// Sends <paramref name="length"/> bytes at <paramref name="offset"/> of registered buffer
    /// <paramref name="bufferIndex"/> to every socket in <paramref name="targets"/>, choosing copy or zero
    /// copy per payload size and fan-out: zero-copy sends from the registered buffer
    /// (<see cref="Ring.TryPrepareSendZcFixed(SqeContext, int, ReadOnlySpan{byte}, ushort, MessageFlags, bool, bool, in OpOptions)"/>) when <see cref="MulticastPolicy.UsesZeroCopy"/> says so for
    /// <paramref name="thresholds"/>, otherwise copying sends of the same bytes (<see cref="Ring.TryPrepareSend(SqeContext, int, ReadOnlySpan{byte}, MessageFlags, in OpOptions)"/>; the
    /// plain SEND with <c>IORING_RECVSEND_FIXED_BUF</c> is refused by Linux 6.18 with EINVAL).
    /// </summary>
    /// <remarks>
    /// A zero-copy send posts two CQEs (the result with <see cref="CqeFlags.More"/>, then the
    /// <see cref="CqeFlags.Notification"/>) whatever <see cref="RingOptions.NotifySucceed"/> says, because the
    /// kernel refuses <c>IOSQE_CQE_SKIP_SUCCESS</c> on zero-copy sends; keep the buffer unchanged until every
    /// notification arrived. Copying sends are write-like. Zero copy needs TCP or UDP sockets (Unix: <c>-EOPNOTSUPP</c>).
    /// </remarks>
    /// <param name="ring">The ring the sends are prepared on, whose registered buffer holds the payload.</param>
    /// <param name="context">The context of every send: Direct or Value.</param>
    /// <param name="targets">Socket fds, or registered-file slots with <see cref="OpOptions.FixedFile"/>.</param>
    /// <param name="bufferIndex">The registered buffer (<see cref="Ring.RegisterBuffers(int, int)"/>).</param>
    /// <param name="offset">Where the payload starts in the buffer.</param>
    /// <param name="length">The payload's length in bytes.</param>
    /// <param name="flags"><c>MSG_*</c> flags for every send.</param>
    /// <param name="thresholds">
    /// Where zero copy starts: <see cref="MulticastThresholds.Conservative"/> (<see cref="MulticastPolicy.ZeroCopyThreshold"/>,
    /// from 8 KiB for a few targets down to 1.5 KiB) or <see cref="MulticastThresholds.Aggressive"/>
    /// (<see cref="MulticastPolicy.AggressiveZeroCopyThreshold"/>, from 1.5 KiB down to every size from 256 targets).
    /// </param>
    /// <param name="options">Options for every send.</param>
    /// <returns>How many sends were prepared (fewer than the targets when the SQ filled up).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ring"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="context"/> is an Indirect or Extended context.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The buffer index or the range is outside the registered buffers, or <paramref name="thresholds"/> is not a defined value.
    /// </exception>
    /// <exception cref="ObjectDisposedException"><paramref name="ring"/> was stopped.</exception>
    /// <exception cref="InvalidOperationException">A single-issuer <paramref name="ring"/> is used from a thread that does not own it.</exception>
    [IssuerThreadOnly]
    public static int Prepare(
        Ring ring,
        SqeContext context,
        ReadOnlySpan<int> targets,
        int bufferIndex,
        int offset,
        int length,
        MessageFlags flags = MessageFlags.None,
        MulticastThresholds thresholds = MulticastThresholds.Conservative,
        in OpOptions options = default)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ThrowIfPooledContext(context);
        Span<byte> buffer = ring.LookUpRegisteredBuffer(bufferIndex, nameof(bufferIndex));
        if ((uint)offset > (uint)buffer.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"Offset {offset} is outside registered buffer {bufferIndex} ({buffer.Length} bytes).");
        }

        if ((uint)length > (uint)(buffer.Length - offset))
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"[{offset}, {offset}+{length}) does not fit registered buffer {bufferIndex} ({buffer.Length} bytes).");
        }

        ReadOnlySpan<byte> payload = buffer.Slice(offset, length);
        bool zeroCopy = MulticastPolicy.UsesZeroCopy(targets.Length, length, thresholds);
        for (int i = 0; i < targets.Length; i++)
        {
            bool prepared = zeroCopy
                ? ring.TryPrepareSendZcFixed(context, targets[i], payload, (ushort)bufferIndex, flags, reportUsage: false, options: options)
                : ring.TryPrepareSend(context, targets[i], payload, flags, options);
            if (!prepared)
            {
                return i;
            }
        }

        return targets.Length;
    }

    private static void ThrowIfPooledContext(SqeContext context)
    {
        if (context.IsIndirect || context.IsExtended)
        {
            throw new ArgumentException("A multicast prepares one SQE per target; a pooled Indirect/Extended context belongs to a single SQE. Use a Direct or Value context.", nameof(context));
        }
    }
}
