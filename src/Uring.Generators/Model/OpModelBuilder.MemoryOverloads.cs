using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Uring.Generators.Model;

/// <summary>The <c>Memory&lt;T&gt;</c> overload of an op: whether one is written, and the memory type of each leased span.</summary>
internal static partial class OpModelBuilder
{
    /// <summary>
    /// The <c>Memory&lt;T&gt;</c> type each leased span of <paramref name="inspection"/> becomes in the overload (see
    /// <see cref="OpInspector.LeasedParameters"/>), or an empty map when no overload is written: for the reasons
    /// the generic context overload is not (an <c>override</c>, a private op behind a hand-written method), or
    /// when a default value cannot be repeated.
    /// </summary>
    private static Dictionary<IParameterSymbol, string> LeasedMemoryTypes(IMethodSymbol method, OpInspection inspection, bool defaultsWritten)
    {
        Dictionary<IParameterSymbol, string> types = new(SymbolEqualityComparer.Default);
        if (!defaultsWritten || method.IsOverride || method.DeclaredAccessibility == Accessibility.Private)
        {
            return types;
        }

        foreach (InspectedParameter leased in OpInspector.LeasedParameters(inspection))
        {
            ITypeSymbol element = ((INamedTypeSymbol)leased.Parameter.Type).TypeArguments[0];
            string memory = OpInspector.MemoryMetadataNameOf(leased.Parameter) == KnownNames.ReadOnlyMemory
                ? "global::System.ReadOnlyMemory<"
                : "global::System.Memory<";
            types.Add(leased.Parameter, memory + element.ToDisplayString(s_typeFormat) + ">");
        }

        return types;
    }
}
