using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace Uring;

/// <summary>
/// Pooled Extended contexts owned by the runtime's request helpers (<see cref="MultishotSubscription"/>,
/// <see cref="ZeroCopySendTracker"/>, <see cref="Listener"/>). Each one carries the helper's
/// <see cref="CompletionHandler"/> at offset 0 (so generated dispatchers route it), the helper's tag at offset 8
/// (so <c>TryHandle</c> recognises its own), and the owning object in reference slot 0 of the pool's GC-visible
/// table (so the owner stays alive while its request is in flight, and is found without a lookup).
/// </summary>
internal static unsafe class OwnedContexts
{
    /// <summary>Rents a context and marks it for <paramref name="owner"/>; false when every context is in flight.</summary>
    public static bool TryRent(Ring ring, ulong tag, object owner, delegate*<Ring, in CqeView, void> handler, out ExtendedSqe ext)
    {
        // Rent and mark in one call: a multi-issuer ring's Stop cannot free the slot between the two.
        return ring.TryRentExtendedSqe(new Mark(tag, owner, handler), static (ExtendedSqe rented, scoped in Mark mark) => mark.Apply(rented), out ext);
    }

    /// <summary>What <see cref="TryRent"/> writes into a context it rents.</summary>
    private readonly struct Mark(ulong tag, object owner, delegate*<Ring, in CqeView, void> handler)
    {
        public void Apply(ExtendedSqe ext)
        {
            Span<ulong> words = MemoryMarshal.Cast<byte, ulong>(ext.UserData);
            words.Clear();
            ext.As<CompletionHandler>() = CompletionHandler.Create(handler);
            words[1] = tag;
            ContextPools.ManagedFieldsOf(ext)[0] = owner;
        }
    }

    /// <summary>
    /// Lets <paramref name="prepare"/> queue a request with <paramref name="ext"/>, then checks what it queued:
    /// exactly one SQE, carrying <paramref name="ext"/>'s context, with an op <paramref name="shape"/> allows, and
    /// without <see cref="SqeFlags.CqeSkipSuccess"/> (the helper needs every completion). Anything else would leave
    /// the helper's state machine waiting forever, or firing twice, or returning the context while a request still
    /// carries it; so it is taken back (the SQ tail is ours until the next enter) and refused with an
    /// <see cref="ArgumentException"/> naming <paramref name="prepare"/>. When the preparer returns false or throws,
    /// whatever it published is taken back too. In every failure the context goes back to the pool.
    /// </summary>
    /// <exception cref="ArgumentException">The preparer queued something the helper cannot track.</exception>
    public static bool TryPrepare<TState>(Ring ring, ExtendedSqe ext, in TState state, RequestPreparer<TState> prepare, in RequestShape shape)
    {
        uint checkpoint;
        try
        {
            checkpoint = ring.BeginOwnedPreparation();
        }
        catch
        {
            ring.ReturnExtendedSqe(ext);
            throw;
        }

        bool prepared = false;
        bool inKernel = false;
        try
        {
            try
            {
                prepared = prepare(ring, ext.Context, in state);
            }
            catch
            {
                // The preparer threw, possibly after publishing: take back what it queued before the context returns.
                inKernel = !TryTakeBack(ring, checkpoint);
                throw;
            }

            string? problem = prepared ? Inspect(ring, checkpoint, ext.Context.Raw, in shape) : null;
            if (!prepared || problem is not null)
            {
                // A refused request, or "SQ full" with something queued anyway: nothing may stay queued with a
                // context that goes back to the pool now.
                prepared = false;
                inKernel = !TryTakeBack(ring, checkpoint);
            }

            if (inKernel)
            {
                throw new InvalidOperationException(
                    "The preparer submitted its requests to the kernel before returning, so they cannot be taken back; their context "
                    + "stays with them. A preparer must only prepare (TryPrepare*), never Submit or Wait.");
            }

            if (problem is not null)
            {
                throw new ArgumentException(problem, nameof(prepare));
            }
        }
        finally
        {
            ring.EndOwnedPreparation();
            if (!prepared && !inKernel)
            {
                ring.ReturnExtendedSqe(ext);
            }
        }

        return prepared;
    }

