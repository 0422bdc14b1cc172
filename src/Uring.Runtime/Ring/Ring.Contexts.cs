using System;

namespace Uring;

public sealed unsafe partial class Ring
{
    /// <summary>
    /// Borrows a zeroed 128-byte Extended context (SQE copy + 64 bytes of your data) from the ring's pool; false
    /// when all are in flight (backpressure). Return it exactly once with <see cref="ReturnExtSqe"/>, after
    /// its last completion was handled: the handle then stops working (its accessors throw), and a late
    /// completion for it is reported as foreign.
    /// </summary>
    /// <remarks>
    /// On a <see cref="RingOptions.MultiIssuers"/> ring, renting and returning take the ring's lock, which
    /// <see cref="Stop"/> holds while it frees the pools: a call racing Stop finishes first or throws
    /// <see cref="ObjectDisposedException"/>. To fill the context without racing Stop, rent it inside
    /// <see cref="BeginContextFill"/>. A single-issuer ring takes no lock.
    /// </remarks>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    [RentsPooledContext]
    public bool TryRentExtSqe(out ExtSqe ext) => Pools.TryRentExtended(out ext);

    /// <summary>Returns an Extended context to the pool (it is zeroed).</summary>
    /// <exception cref="InvalidOperationException">It was already returned.</exception>
    /// <exception cref="ArgumentException">It is the default handle, or another ring's.</exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    [ReturnsPooledContext]
    public void ReturnExtSqe(ExtSqe ext) => Pools.Return(ext, nameof(ext));

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
    /// Starts a rent-and-fill: until the returned scope is disposed, <see cref="Stop"/> on another thread waits
    /// instead of freeing the context pools, so a context rented inside the scope can be written (its
    /// <see cref="ExtSqe.Sqe"/>, <see cref="ExtSqe.UserData"/>, reference fields) without racing the teardown.
    /// Generated <c>[UringContext]</c> <c>TryRent</c> methods use it. On a <see cref="RingOptions.MultiIssuers"/>
    /// ring it holds the ring's lock (re-entrant: the scope's thread may rent, prepare and submit inside it;
    /// other threads' submissions wait, so keep it short); on a single-issuer ring it does nothing, because
    /// only the owner thread, which runs the fill, may stop the ring.
    /// </summary>
    /// <example><code>
    /// using (ring.BeginContextFill())
    /// {
    ///     if (!ring.TryRentExtSqe(out ExtSqe ext)) return false;
    ///     ext.As&lt;MyState&gt;() = state;
    /// }
    /// </code></example>
    /// <exception cref="ObjectDisposedException">The ring was stopped (nothing is held then).</exception>
    public ContextFillScope BeginContextFill()
    {
        ThrowIfStopped();
        EnterLock();
        return new ContextFillScope(_lock);
    }

    /// <summary>
    /// Submits the SQE held by a pooled Extended context, with <c>user_data</c> naming it. Fill <see cref="ExtSqe.Sqe"/> first. False when the SQ is full.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="ext"/> is the default handle, or is not rented now from this ring's pools (returned already, or another ring's).</exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    [IssuerThreadOnly]
    public bool PrepareExtended(ExtSqe ext) => PrepareCopyOf(ext.Tag, SqeContextMode.Extended, nameof(ext));

    /// <summary>Submits the SQE held by a pooled Indirect context. False when the SQ is full.</summary>
    /// <exception cref="ArgumentException"><paramref name="indirect"/> is the default handle, or is not rented now from this ring's pools (returned already, or another ring's).</exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    [IssuerThreadOnly]
    public bool PrepareIndirect(IndirectSqe indirect) => PrepareCopyOf(indirect.Tag, SqeContextMode.Indirect, nameof(indirect));

    /// <summary>Validates the handle before reserving (bad input loses nothing), then copies its SQE into the queue.</summary>
    private bool PrepareCopyOf(ulong tag, SqeContextMode mode, string parameterName)
    {
        ThrowIfStopped();
        EnsureIssuer();
        if (tag == 0)
        {
            throw new ArgumentException($"The {(mode == SqeContextMode.Extended ? nameof(ExtSqe) : nameof(IndirectSqe))} is the default handle (an exhausted pool's answer), not a rented context.", parameterName);
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

        try
        {
            slot.Sqe = *(IoUringSqe*)pooled;
            PublishSqe(ref slot, context);
        }
        finally
        {
            // Releases the slot (and a multi-issuer ring's lock) when publishing threw.
            AbandonSqe(ref slot);
        }

        return true;
    }
}
