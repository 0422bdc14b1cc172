using System;
using System.Runtime.CompilerServices;

namespace Uring;

public sealed unsafe partial class Ring
{
    /// <summary>
    /// Borrows a zeroed 128-byte Extended context (SQE copy + 64 bytes of your data) from the ring's pool; false
    /// when all are in flight (backpressure). Return it exactly once with <see cref="ReturnExtendedSqe"/>, after
    /// its last completion was handled: the handle then stops working (its accessors throw), and a late
    /// completion for it is reported as foreign.
    /// </summary>
    /// <remarks>
    /// On a <see cref="RingOptions.MultiIssuers"/> ring, renting and returning take the ring's lock, which
    /// <see cref="Stop"/> holds while it frees the pools: a call racing Stop finishes first or throws
    /// <see cref="ObjectDisposedException"/>. To fill the context without racing Stop, rent and fill it in one call
    /// (<see cref="TryRentExtendedSqe{TState}(in TState, ContextFiller{ExtendedSqe, TState}, out ExtendedSqe)"/>). A single-issuer
    /// ring takes no lock.
    /// </remarks>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    [RentsPooledContext]
    public bool TryRentExtendedSqe(out ExtendedSqe ext) => Pools.TryRentExtended(out ext);

    /// <summary>Returns an Extended context to the pool (it is zeroed).</summary>
    /// <exception cref="InvalidOperationException">It was already returned.</exception>
    /// <exception cref="ArgumentException">It is the default handle, or another ring's.</exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    [ReturnsPooledContext]
    public void ReturnExtendedSqe(ExtendedSqe ext) => Pools.Return(ext, nameof(ext));

    /// <summary>Borrows a zeroed 64-byte Indirect context (an SQE copy); false when all are in flight.</summary>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    [RentsPooledContext]
    public bool TryRentIndirectSqe(out IndirectSqe sqe) => Pools.TryRentIndirect(out sqe);

    /// <summary>Returns an Indirect context to the pool (it is zeroed).</summary>
    /// <exception cref="InvalidOperationException">It was already returned.</exception>
    /// <exception cref="ArgumentException">It is the default handle, or another ring's.</exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    [ReturnsPooledContext]
    public void ReturnIndirectSqe(IndirectSqe sqe) => Pools.Return(sqe, nameof(sqe));

    /// <summary>
    /// Rents an Extended context and runs <paramref name="fill"/> on it in one call, so the writes that fill it (its
    /// <see cref="ExtendedSqe.Sqe"/>, <see cref="ExtendedSqe.UserData"/>, reference fields) cannot race a <see cref="Stop"/> on
    /// another thread that frees the pools: on a <see cref="RingOptions.MultiIssuers"/> ring the call holds the ring's
    /// lock while it runs (other threads' submissions wait, so keep the filler short). False when every context is in
    /// flight. If <paramref name="fill"/> throws, the context goes back to the pool before the exception leaves.
    /// Generated <c>[UringContext]</c> <c>TryRent</c> methods use it; pass a <c>static</c> lambda so nothing allocates.
    /// </summary>
    /// <typeparam name="TState">What <paramref name="fill"/> reads.</typeparam>
    /// <param name="state">Passed to <paramref name="fill"/> by reference.</param>
    /// <param name="fill">Writes the rented context.</param>
    /// <param name="ext">The rented, filled context; default when the call returns false.</param>
    /// <exception cref="ArgumentNullException"><paramref name="fill"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped (also by <paramref name="fill"/>).</exception>
    [RentsPooledContext]
    public bool TryRentExtendedSqe<TState>(scoped in TState state, ContextFiller<ExtendedSqe, TState> fill, out ExtendedSqe ext)
        where TState : allows ref struct
    {
        ArgumentNullException.ThrowIfNull(fill);
        ThrowIfStopped();
        using LockScope held = HoldLock();
        if (!_pools.TryRentExtended(out ext))
        {
            return false;
        }

        FillRented(ext, in state, fill);
        return true;
    }