    /// <summary>What is wrong with what the preparer published, or null when it is exactly one request of the shape.</summary>
    private static string? Inspect(Ring ring, uint checkpoint, ulong userData, in RequestShape shape)
    {
        uint published = ring.PublishedSince(checkpoint);
        if (ring.IsStopped)
        {
            return "The preparer stopped the ring: prepare one request and return.";
        }

        if (published != 1)
        {
            return published == 0
                ? $"The preparer returned true but queued nothing. It must queue exactly one request with the context it is given ({shape.Description}), "
                  + "or return false when the submission queue is full."
                : $"The preparer queued {published} requests. It must queue exactly one, with the context it is given ({shape.Description}); "
                  + "they were taken back, nothing was queued.";
        }

        IoUringSqe* sqe = ring.PublishedSqe(checkpoint);
        if (ring.CallerUserDataOf(sqe->UserData) != userData)
        {
            return $"The preparer queued its request with another context (user_data 0x{sqe->UserData:x}). Pass the SqeContext the preparer "
                   + "is given to the TryPrepare* call; the request was taken back, nothing was queued.";
        }

        if (!shape.Allows(sqe->Opcode))
        {
            return $"The preparer queued {(IoUringOp)sqe->Opcode}, but this helper tracks only {shape.Description}. The request was taken "
                   + "back, nothing was queued.";
        }

        if ((sqe->Flags & (byte)SqeFlags.CqeSkipSuccess) != 0)
        {
            return "The preparer's request has IOSQE_CQE_SKIP_SUCCESS, which hides the completions this helper tracks. Drop the flag "
                   + "(it comes from OpOptions); the request was taken back, nothing was queued.";
        }

        return null;
    }

    /// <summary>
    /// Un-queues what the preparer published since <paramref name="checkpoint"/>. False when the kernel already took
    /// it (the preparer submitted): then it cannot be taken back, and its context must not return to the pool.
    /// </summary>
    private static bool TryTakeBack(Ring ring, uint checkpoint)
        => ring.PublishedSince(checkpoint) == 0 || ring.TryRollBackTo(checkpoint);

    /// <summary>
    /// The owner of <paramref name="completion"/>'s context when the context carries <paramref name="tag"/>. False,
    /// without reading anything, for a foreign completion or a context that is not rented now.
    /// </summary>
    public static bool TryGetOwner<T>(in CqeView completion, ulong tag, out ExtendedSqe ext, [NotNullWhen(true)] out T? owner)
        where T : class
    {
        ext = default;
        owner = null;
        if (completion.IsForeign
            || !completion.Context.IsExtended
            || !ContextPoolRegistry.TryResolve(completion.Context.Raw, out ContextPools? pools, out byte* slot)
            || ((ulong*)(slot + ExtendedSqeLayout.UserDataOffset))[1] != tag)
        {
            return false;
        }

        ext = new ExtendedSqe(completion.Context.Raw & ContextTag.Mask);
        owner = pools!.ManagedFields(ext)[0] as T;
        return owner is not null;
    }

    /// <summary>
    /// Whether <paramref name="completion"/> is <paramref name="owner"/>'s current request (tagged
    /// <paramref name="requestTag"/>, on <paramref name="ring"/>, and still the owner's request) or the cancel of it
    /// (tagged <paramref name="cancelTag"/>). <paramref name="owner"/> is set for those two only.
    /// </summary>
    public static OwnedCompletion Classify<T>(Ring ring, in CqeView completion, ulong requestTag, ulong cancelTag, out ExtendedSqe ext, out T? owner)
        where T : class, ICancellableRequestOwner
    {
        if (TryGetOwner(in completion, requestTag, out ext, out owner))
        {
            return owner.Ring == ring && owner.CurrentRequest == ext ? OwnedCompletion.Request : None(out owner);
        }

        if (TryGetOwner(in completion, cancelTag, out ext, out owner))
        {
            return owner.Ring == ring ? OwnedCompletion.Cancel : None(out owner);
        }

        return OwnedCompletion.None;

        static OwnedCompletion None(out T? owner)
        {
            owner = null;
            return OwnedCompletion.None;
        }
    }

    /// <summary>
    /// Queues an <c>ASYNC_CANCEL</c> of <paramref name="request"/> in a context of its own, tagged
    /// <paramref name="cancelTag"/> for <paramref name="owner"/> (so <see cref="Classify{T}"/> tells its completion from the
    /// request's); false when no context or SQE is free yet.
    /// </summary>
    public static bool TryQueueCancel(Ring ring, ulong cancelTag, object owner, delegate*<Ring, in CqeView, void> handler, ExtendedSqe request)
        => TryRent(ring, cancelTag, owner, handler, out ExtendedSqe cancel)
            && TryPrepare(
                ring,
                cancel,
                request.Context.Raw,
                static (Ring r, SqeContext context, in ulong target) => r.TryPrepareCancel(context, target),
                RequestShape.Cancel);
}
