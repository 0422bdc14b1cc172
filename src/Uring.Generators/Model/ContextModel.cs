using Uring.Generators.Helpers;

namespace Uring.Generators.Model;

/// <summary>One field of a <c>[UringContext]</c>, reduced to strings and numbers.</summary>
/// <param name="Name">The identifier, escaped with <c>@</c> if it is a keyword.</param>
/// <param name="TypeDisplay">The fully qualified type, with its nullable annotation.</param>
/// <param name="Kind">Where the value lives.</param>
/// <param name="Offset">Byte offset in the layout (unmanaged and handler fields), else -1.</param>
/// <param name="Size">Bytes in the layout (0 for reference fields).</param>
/// <param name="ManagedIndex">Index in the slot's reference table (reference fields), else -1.</param>
/// <param name="Accessibility">The accessor's accessibility on <c>Ref</c>: "public", "internal", or "" (not exposed).</param>
/// <param name="IsReadOnly">A <c>readonly</c> field (<c>Load</c> writes it through <c>Unsafe.AsRef</c>).</param>
/// <param name="CheckSize">The size was computed from a struct's fields: generated code re-checks it.</param>
/// <param name="IsNullable">A reference field annotated <c>?</c> (its getter needs no <c>!</c>).</param>
internal sealed record ContextField(
    string Name,
    string TypeDisplay,
    ContextFieldKind Kind,
    int Offset,
    int Size,
    int ManagedIndex,
    string Accessibility,
    bool IsReadOnly,
    bool CheckSize,
    bool IsNullable);

/// <summary>
/// Everything the emitter needs about one <c>[UringContext]</c> struct: strings, numbers and equatable
/// arrays only, so the pipeline compares models across runs and never roots a compilation.
/// </summary>
/// <param name="HintName">The generated file's name.</param>
/// <param name="Namespace">The namespace, empty for the global one.</param>
/// <param name="ContainingTypes">The declarations to reopen, outermost first; the last is the context itself.</param>
/// <param name="QualifiedName">The context's fully qualified name (<c>global::N.T</c>; handlers name their contexts by it).</param>
/// <param name="EnclosingTypes">Qualified names of the context and every type that contains it (handlers private to one of them are accessible).</param>
/// <param name="Fields">Fields in declaration order.</param>
/// <param name="LayoutSize">Bytes the unmanaged fields take, at most 64.</param>
/// <param name="LayoutAccessibility">"internal", or "private" when a field's type is not visible to the assembly.</param>
/// <param name="UsesPointers">A field of pointer type: the generated part needs an unsafe context.</param>
/// <param name="Sequential">In a generic type: the layout is sequential (fields in offset order) rather than explicit.</param>
internal sealed record ContextModel(
    string HintName,
    string Namespace,
    EquatableArray<ContainingType> ContainingTypes,
    string QualifiedName,
    EquatableArray<string> EnclosingTypes,
    EquatableArray<ContextField> Fields,
    int LayoutSize,
    string LayoutAccessibility,
    bool UsesPointers,
    bool Sequential)
{
    /// <summary>The context's name as written inside its own declaration (with type parameters).</summary>
    public string SelfType => ContainingTypes[ContainingTypes.Length - 1].NameWithTypeParameters;

    /// <summary>The handler slot's field, or null.</summary>
    public ContextField? Handler
    {
        get
        {
            foreach (ContextField candidate in Fields)
            {
                if (candidate.Kind == ContextFieldKind.Handler)
                {
                    return candidate;
                }
            }

            return null;
        }
    }
}

/// <summary>A well-formed <c>[UringHandler]</c> method.</summary>
/// <param name="Expression">The fully qualified method (<c>global::N.T.M</c>).</param>
/// <param name="Name">The method name (the accessor's name on <c>Handlers</c>).</param>
/// <param name="TypeName">The containing type's name (qualifies the accessor when two handlers share a name).</param>
/// <param name="DeclaringType">The containing type's qualified name.</param>
/// <param name="AssemblyVisible">Public or internal all the way out, so any context can call it.</param>
/// <param name="Contexts">Qualified names of the contexts it applies to; empty for all.</param>
internal sealed record HandlerModel(
    string Expression,
    string Name,
    string TypeName,
    string DeclaringType,
    bool AssemblyVisible,
    EquatableArray<string> Contexts);

/// <summary>Where a context's dispatcher goes: the parts of <see cref="ContextModel"/> it depends on.</summary>
internal sealed record DispatchSite(
    string HintName,
    string Namespace,
    EquatableArray<ContainingType> ContainingTypes,
    string QualifiedName,
    EquatableArray<string> EnclosingTypes);

/// <summary>One handler a dispatcher calls directly, and the name of its accessor.</summary>
internal sealed record DispatchTarget(string Expression, string AccessorName);

/// <summary>Everything the dispatcher of one context needs.</summary>
/// <param name="Site">The context.</param>
/// <param name="Targets">The handlers it calls directly, in a stable order.</param>
/// <param name="AllowUnsafe">The compilation allows unsafe code; without it the dispatcher only calls indirectly.</param>
internal sealed record DispatchModel(DispatchSite Site, EquatableArray<DispatchTarget> Targets, bool AllowUnsafe);
