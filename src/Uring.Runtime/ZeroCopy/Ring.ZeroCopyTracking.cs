using System;

namespace Uring;

public sealed partial class Ring
{
    /// <summary>
    /// Prepares a zero-copy send whose two completions <see cref="ZeroCopySendTracker.TryHandle"/> pairs for
    /// <paramref name="handler"/>: <paramref name="prepare"/> queues any zero-copy op (<c>PrepareSendZc</c>,
    /// <c>PrepareSendZcFixed</c>, <c>PrepareSendToZc</c>, <c>PrepareSendMsgZc</c>, ...) with the context it is given.
    /// <paramref name="token"/> comes back with both callbacks.
    /// </summary>
    /// <returns>False when every pooled context is in flight or <paramref name="prepare"/> returned false (SQ full): nothing was queued.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> or <paramref name="prepare"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="prepare"/> queued something other than exactly one zero-copy send (<c>SEND_ZC</c>/<c>SENDMSG_ZC</c>)
    /// with the context it was given, or returned true without queuing: the tracker could not pair its completions
    /// (a multishot op would fire <see cref="IZeroCopySendHandler.OnSent"/> again and again). What it queued is taken
    /// back and the context returned; nothing is queued.
    /// </exception>
    [IssuerThreadOnly]
    public bool TryPrepareTracked<TState>(IZeroCopySendHandler handler, ulong token, in TState state, RequestPreparer<TState> prepare)
        => ZeroCopySendTracker.TryStart(this, handler, token, in state, prepare);

    /// <summary>
    /// A tracked <see cref="PrepareSendZc(SqeContext, int, ReadOnlySpan{byte}, MessageFlags, bool, bool, in OpOptions)"/>: zero-copy send of <paramref name="buffer"/> on <paramref name="fd"/>.
    /// The buffer is the kernel's until <see cref="IZeroCopySendHandler.OnBufferReleased"/>, not just until the
    /// send completes, so it must be memory that does not move (native memory or a pinned array).
    /// </summary>
    /// <returns>As <see cref="TryPrepareTracked{TState}"/>.</returns>
    [IssuerThreadOnly]
    public unsafe bool TryPrepareSendZcTracked(
        int fd,
        [HeldUntilCompletion] ReadOnlySpan<byte> buffer,
        IZeroCopySendHandler handler,
        ulong token,
        MessageFlags flags = MessageFlags.None)
    {
        fixed (byte* address = buffer)
        {
            // The caller promises memory that does not move; the pointer only carries the span into the static preparer.
            return TryPrepareTracked(
                handler,
                token,
                ((nint)address, buffer.Length, fd, flags),
                static (Ring ring, SqeContext context, in (nint Address, int Length, int Fd, MessageFlags Flags) send)
                    => ring.PrepareSendZc(context, send.Fd, new ReadOnlySpan<byte>((void*)send.Address, send.Length), send.Flags));
        }
    }
}
