using System;

namespace Uring;

public sealed partial class Ring
{
    /// <summary>
    /// Prepares one request whose SQE <paramref name="fill"/> writes: for your own ops and raw SQEs. The call
    /// reserves the next SQE (zeroed), runs <paramref name="fill"/> on it, and publishes it with
    /// <paramref name="context"/> as its <c>user_data</c> (a Direct context gets the opcode, flags, buffer group and
    /// fd stamped in; an Indirect/Extended context gets a copy of the SQE) and <paramref name="kind"/>'s completion
    /// policy. <c>[UringOp]</c> declarations in your assembly generate exactly this call.
    /// </summary>
    /// <remarks>
    /// <para>Reserve, fill and publish are one scoped call: on a <see cref="RingOptions.MultiIssuers"/> ring it holds
    /// the ring's lock only while it runs, and if <paramref name="fill"/> or the publish throws, the SQE is given back
    /// (nothing is queued) and the lock released before the exception leaves. The ring keeps working.</para>
    /// <para>Pass a <c>static</c> lambda and its inputs in <paramref name="state"/>: nothing allocates. Preparing
    /// another request on this ring from inside <paramref name="fill"/> throws <see cref="InvalidOperationException"/>
    /// (and abandons this one); so does <see cref="Stop"/>.</para>
    /// </remarks>
    /// <example><code>
    /// // IORING_OP_NOP that completes with a chosen result (IORING_NOP_INJECT_RESULT).
    /// ring.TryPrepare(SqeContext.FromValue(7), UringOpKind.Other, 42, static (ref SubmissionSlot slot, scoped in int result) =>
    /// {
    ///     ref IoUringSqe sqe = ref slot.Sqe;
    ///     sqe.Opcode = (byte)IoUringOp.Nop;
    ///     sqe.Fd = -1;
    ///     sqe.OpFlags = (uint)NopFlags.InjectResult;
    ///     sqe.Len = (uint)result;
    /// });
    /// </code></example>
    /// <typeparam name="TState">What <paramref name="fill"/> reads; a <c>ref struct</c> may carry spans.</typeparam>
    /// <param name="context">The request's <c>user_data</c>.</param>
    /// <param name="kind">The completion policy: <see cref="UringOpKind.WriteLike"/> gets <c>IOSQE_CQE_SKIP_SUCCESS</c> unless <see cref="RingOptions.NotifySucceed"/>.</param>
    /// <param name="state">Passed to <paramref name="fill"/> by reference.</param>
    /// <param name="fill">Writes the SQE.</param>
    /// <exception cref="ArgumentNullException"><paramref name="fill"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="context"/> is an Indirect/Extended context that is not rented now from this ring's pools
    /// (<c>ParamName</c> "context"); nothing was queued.
    /// </exception>
    /// <exception cref="InvalidOperationException">
    /// A single-issuer ring is used from a thread that does not own it, or this call runs inside the fill of another
    /// request of this ring.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    [IssuerThreadOnly]
    public bool TryPrepare<TState>(SqeContext context, UringOpKind kind, scoped in TState state, SqeFiller<TState> fill)
        where TState : allows ref struct
    {
        ArgumentNullException.ThrowIfNull(fill);
        if (!TryReserveSqe(out SubmissionSlot slot))
        {
            return false;
        }

        try
        {
            // The filler gets a copy: whatever it does to its variable (assigns default, or another slot), this
            // reservation is published or abandoned through the ring's own.
            SubmissionSlot filling = slot;
            fill(ref filling, in state);
            PublishSqe(ref slot, context, kind);
        }
        finally
        {
            // A no-op once published; if filling or publishing threw, frees the SQE and a multi-issuer ring's lock.
            AbandonSqe(ref slot);
        }

        return true;
    }
}
