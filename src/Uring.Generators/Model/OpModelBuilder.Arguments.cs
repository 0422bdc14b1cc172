using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Uring.Generators.Helpers;

namespace Uring.Generators.Model;

/// <summary>
/// Which body an op gets, and for a user's op the type that carries its arguments into the filler.
/// </summary>
/// <remarks>
/// <para>The two shapes are told apart by the op's own assembly: when it declares <c>Uring.Ring</c> (the
/// runtime, or a test compilation that compiles the runtime's op sources), the generated body is the runtime's
/// fast path and may call the ring's internal reserve/publish/abandon directly. Every other assembly, including one
/// the runtime shows its internals to, gets a body that uses only public API, <c>Ring.TryPrepare</c> with a
/// static lambda: so what a user's op compiles against is what any user may call, and the tests that declare
/// ops exercise the public path.</para>
/// <para>The arguments travel in a generated <c>ref struct</c> (spans allowed), nested as a private type in the
/// op's own type, so it sees the type's type parameters, their constraints and its private types for free. An
/// interface with variant type parameters cannot hold a nested struct (CS8427): there the struct is file-local,
/// generic over the containing types' type parameters with their constraints repeated. A constraint Roslyn 4.8
/// cannot read (<c>allows ref struct</c>) is not repeated, so such a type parameter cannot reach an op declared
/// in a variant interface.</para>
/// </remarks>
internal static partial class OpModelBuilder
{
    /// <summary>Null for an op of the runtime itself (the internal fast path); otherwise its arguments type.</summary>
    private static ArgumentsType? ArgumentsTypeOf(IMethodSymbol method, string hintName)
    {
        if (method.ContainingAssembly?.GetTypeByMetadataName(KnownNames.Ring) is not null)
        {
            return null;
        }

        // The hint name ends in the hash of the parameter types, so overloads in one type get distinct names.
        string hash = hintName.Substring(hintName.Length - "00000000.g.cs".Length, 8);
        string name = "__" + method.Name + "Arguments_" + hash;
        if (!HasVariantInterface(method.ContainingType))
        {
            return new ArgumentsType(name, string.Empty, EquatableArray<string>.Empty, FileLocal: false);
        }

        List<ITypeParameterSymbol> typeParameters = new();
        HashSet<string> seen = new();
        for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            // Innermost first: an inner type parameter hides an outer one of the same name.
            foreach (ITypeParameterSymbol parameter in type.TypeParameters.Reverse())
            {
                if (seen.Add(parameter.Name))
                {
                    typeParameters.Insert(0, parameter);
                }
            }
        }

        string list = typeParameters.Count == 0 ? string.Empty : "<" + string.Join(", ", typeParameters.Select(p => p.Name)) + ">";
        List<string> constraints = typeParameters.Select(ConstraintOf).Where(c => c.Length > 0).ToList();
        return new ArgumentsType(name, list, constraints.ToEquatableArray(), FileLocal: true);
    }

    private static bool HasVariantInterface(INamedTypeSymbol? type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.TypeKind == TypeKind.Interface && current.TypeParameters.Any(p => p.Variance != VarianceKind.None))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A type parameter's <c>where</c> clause as declared, or empty when it has no constraint.</summary>
    private static string ConstraintOf(ITypeParameterSymbol parameter)
    {
        List<string> parts = new();
        if (parameter.HasReferenceTypeConstraint)
        {
            parts.Add(parameter.ReferenceTypeConstraintNullableAnnotation == NullableAnnotation.Annotated ? "class?" : "class");
        }
        else if (parameter.HasUnmanagedTypeConstraint)
        {
            parts.Add("unmanaged");
        }
        else if (parameter.HasValueTypeConstraint)
        {
            parts.Add("struct");
        }
        else if (parameter.HasNotNullConstraint)
        {
            parts.Add("notnull");
        }

        parts.AddRange(parameter.ConstraintTypes.Select(type => type.ToDisplayString(s_typeFormat)));
        if (parameter.HasConstructorConstraint && !parameter.HasValueTypeConstraint)
        {
            parts.Add("new()");
        }

        return parts.Count == 0 ? string.Empty : "where " + parameter.Name + " : " + string.Join(", ", parts);
    }
}
