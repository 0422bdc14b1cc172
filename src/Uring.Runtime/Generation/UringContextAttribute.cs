using System;

namespace Uring;

/// <summary>
/// Declares a typed completion context: a <c>partial struct</c> whose fields travel with a request in the
/// 64 bytes of user data of a pooled <see cref="ExtendedSqe"/>. The Uring generator adds to the struct:
/// <list type="bullet">
/// <item><description>a nested unmanaged <c>Layout</c>: the unmanaged fields at explicit, naturally aligned
/// offsets (a <see cref="CompletionHandler"/> field always at offset 0), at most 64 bytes;</description></item>
/// <item><description><c>In(ExtendedSqe)</c>, <c>From(in CqeView)</c>, <c>From(in ExtendedCqe)</c>: a <c>Ref</c> with a
/// get/set property per field, reading and writing in place;</description></item>
/// <item><description><c>Store(ExtendedSqe, in T)</c>/<c>Load(ExtendedSqe)</c> value copies, and
/// <c>TryRent(Ring, in T, out ExtendedSqe)</c>/<c>Release(Ring, ExtendedSqe)</c> to borrow a context and return it, which
/// implement <see cref="IUringContext{TSelf}"/>: every <see cref="UringOpAttribute"/> op then also takes the
/// struct itself (<c>ring.TryPrepareRecv(new MyContext { ... }, fd, buffer)</c> rents, stores and prepares in one call);</description></item>
/// <item><description>with a <see cref="CompletionHandler"/> field, <c>Dispatch(Ring, in CqeView)</c>, which
/// calls the <see cref="UringHandlerAttribute"/> methods it knows directly and any other handler
/// indirectly, and a nested <c>Handlers</c> class with a <see cref="CompletionHandler"/> for each of them.</description></item>
/// </list>
/// Fields of reference types (classes, interfaces, arrays, strings, delegates) take no user-data bytes:
/// they live in a GC-visible table of the ring's <see cref="ContextPools"/>, indexed by the pooled slot, and
/// are cleared when the slot is returned (at most <see cref="ContextPools.MaxManagedFields"/> per context).
/// Misuse (too large, unsupported field types, too many reference fields) is reported by Uring.Analyzers;
/// the generator then writes nothing.
/// </summary>
[AttributeUsage(AttributeTargets.Struct, Inherited = false, AllowMultiple = false)]
public sealed class UringContextAttribute : Attribute
{
}

/// <summary>
/// Marks a static completion handler, <c>static void M(Ring ring, in CqeView cqe)</c>, so that generated
/// <c>[UringContext]</c> dispatchers call it directly (a pointer compare and a direct call the JIT can
/// inline) rather than through its function pointer. Without arguments it applies to every context with a
/// handler slot in the compilation; with <see cref="Contexts"/> only to those context types.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class UringHandlerAttribute : Attribute
{
    /// <summary>A handler every generated dispatcher of the compilation knows.</summary>
    public UringHandlerAttribute()
    {
        Contexts = Array.Empty<Type>();
    }

    /// <summary>A handler known to the dispatchers of <paramref name="contexts"/> only.</summary>
    public UringHandlerAttribute(params Type[] contexts)
    {
        Contexts = contexts;
    }

    /// <summary>The <c>[UringContext]</c> types whose dispatchers call this handler directly (empty: all).</summary>
    public Type[] Contexts { get; }
}
