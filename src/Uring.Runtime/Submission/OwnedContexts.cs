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
    public static bool TryRent(Ring ring, ulong tag, object owner, delegate*<Ring, in CqeView, void> handler, out ExtSqe ext)
    {
        if (!ring.TryRentExtSqe(out ext))
        {
            return false;
        }

        Span<ulong> words = MemoryMarshal.Cast<byte, ulong>(ext.UserData);
        words.Clear();
        ext.As<CompletionHandler>() = CompletionHandler.Create(handler);
        words[1] = tag;
        ring.Pools.ManagedFields(ext)[0] = owner;
        return true;
    }

    /// <summary>
    /// Lets <paramref name="prepare"/> queue a request with <paramref name="ext"/>; when it returns false or
    /// throws, the context goes back to the pool.
    /// </summary>
    public static bool TryPrepare<TState>(Ring ring, ExtSqe ext, in TState state, RequestPreparer<TState> prepare)
    {
        bool prepared = false;
        try
        {
            prepared = prepare(ring, ext.Context, in state);
        }
        finally
        {
            if (!prepared)
            {
                ring.ReturnExtSqe(ext);
            }
        }

        return prepared;
    }

    /// <summary>
    /// The owner of <paramref name="completion"/>'s context when the context carries <paramref name="tag"/>. False,
    /// without reading anything, for a foreign completion or a context that is not rented now.
    /// </summary>
    public static bool TryGetOwner<T>(in CqeView completion, ulong tag, out ExtSqe ext, [NotNullWhen(true)] out T? owner)
        where T : class
    {
        ext = default;
        owner = null;
        if (completion.IsForeign
            || !completion.Context.IsExtended
            || !ContextPoolRegistry.TryResolve(completion.Context.Raw, out ContextPools? pools, out byte* slot)
            || ((ulong*)(slot + ExtSqeLayout.UserDataOffset))[1] != tag)
        {
            return false;
        }

        ext = new ExtSqe(completion.Context.Raw & ContextTag.Mask);
        owner = pools!.ManagedFields(ext)[0] as T;
        return owner is not null;
    }
}
