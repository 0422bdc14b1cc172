using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Uring.Analyzers.Declarations;

/// <summary>
/// The SQE field facts the declaration rules need, keyed by the names of the runtime's <c>SqeField</c>
/// enum: which fields share bytes (the kernel's unions, stored as one member by the generator) and which
/// cannot hold a parameter value. Mirrors <c>SqeFieldTable</c> in Uring.Generators.
/// </summary>
internal static class SqeFields
{
    private static readonly Dictionary<string, string> s_aliases = new()
    {
        ["Addr2"] = "Off",
        ["SpliceOffIn"] = "Addr",
        ["BufGroup"] = "BufIndex",
        ["SpliceFdIn"] = "FileIndex",
        ["OptLen"] = "FileIndex",
        ["OptVal"] = "Addr3",
    };

    /// <summary>The enum member name of a field value, or the number when it names no member.</summary>
    public static string NameOf(INamedTypeSymbol? sqeField, object? value)
    {
        if (sqeField is not null)
        {
            foreach (ISymbol member in sqeField.GetMembers())
            {
                if (member is IFieldSymbol { HasConstantValue: true } field && Equals(field.ConstantValue, value))
                {
                    return field.Name;
                }
            }
        }

        return value?.ToString() ?? "None";
    }

    /// <summary>The member whose bytes a field writes (aliases of one union share it).</summary>
    public static string GroupOf(string field) => s_aliases.TryGetValue(field, out string? group) ? group : field;

    /// <summary>The inline command area, which takes a byte span rather than a value.</summary>
    public static bool IsCommand(INamedTypeSymbol? sqeField, object? value) => NameOf(sqeField, value) == "Cmd";

    /// <summary>None, Cmd and numbers outside the enum hold no plain value.</summary>
    public static bool IsScalar(INamedTypeSymbol? sqeField, object? value)
    {
        string name = NameOf(sqeField, value);
        return name != "None" && name != "Cmd" && !(value is int number && name == number.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
