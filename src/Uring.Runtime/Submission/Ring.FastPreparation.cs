using System.Runtime.CompilerServices;
using System.Threading;
using Uring.Interop;

namespace Uring;

/// <summary>
/// The prep path of the common case, for generated prep methods whose fill cannot throw (every argument is stored in
/// an SQE field as it is: no staging, no command bytes, no path): the owner thread of a single-issuer ring, no
/// reservation open, a Direct or Value context. It hands out the SQE itself instead of a <see cref="SubmissionSlot"/>,
/// so nothing has to be abandoned and the method needs no try/finally and no slot on its stack; per NOP that is a few
/// nanoseconds, about half of what prep cost through the reservation. Every other case (and every error, whose message
/// the reservation path gives) takes <see cref="TryReserveSqe"/> as before: the fast path only ever declines.
/// </summary>
public sealed unsafe partial class Ring
{
    /// <summary>
    /// The next SQE, zeroed, when the fast path applies and the SQ has room; a null reference otherwise (full, stopped,
    /// another thread, a multi-issuer ring, a reservation open, spilled staging to free, or a pooled context), in
    /// which case the caller takes the reservation path, which says which. Fill it, then call
    /// <see cref="PublishSqeFast"/> before anything else touches the ring.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ref IoUringSqe TryReserveSqeFast(SqeContext context)
    {
        // The stack test also stands for "single issuer, not stopped": a multi-issuer ring records no stack range, and
        // Stop forgets it before the state changes, so after either the test fails and the reservation path decides.
        byte marker = 0;
        uint tail = _sq.LocalTail;
        if ((nuint)Unsafe.AsPointer(ref marker) - _issuerStackLow >= _issuerStackSize
            || _openTicket != 0
            || ContextTag.ClaimsPooledSlot(context.Raw)
            || _staging.HasSpilledSlots
            || tail - Volatile.Read(ref *_sq.Head) >= _sq.Entries)
        {
            return ref Unsafe.NullRef<IoUringSqe>();
        }

        IoUringSqe* sqe = _sq.SqeAt(tail & _sq.Mask);
        ClearSqe(sqe);
        return ref *sqe;
    }

    /// <summary>Zeroes an SQE: 64 bytes, or 128 on an <c>SQE128</c> ring (both reservation paths start from zero).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ClearSqe(IoUringSqe* sqe)
    {
        if (_sq.SqeShift == 7)
        {
            *(IoUringSqe128*)sqe = default;
        }
        else
        {
            *sqe = default;
        }
    }

    /// <summary>
    /// Publishes the SQE at the local tail (the one <see cref="TryReserveSqeFast"/> returned, or an open reservation's)
    /// with a Direct or Value context: the write-like policy, <c>user_data</c>, and the SQ tail. The one definition of
    /// that step, for both prep paths.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void PublishSqeFast(ref IoUringSqe sqe, SqeContext context, UringOpKind kind)
    {
        if (kind == UringOpKind.WriteLike)
        {
            sqe.Flags |= _writeLikeFlags;
        }

        if (context.Mode == SqeContextMode.Direct)
        {
            sqe.Flags |= context.DirectFlags;
            sqe.UserData = SqeContext.DescribeDirect(sqe);
        }
        else
        {
            sqe.UserData = context.Raw;
        }

        AdvanceTail(_sq.LocalTail & _sq.Mask);
    }
}
