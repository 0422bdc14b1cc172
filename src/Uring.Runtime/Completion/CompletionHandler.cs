using System;
using System.Runtime.CompilerServices;

namespace Uring;

/// <summary>
/// A static completion handler stored as a function pointer: 8 unmanaged bytes that can travel in the user
/// data of an <see cref="ExtendedSqe"/>. A <c>[UringContext]</c> field of this type is the context's handler
/// slot; the generator always lays it out at offset 0, so any code that reaps an Extended completion can
/// find it without knowing the context type (<see cref="TryInvoke"/>).
/// </summary>
/// <remarks>
/// Only static methods can be stored (there is no target object to keep alive), which is what makes the
/// slot safe to keep in memory the GC does not scan. Invoking costs one indirect call and allocates nothing.
/// A generated <c>Dispatch</c> does better for the handlers it knows: it compares the pointer with each
/// one and calls it directly, so the JIT can inline it.
/// </remarks>
public readonly unsafe struct CompletionHandler : IEquatable<CompletionHandler>
{
    /// <summary>The bytes a handler takes in a context's layout.</summary>
    public const int Size = 8;

    private readonly delegate*<Ring, in CqeView, void> _function;

    private CompletionHandler(delegate*<Ring, in CqeView, void> function) => _function = function;

    /// <summary>Wraps a handler, for example <c>CompletionHandler.Create(&amp;Handlers.OnRead)</c> in an unsafe context.</summary>
    public static CompletionHandler Create(delegate*<Ring, in CqeView, void> function) => new(function);

    /// <summary>No handler.</summary>
    public static CompletionHandler None => default;

    /// <summary>True when no handler is stored.</summary>
    public bool IsNull => _function == null;

    /// <summary>The function pointer (generated dispatchers compare it with the handlers they know).</summary>
    public delegate*<Ring, in CqeView, void> Pointer => _function;

    /// <summary>Calls the handler.</summary>
    /// <exception cref="InvalidOperationException">No handler is stored.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Invoke(Ring ring, in CqeView cqe)
    {
        if (_function == null)
        {
            ThrowNull();
        }

        _function(ring, in cqe);
    }

    /// <summary>
    /// Runs the handler stored at offset 0 of the completion's Extended context: false (nothing ran) when the
    /// completion is not Extended, is foreign (<see cref="CqeView.IsForeign"/>), names a context that is not
    /// rented now from <paramref name="ring"/>'s pools, or the slot is empty. Only call it for completions whose
    /// contexts were written by a <c>[UringContext]</c> type with a <see cref="CompletionHandler"/> field: other
    /// contexts keep their own data in those bytes.
    /// </summary>
    public static bool TryInvoke(Ring ring, in CqeView cqe)
    {
        // A foreign completion is never read: its user_data may point anywhere, even at a function pointer.
        if (cqe.IsForeign
            || !cqe.Context.IsExtended
            || !ContextPoolRegistry.TryResolve(cqe.Context.Raw, out ContextPools? pools, out byte* slot)
            || !ReferenceEquals(pools, ring.Pools))
        {
            return false;
        }

        CompletionHandler handler = *(CompletionHandler*)(slot + ExtendedSqeLayout.UserDataOffset);
        if (handler.IsNull)
        {
            return false;
        }

        handler._function(ring, in cqe);
        return true;
    }

    /// <summary>
    /// Pointer identity. Two pointers to one method are equal in practice, but the language does not promise
    /// it (CS8909), so nothing here depends on it: a generated dispatcher that misses falls back to
    /// <see cref="Invoke"/>, which calls the same method.
    /// </summary>
    public bool Equals(CompletionHandler other) => (nint)_function == (nint)other._function;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is CompletionHandler other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => ((nint)_function).GetHashCode();

    /// <summary>Compares the pointers.</summary>
    public static bool operator ==(CompletionHandler left, CompletionHandler right) => left.Equals(right);

    /// <summary>Compares the pointers.</summary>
    public static bool operator !=(CompletionHandler left, CompletionHandler right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() => IsNull ? "CompletionHandler(none)" : $"CompletionHandler(0x{(nint)_function:x})";

    private static void ThrowNull() => throw new InvalidOperationException("No completion handler is stored.");
}
