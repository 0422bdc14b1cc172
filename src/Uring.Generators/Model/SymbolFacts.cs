using Microsoft.CodeAnalysis;

namespace Uring.Generators.Model;

/// <summary>
/// Symbol questions the declaration rules share. Uring.Analyzers compiles this file with the inspectors, and
/// everything here works from names, so a rule reads the same whether the runtime is this compilation
/// (the generator on Uring.Runtime) or a reference.
/// </summary>
internal static class SymbolFacts
{
    /// <summary>The name <c>Compilation.GetTypeByMetadataName</c> takes: namespace, name and arity (<c>System.Span`1</c>).</summary>
    public static string MetadataName(ITypeSymbol type)
    {
        if (type.ContainingNamespace is null || type.ContainingNamespace.IsGlobalNamespace)
        {
            return type.MetadataName;
        }

        return type.ContainingNamespace.ToDisplayString() + "." + type.MetadataName;
    }

    /// <summary>The type itself, or a type containing it, is file-local: another file (the generated part) cannot reopen it.</summary>
    public static bool IsInFileLocalType(INamedTypeSymbol? type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.IsFileLocal)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The type or one of its base types has the metadata name <paramref name="name"/>.</summary>
    public static bool IsOrDerivesFrom(ITypeSymbol? type, string name)
    {
        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (MetadataName(current) == name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The first attribute of <paramref name="symbol"/> whose class has the metadata name <paramref name="name"/>.</summary>
    public static AttributeData? FindAttribute(ISymbol symbol, string name)
    {
        foreach (AttributeData attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass is { } attributeClass && MetadataName(attributeClass) == name)
            {
                return attribute;
            }
        }

        return null;
    }

    /// <summary>The eight integer types (not <c>char</c>, not the native-sized ones).</summary>
    public static bool IsInteger(SpecialType type) => type is SpecialType.System_Byte or SpecialType.System_SByte
        or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
        or SpecialType.System_Int64 or SpecialType.System_UInt64;
}
