using System;
using System.Runtime.InteropServices;

namespace Uring;

/// <summary>
/// Pairs the two completions of a zero-copy send (<c>IORING_OP_SEND_ZC</c>, <c>SENDMSG_ZC</c>): the send's own
/// (flagged <c>IORING_CQE_F_MORE</c> when a notification will follow) and the notification
/// (<c>IORING_CQE_F_NOTIF</c>) that says the kernel let go of the buffer, in whichever order they arrive. The
/// handler hears <see cref="IZeroCopySendHandler.OnSent"/> and then <see cref="IZeroCopySendHandler.OnBufferReleased"/>,
/// each once, and the pooled context goes back after the second. Queue a tracked send on a ring with
/// <see cref="TryPrepareSendZc"/> or <see cref="TryPrepare{TState}"/>, and hand each completion to
/// <see cref="TryHandle"/> in the reap loop.
/// </summary>
/// <remarks>
/// The state lives in the pooled Extended context's user data (handler at offset 0, a tag, the token, the state
/// and the send's result) and the handler in the pool's reference table, so tracking a send allocates nothing.
/// A send that fails posts no notification: its completion (without <c>MORE</c>) releases the buffer at once.
/// </remarks>
public static unsafe class ZeroCopySendTracker
{
    private const ulong Tag = 0x5A43_5452_4143_4B01; // "ZCTRACK" + 1

    private const int Submitted = 0;
    private const int Sent = 1;
    private const int NotifiedFirst = 2;
    private const int Released = 3;

    /// <summary>
    /// Hands <paramref name="completion"/> to the tracked send it belongs to: true when it was one of a tracked
    /// send's two completions (handled), false for any other completion.
    /// </summary>
    public static bool TryHandle(Ring ring, in CqeView completion)
    {
        if (!OwnedContexts.TryGetOwner(in completion, Tag, out ExtendedSqe ext, out IZeroCopySendHandler? handler))
        {
            return false;
        }

        // Completions are untrusted input (a duplicate can be posted with MSG_RING): whatever arrives, each
        // callback fires once. A second send completion or a second notification is claimed and dropped.
        ref TrackedSend send = ref StateOf(ext);
        ulong token = send.Token;
        if (completion.IsNotification)
        {
            if (send.State == Sent)
            {
                Finish(ring, ext, handler, token, send.SendResult);
            }
            else if (send.State == Submitted)
            {
                send.State = NotifiedFirst;
            }

            return true;
        }

        if (send.State is not (Submitted or NotifiedFirst))
        {
            return true;
        }

        send.SendResult = completion.Result;
        bool releasedNow = !completion.HasMore || send.State == NotifiedFirst;
        send.State = Sent;
        try
        {
            handler.OnSent(ring, token, completion.Result);
        }
        finally
        {
            if (releasedNow)
            {
                Finish(ring, ext, handler, token, completion.Result);
            }
        }

        return true;
    }

