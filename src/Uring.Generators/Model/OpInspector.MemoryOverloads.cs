using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Uring.Generators.Model;

/// <summary>
/// Which ops get a <c>Memory&lt;T&gt;</c> overload, and which method is one: the generator asks before it writes the
/// overload, and Uring.Analyzers asks to find the op behind a call of one.
/// </summary>
/// <remarks>
/// The overload takes <c>Memory&lt;T&gt;</c> (or <c>ReadOnlyMemory&lt;T&gt;</c>) for each span the kernel keeps until
/// the completion, pins it with <c>Memory&lt;T&gt;.Pin()</c> and lets the ring hold the pin (a buffer lease) until
/// the request's final completion. A pin covers exactly the memory of the span, so the rule takes only element
/// types with no pointer inside: a <c>msghdr</c> whose buffers live elsewhere would be pinned without them.
/// </remarks>
internal static partial class OpInspector
{
    /// <summary>The most memory parameters one overload pins: the pins a ring's buffer lease holds (<c>BufferLeases.MaxPins</c>).</summary>
    public const int MaxLeasedParameters = 2;

    /// <summary>
    /// The parameters an op's <c>Memory&lt;T&gt;</c> overload takes as memory, in declaration order; empty when the op
    /// gets none: it holds no memory, or holds some the overload could not pin whole (an address, a span of
    /// structs with pointers), or more than <see cref="MaxLeasedParameters"/> spans.
    /// </summary>
    public static List<InspectedParameter> LeasedParameters(OpInspection inspection)
    {
        List<InspectedParameter> leased = new();
        foreach (InspectedParameter parameter in inspection.Parameters)
        {
            if (!parameter.Held)
            {
                continue;
            }

            if (parameter.Encoding != ParameterEncoding.HeldSpan
                || parameter.Parameter.Type is not INamedTypeSymbol { TypeArguments.Length: 1 } span
                || !IsPointerFree(span.TypeArguments[0], 0))
            {
                return new List<InspectedParameter>();
            }

            leased.Add(parameter);
        }

        return leased.Count <= MaxLeasedParameters ? leased : new List<InspectedParameter>();
    }

    /// <summary>The memory type of a leased span parameter: <c>System.Memory`1</c> for a span, <c>System.ReadOnlyMemory`1</c> for a read-only one.</summary>
    public static string MemoryMetadataNameOf(IParameterSymbol span)
        => SymbolFacts.MetadataName(span.Type) == KnownNames.ReadOnlySpan ? KnownNames.ReadOnlyMemory : KnownNames.Memory;

    /// <summary>
    /// True when <paramref name="candidate"/> has the shape of the <c>Memory&lt;T&gt;</c> overload of
    /// <paramref name="op"/>: the same parameters, with <c>Memory&lt;T&gt;</c>/<c>ReadOnlyMemory&lt;T&gt;</c> in place of
    /// each leased span of the same element type.
    /// </summary>
    public static bool IsMemoryOverloadOf(IMethodSymbol candidate, IMethodSymbol op)
    {
        if (candidate.IsGenericMethod || candidate.Parameters.Length != op.Parameters.Length || SymbolEqualityComparer.Default.Equals(candidate, op))
        {
            return false;
        }

        bool anyMemory = false;
        for (int i = 0; i < op.Parameters.Length; i++)
        {
            IParameterSymbol declared = op.Parameters[i];
            IParameterSymbol other = candidate.Parameters[i];
            if (declared.Type is INamedTypeSymbol { TypeArguments.Length: 1 } span
                && SymbolFacts.MetadataName(span) is KnownNames.Span or KnownNames.ReadOnlySpan
                && other.Type is INamedTypeSymbol { TypeArguments.Length: 1 } memory
                && SymbolFacts.MetadataName(memory) == MemoryMetadataNameOf(declared)
                && SymbolEqualityComparer.Default.Equals(span.TypeArguments[0], memory.TypeArguments[0]))
            {
                anyMemory = true;
                continue;
            }

            if (!SameParameter(declared, other))
            {
                return false;
            }
        }

        return anyMemory;
    }

    /// <summary>An unmanaged type none of whose fields (at any depth) is a pointer, a native-sized integer or a type parameter.</summary>
    private static bool IsPointerFree(ITypeSymbol type, int depth)
    {
        // A type parameter's fields cannot be seen (an unmanaged T may still hold pointers): no overload.
        if (depth > 8 || type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer or TypeKind.TypeParameter
            || type.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr)
        {
            return false;
        }

        if (type.SpecialType != SpecialType.None || type.TypeKind == TypeKind.Enum)
        {
            return true;
        }

        foreach (ISymbol member in type.GetMembers())
        {
            if (member is IFieldSymbol { IsStatic: false } field)
            {
                ITypeSymbol fieldType = field.IsFixedSizeBuffer && field.Type is IPointerTypeSymbol fixedBuffer ? fixedBuffer.PointedAtType : field.Type;
                if (!IsPointerFree(fieldType, depth + 1))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
