using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Uring.Generators.Helpers;

namespace Uring.Generators.Model;

/// <summary>The generic <c>in TContext</c> overload of an op: whether one is written, and the defaults it repeats.</summary>
internal static partial class OpModelBuilder
{
    /// <summary>
    /// The shape of the generic <c>in TContext context</c> overload, or null when none is written. An
    /// <c>override</c> gets none: C# treats an override as declared where the method was first declared, so
    /// an overload in the overriding type would be the only candidate of the most derived type and capture
    /// (and break) every call that passes an <c>SqeContext</c>; if the overridden method is an op, its own
    /// overload already calls the override virtually. An op that hides a base op (<c>new</c>) gets an
    /// overload that hides the base op's overload. A private op gets none either: it is an implementation
    /// detail behind a hand-written public method (which validates before reserving), and an overload nobody
    /// can call from outside would be dead code.
    /// </summary>
    private static ContextOverload? ContextOverloadOf(IMethodSymbol method, MethodDeclarationSyntax declaration, Compilation compilation)
    {
        if (method.IsOverride || method.DeclaredAccessibility == Accessibility.Private)
        {
            return null;
        }

        bool hides = InheritsContextOverload(method, compilation);

        List<string> accessibility = new();
        List<string> others = new();
        foreach (SyntaxToken modifier in declaration.Modifiers)
        {
            switch (modifier.Kind())
            {
                case SyntaxKind.PublicKeyword:
                case SyntaxKind.InternalKeyword:
                case SyntaxKind.ProtectedKeyword:
                case SyntaxKind.PrivateKeyword:
                    accessibility.Add(modifier.ValueText);
                    break;
                case SyntaxKind.StaticKeyword:
                case SyntaxKind.UnsafeKeyword:
                case SyntaxKind.ReadOnlyKeyword:
                    others.Add(modifier.ValueText);
                    break;
            }
        }

        if (hides)
        {
            accessibility.Add("new");
        }

        HashSet<string> taken = new(method.Parameters.Select(p => p.Name));
        for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            taken.UnionWith(type.TypeParameters.Select(p => p.Name));
        }

        string typeParameter = "TContext";
        for (int i = 2; taken.Contains(typeParameter); i++)
        {
            typeParameter = "TContext" + i.ToString(CultureInfo.InvariantCulture);
        }

        return new ContextOverload(
            Modifiers: string.Join(" ", accessibility.Concat(others)),
            TypeParameter: typeParameter,
            Target: method.IsStatic ? method.ContainingType.ToDisplayString(s_typeFormat) : "this");
    }

    /// <summary>
    /// True when a base type already has this op's generic overload: a base op in source with the same
    /// parameters (its overload is generated too), or the overload itself in metadata.
    /// </summary>
    private static bool InheritsContextOverload(IMethodSymbol method, Compilation compilation)
    {
        INamedTypeSymbol type = method.ContainingType;
        IEnumerable<INamedTypeSymbol> bases = type.TypeKind == TypeKind.Interface ? type.AllInterfaces : BaseTypesOf(type);
        foreach (INamedTypeSymbol baseType in bases)
        {
            foreach (ISymbol member in baseType.GetMembers(method.Name))
            {
                if (member is not IMethodSymbol candidate
                    || candidate.Parameters.Length != method.Parameters.Length
                    || !compilation.IsSymbolAccessibleWithin(candidate, type))
                {
                    continue;
                }

                bool inSource = candidate.Locations.Any(location => location.IsInSource);
                if (inSource
                    ? !candidate.IsGenericMethod && IsUringOp(candidate) && OpInspector.SameParameters(method, candidate)
                    : OpInspector.IsContextOverloadOf(candidate, method))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static IEnumerable<INamedTypeSymbol> BaseTypesOf(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type.BaseType; current is not null; current = current.BaseType)
        {
            yield return current;
        }
    }

    private static bool IsUringOp(IMethodSymbol method)
        => SymbolFacts.FindAttribute(method, KnownNames.UringOpAttribute) is not null;

    /// <summary>
    /// The parameter's default value as a C# expression the overload can repeat: empty without one, null
    /// when it cannot be written (then no overload is emitted). Enums are cast from their numeric value,
    /// so flag combinations need no member names.
    /// </summary>
    internal static string? DefaultValueOf(IParameterSymbol parameter)
    {
        if (!parameter.HasExplicitDefaultValue)
        {
            return string.Empty;
        }

        object? value = parameter.ExplicitDefaultValue;
        ITypeSymbol type = parameter.Type;
        bool nullable = false;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } wrapper)
        {
            type = wrapper.TypeArguments[0];
            nullable = true;
        }

        if (value is null)
        {
            return nullable || type.IsReferenceType || type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer
                ? "null"
                : "default";
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            string? number = IntegerLiteral(value);
            return number is null
                ? null
                : "(" + type.ToDisplayString(s_typeFormat) + ")" + (number.StartsWith("-", System.StringComparison.Ordinal) ? "(" + number + ")" : number);
        }

        if (type.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr)
        {
            // Only an int (nint) or uint (nuint) converts to a native integer as a constant.
            bool signed = type.SpecialType == SpecialType.System_IntPtr;
            long? number = value switch
            {
                System.IntPtr pointer => (long)pointer,
                System.UIntPtr pointer => (long)(ulong)pointer,
                int v => v,
                uint v => v,
                long v => v,
                ulong v when v <= uint.MaxValue => (long)v,
                _ => null,
            };
            if (number is not { } n || (signed ? n < int.MinValue || n > int.MaxValue : n < 0 || n > uint.MaxValue))
            {
                return null;
            }

            return signed
                ? "(nint)(" + n.ToString(CultureInfo.InvariantCulture) + ")"
                : "(nuint)" + n.ToString(CultureInfo.InvariantCulture) + "U";
        }

        return value switch
        {
            bool flag => flag ? "true" : "false",
            string text => SymbolDisplay.FormatLiteral(text, quote: true),
            char character => SymbolDisplay.FormatLiteral(character, quote: true),
            _ => IntegerLiteral(value),
        };
    }

    /// <summary>An integer constant as a literal of its own type (suffixes for the wide types).</summary>
    private static string? IntegerLiteral(object value) => value switch
    {
        byte v => v.ToString(CultureInfo.InvariantCulture),
        sbyte v => v.ToString(CultureInfo.InvariantCulture),
        short v => v.ToString(CultureInfo.InvariantCulture),
        ushort v => v.ToString(CultureInfo.InvariantCulture),
        int v => v.ToString(CultureInfo.InvariantCulture),
        uint v => v.ToString(CultureInfo.InvariantCulture) + "U",
        long v => v.ToString(CultureInfo.InvariantCulture) + "L",
        ulong v => v.ToString(CultureInfo.InvariantCulture) + "UL",
        _ => null,
    };
}