    /// <summary>
    /// Prepares a zero-copy send on <paramref name="ring"/> whose two completions <see cref="TryHandle"/> pairs for
    /// <paramref name="handler"/>: <paramref name="prepare"/> queues any zero-copy op (<c>TryPrepareSendZc</c>,
    /// <c>TryPrepareSendZcFixed</c>, <c>TryPrepareSendToZc</c>, <c>TryPrepareSendMsgZc</c>, ...) with the context it is given.
    /// <paramref name="token"/> comes back with both callbacks.
    /// </summary>
    /// <param name="ring">The ring the send runs on.</param>
    /// <param name="handler">Hears the send's result, then the buffer's release.</param>
    /// <param name="token">Tells this send apart in the handler's callbacks.</param>
    /// <param name="state">Passed to <paramref name="prepare"/>, so that a static lambda needs no closure.</param>
    /// <param name="prepare">Queues exactly one zero-copy send with the context it is given.</param>
    /// <returns>False when every pooled context is in flight or <paramref name="prepare"/> returned false (SQ full): nothing was queued.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ring"/>, <paramref name="handler"/> or <paramref name="prepare"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="prepare"/> queued something other than exactly one zero-copy send (<c>SEND_ZC</c>/<c>SENDMSG_ZC</c>)
    /// with the context it was given, or returned true without queuing: the tracker could not pair its completions
    /// (a multishot op would fire <see cref="IZeroCopySendHandler.OnSent"/> again and again). What it queued is taken
    /// back and the context returned; nothing is queued.
    /// </exception>
    /// <exception cref="ObjectDisposedException"><paramref name="ring"/> was stopped.</exception>
    /// <exception cref="InvalidOperationException">A single-issuer <paramref name="ring"/> is used from a thread that does not own it.</exception>
    [IssuerThreadOnly]
    public static bool TryPrepare<TState>(Ring ring, IZeroCopySendHandler handler, ulong token, in TState state, RequestPreparer<TState> prepare)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(prepare);
        if (!OwnedContexts.TryRent(ring, Tag, handler, &OnCompletion, out ExtendedSqe ext))
        {
            return false;
        }

        ref TrackedSend send = ref StateOf(ext);
        send.Token = token;
        send.State = Submitted;
        return OwnedContexts.TryPrepare(ring, ext, in state, prepare, RequestShape.ZeroCopySend);
    }

    /// <summary>
    /// A tracked <see cref="Ring.TryPrepareSendZc(SqeContext, int, ReadOnlySpan{byte}, MessageFlags, bool, bool, in OpOptions)"/> on <paramref name="ring"/>: zero-copy send of <paramref name="buffer"/>
    /// on <paramref name="fd"/>. The buffer is the kernel's until <see cref="IZeroCopySendHandler.OnBufferReleased"/>,
    /// not just until the send completes, so it must be memory that does not move (native memory or a pinned array).
    /// </summary>
    /// <returns>As <see cref="TryPrepare{TState}"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ring"/> or <paramref name="handler"/> is null.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="ring"/> was stopped.</exception>
    /// <exception cref="InvalidOperationException">A single-issuer <paramref name="ring"/> is used from a thread that does not own it.</exception>
    [IssuerThreadOnly]
    public static bool TryPrepareSendZc(
        Ring ring,
        int fd,
        [HeldUntilCompletion] ReadOnlySpan<byte> buffer,
        IZeroCopySendHandler handler,
        ulong token,
        MessageFlags flags = MessageFlags.None)
    {
        fixed (byte* address = buffer)
        {
            // The caller promises memory that does not move; the pointer only carries the span into the static preparer.
            return TryPrepare(
                ring,
                handler,
                token,
                ((nint)address, buffer.Length, fd, flags),
                static (Ring ring, SqeContext context, in (nint Address, int Length, int Fd, MessageFlags Flags) send)
                    => ring.TryPrepareSendZc(context, send.Fd, new ReadOnlySpan<byte>((void*)send.Address, send.Length), send.Flags));
        }
    }

    private static void Finish(Ring ring, ExtendedSqe ext, IZeroCopySendHandler handler, ulong token, int sendResult)
    {
        StateOf(ext).State = Released;
        ring.ReturnExtendedSqe(ext);
        handler.OnBufferReleased(ring, token, sendResult);
    }

    private static ref TrackedSend StateOf(ExtendedSqe ext)
        => ref MemoryMarshal.AsRef<TrackedSend>(ext.UserData.Slice(CompletionHandler.Size));

    /// <summary>The handler at offset 0, so generated dispatchers and <see cref="CompletionHandler.TryInvoke"/> route here.</summary>
    private static void OnCompletion(Ring ring, in CqeView completion) => TryHandle(ring, in completion);

    /// <summary>What a tracked send keeps after the handler pointer, in its context's user data (the tag is written by <see cref="OwnedContexts"/>).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct TrackedSend
    {
        public ulong Tag;
        public ulong Token;
        public int State;
        public int SendResult;
    }
}
