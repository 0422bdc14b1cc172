namespace Uring;

// A group to send from (registered with startEmpty: true): buffers are filled by you, queued with
// Add(id, length), and come back to you when a send bundle consumed them.
public sealed partial class ProvidedBufferRing
{
    /// <summary>
    /// Takes back the buffers a send bundle (<see cref="Ring.TryPrepareSendBundle"/>) consumed: the completion's
    /// <see cref="CqeView.Result"/> bytes went out of consecutive ring entries starting at buffer
    /// <c>flags &gt;&gt; 16</c>. Each <see cref="ProvidedBufferBundle.Buffer"/> is the bytes sent from that buffer
    /// (the last may be a prefix: a short send consumes the buffer it stopped in, so send its rest again). The
    /// buffers are yours again: refill them and queue them with <see cref="Add(ushort, int)"/>; there is
    /// nothing to recycle. A result of 0 or less takes nothing.
    /// </summary>
    /// <exception cref="System.ArgumentException">The completion carries no buffer.</exception>
    /// <exception cref="System.InvalidOperationException">A buffer of the range is not queued in this group.</exception>
    public ProvidedBufferBundle ReclaimSent(in CqeView completion) => TakeBundle(completion.Result, completion.Flags);

    /// <summary>Like <see cref="ReclaimSent(in CqeView)"/>, from a completion's result and flags.</summary>
    /// <exception cref="System.ArgumentException">The flags carry no buffer.</exception>
    /// <exception cref="System.InvalidOperationException">A buffer of the range is not queued in this group.</exception>
    public ProvidedBufferBundle ReclaimSent(int result, CqeFlags flags) => TakeBundle(result, flags);
}