    /// <summary>
    /// Rents an Indirect context and runs <paramref name="fill"/> on it in one call; see
    /// <see cref="TryRentExtendedSqe{TState}(in TState, ContextFiller{ExtendedSqe, TState}, out ExtendedSqe)"/>.
    /// </summary>
    /// <typeparam name="TState">What <paramref name="fill"/> reads.</typeparam>
    /// <param name="state">Passed to <paramref name="fill"/> by reference.</param>
    /// <param name="fill">Writes the rented context's <see cref="IndirectSqe.Sqe"/>.</param>
    /// <param name="sqe">The rented, filled context; default when the call returns false.</param>
    /// <exception cref="ArgumentNullException"><paramref name="fill"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped (also by <paramref name="fill"/>).</exception>
    [RentsPooledContext]
    public bool TryRentIndirectSqe<TState>(scoped in TState state, ContextFiller<IndirectSqe, TState> fill, out IndirectSqe sqe)
        where TState : allows ref struct
    {
        ArgumentNullException.ThrowIfNull(fill);
        ThrowIfStopped();
        using LockScope held = HoldLock();
        if (!_pools.TryRentIndirect(out sqe))
        {
            return false;
        }

        FillRented(sqe, in state, fill);
        return true;
    }

    /// <summary>
    /// Runs the filler of a context just rented under the lock. A filler that throws hands nothing out: the context
    /// goes back to the pool before the exception leaves. A filler that stopped the ring leaves nothing to hand out
    /// either (the pools went with the ring).
    /// </summary>
    /// <exception cref="ObjectDisposedException">The filler stopped the ring.</exception>
    private void FillRented<THandle, TState>(THandle handle, scoped in TState state, ContextFiller<THandle, TState> fill)
        where THandle : struct
        where TState : allows ref struct
    {
        bool filled = false;
        try
        {
            fill(handle, in state);
            filled = true;
        }
        finally
        {
            if (!filled && !IsStopped)
            {
                // Both type tests are JIT-time constants for a struct THandle: no boxing, one branch left.
                if (typeof(THandle) == typeof(ExtendedSqe))
                {
                    _pools.Return(Unsafe.As<THandle, ExtendedSqe>(ref handle), "ext");
                }
                else
                {
                    _pools.Return(Unsafe.As<THandle, IndirectSqe>(ref handle), "sqe");
                }
            }
        }

        if (IsStopped)
        {
            ThrowStopped();
        }
    }

    /// <summary>
    /// Submits the SQE held by a pooled Extended context, with <c>user_data</c> naming it. Fill <see cref="ExtendedSqe.Sqe"/> first. False when the SQ is full.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="ext"/> is the default handle, or is not rented now from this ring's pools (returned already, or another ring's).</exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    [IssuerThreadOnly]
    public bool TryPrepareExtended(ExtendedSqe ext) => TryPrepareCopyOf(ext.Tag, SqeContextMode.Extended, nameof(ext));

    /// <summary>Submits the SQE held by a pooled Indirect context. False when the SQ is full.</summary>
    /// <exception cref="ArgumentException"><paramref name="indirect"/> is the default handle, or is not rented now from this ring's pools (returned already, or another ring's).</exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    [IssuerThreadOnly]
    public bool TryPrepareIndirect(IndirectSqe indirect) => TryPrepareCopyOf(indirect.Tag, SqeContextMode.Indirect, nameof(indirect));

    /// <summary>Validates the handle before reserving (bad input loses nothing), then copies its SQE into the queue.</summary>
    private bool TryPrepareCopyOf(ulong tag, SqeContextMode mode, string parameterName)
    {
        ThrowIfStopped();
        EnsureIssuer();
        if (tag == 0)
        {
            throw new ArgumentException($"The {(mode == SqeContextMode.Extended ? nameof(ExtendedSqe) : nameof(IndirectSqe))} is the default handle (an exhausted pool's answer), not a rented context.", parameterName);
        }

        SqeContext context = SqeContext.FromRaw(tag | ((ulong)mode << 62));
        if (!_pools.OwnsRented(context.Raw, out byte* pooled))
        {
            throw new ArgumentException(_pools.DescribeRejected(context), parameterName);
        }

        if (!TryReserveSqe(out SubmissionSlot slot))
        {
            return false;
        }

        // The scoped shape, with no user code inside: copy and publish, and give the slot (and a multi-issuer
        // ring's lock) back in the finally if publishing threw.
        try
        {
            slot.Sqe = *(IoUringSqe*)pooled;
            PublishSqe(ref slot, context);
        }
        finally
        {
            AbandonSqe(ref slot);
        }

        return true;
    }
}
