using System;

namespace Uring;

public sealed partial class Ring
{
    /// <summary>
    /// Sends <paramref name="payload"/> to every socket in <paramref name="targets"/>: one copying
    /// <see cref="PrepareSend(SqeContext, int, ReadOnlySpan{byte}, MessageFlags, in OpOptions)"/> per target (write-like: without <see cref="RingOptions.NotifySucceed"/> a
    /// success posts no CQE). A caller buffer is never sent with zero copy; put the payload in a registered
    /// buffer for that. <paramref name="payload"/> is read until the last send completes.
    /// </summary>
    /// <param name="context">
    /// The context of every send. A Direct context gets each target's fd stamped in; a Value context is
    /// shared. A pooled Indirect or Extended context belongs to one SQE, so it is refused.
    /// </param>
    /// <param name="targets">Socket fds, or registered-file slots with <see cref="OpOptions.FixedFile"/>.</param>
    /// <param name="payload">The bytes to send.</param>
    /// <param name="flags"><c>MSG_*</c> flags for every send.</param>
    /// <param name="options">Options for every send.</param>
    /// <returns>
    /// How many sends were prepared: <paramref name="targets"/>.Length, or fewer when the SQ filled up (submit
    /// or wait, then call again with the remaining targets).
    /// </returns>
    /// <exception cref="ArgumentException"><paramref name="context"/> is an Indirect or Extended context.</exception>
    [IssuerThreadOnly]
    public int PrepareMulticast(
        SqeContext context,
        ReadOnlySpan<int> targets,
        [HeldUntilCompletion] ReadOnlySpan<byte> payload,
        MessageFlags flags = MessageFlags.None,
        in OpOptions options = default)
    {
        ThrowIfMulticastPooledContext(context);
        for (int i = 0; i < targets.Length; i++)
        {
            if (!PrepareSend(context, targets[i], payload, flags, options))
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
    /// (<see cref="PrepareSendZcFixed(SqeContext, int, ReadOnlySpan{byte}, ushort, MessageFlags, bool, bool, in OpOptions)"/>) when the payload reaches <see cref="MulticastPolicy.ZeroCopyThreshold"/>
    /// for this many targets, otherwise copying sends of the same bytes (<see cref="PrepareSend(SqeContext, int, ReadOnlySpan{byte}, MessageFlags, in OpOptions)"/>; the
    /// plain SEND with <c>IORING_RECVSEND_FIXED_BUF</c> is refused by Linux 6.18 with EINVAL).
    /// </summary>
    /// <remarks>
    /// A zero-copy send posts two CQEs (the result with <see cref="CqeFlags.More"/>, then the
    /// <see cref="CqeFlags.Notification"/>) whatever <see cref="RingOptions.NotifySucceed"/> says, because the
    /// kernel refuses <c>IOSQE_CQE_SKIP_SUCCESS</c> on zero-copy sends; keep the buffer unchanged until every
    /// notification arrived. Copying sends are write-like. Use <see cref="MulticastPolicy.UsesZeroCopy"/> to
    /// know in advance which it will be. Zero-copy needs TCP or UDP sockets (Unix: <c>-EOPNOTSUPP</c>).
    /// </remarks>
    /// <returns>How many sends were prepared (fewer than the targets when the SQ filled up).</returns>
    /// <exception cref="ArgumentException"><paramref name="context"/> is an Indirect or Extended context.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The buffer index or the range is outside the registered buffers.</exception>
    [IssuerThreadOnly]
    public int PrepareMulticast(
        SqeContext context,
        ReadOnlySpan<int> targets,
        int bufferIndex,
        int offset,
        int length,
        MessageFlags flags = MessageFlags.None,
        in OpOptions options = default)
        => MulticastRegistered(context, targets, bufferIndex, offset, length, flags, options, aggressive: false);

    /// <summary>
    /// Like <see cref="PrepareMulticast(SqeContext, ReadOnlySpan{int}, int, int, int, MessageFlags, in OpOptions)"/>
    /// with aggressive zero-copy thresholds
    /// (<see cref="MulticastPolicy.AggressiveZeroCopyThreshold"/>): zero copy from 1.5 KiB for a few targets
    /// down to every size from 256 targets, copying sends of the registered bytes below that.
    /// </summary>
    /// <returns>How many sends were prepared (fewer than the targets when the SQ filled up).</returns>
    /// <exception cref="ArgumentException"><paramref name="context"/> is an Indirect or Extended context.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The buffer index or the range is outside the registered buffers.</exception>
    [IssuerThreadOnly]
    public int PrepareMulticastZeroCopy(
        SqeContext context,
        ReadOnlySpan<int> targets,
        int bufferIndex,
        int offset,
        int length,
        MessageFlags flags = MessageFlags.None,
        in OpOptions options = default)
        => MulticastRegistered(context, targets, bufferIndex, offset, length, flags, options, aggressive: true);

    private int MulticastRegistered(
        SqeContext context,
        ReadOnlySpan<int> targets,
        int bufferIndex,
        int offset,
        int length,
        MessageFlags flags,
        in OpOptions options,
        bool aggressive)
    {
        ThrowIfMulticastPooledContext(context);
        Span<byte> buffer = LookUpRegisteredBuffer(bufferIndex, nameof(bufferIndex));
        if ((uint)offset > (uint)buffer.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"Offset {offset} is outside registered buffer {bufferIndex} ({buffer.Length} bytes).");
        }

        if ((uint)length > (uint)(buffer.Length - offset))
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"[{offset}, {offset}+{length}) does not fit registered buffer {bufferIndex} ({buffer.Length} bytes).");
        }

        ReadOnlySpan<byte> payload = buffer.Slice(offset, length);
        bool zeroCopy = MulticastPolicy.UsesZeroCopy(targets.Length, length, aggressive);
        for (int i = 0; i < targets.Length; i++)
        {
            bool prepared = zeroCopy
                ? PrepareSendZcFixed(context, targets[i], payload, (ushort)bufferIndex, flags, reportUsage: false, options: options)
                : PrepareSend(context, targets[i], payload, flags, options);
            if (!prepared)
            {
                return i;
            }
        }

        return targets.Length;
    }

    private static void ThrowIfMulticastPooledContext(SqeContext context)
    {
        if (context.IsIndirect || context.IsExtended)
        {
            throw new ArgumentException("A multicast prepares one SQE per target; a pooled Indirect/Extended context belongs to a single SQE. Use a Direct or Value context.", nameof(context));
        }
    }
}
