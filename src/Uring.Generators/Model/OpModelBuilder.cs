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

/// <summary>
/// Turns the symbol of an <c>[UringOp]</c> method into an <see cref="OpModel"/>, or null when the
/// declaration is malformed. Malformed declarations get no body (so the compiler reports the missing
/// implementation) and the Uring analyzers say what is wrong; the generator itself reports nothing.
/// </summary>
internal static partial class OpModelBuilder
{
    internal static readonly SymbolDisplayFormat s_typeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .WithMiscellaneousOptions(
            SymbolDisplayMiscellaneousOptions.UseSpecialTypes
            | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier
            | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    public static OpModel? Build(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method
            || context.TargetNode is not MethodDeclarationSyntax declaration
            || !method.IsPartialDefinition
            || method.PartialImplementationPart is not null
            || method.IsGenericMethod
            || method.ReturnType.SpecialType != SpecialType.System_Boolean
            || context.Attributes.Length != 1
            || IsInFileLocalType(method))
        {
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        AttributeData attribute = context.Attributes[0];
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not byte opcode)
        {
            return null;
        }

        string opcodeName = attribute.ConstructorArguments[0].Type is INamedTypeSymbol opType
            ? opType.GetMembers().OfType<IFieldSymbol>().FirstOrDefault(f => f.HasConstantValue && Equals(f.ConstantValue, opcode))?.Name ?? opcode.ToString()
            : opcode.ToString();

        int kind = 0;
        List<OpConstant> constants = new();
        foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
        {
            if (named.Key == "Kind")
            {
                kind = named.Value.Value is int k ? k : 0;
                continue;
            }

            int field = FieldOfConstant(named.Key);
            if (field == SqeFieldTable.None || !TryGetInteger(named.Value.Value, out long value))
            {
                return null;
            }

            constants.Add(new OpConstant(field, value));
        }

        bool isRingInstance = !method.IsStatic && IsOrDerivesFromRing(method.ContainingType);
        string? ringExpression = isRingInstance ? "this" : null;
        List<OpParameter> parameters = new();
        int contexts = 0;
        bool defaultsWritten = true;
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            cancellationToken.ThrowIfCancellationRequested();
            OpParameter? model = BuildParameter(parameter);
            if (model is null)
            {
                return null;
            }

            string? defaultValue = DefaultValueOf(parameter);
            defaultsWritten &= defaultValue is not null;
            model = model with
            {
                DefaultValue = defaultValue ?? string.Empty,
                Held = model.Encoding is ParameterEncoding.HeldSpan or ParameterEncoding.Address,
            };

            if (model.Encoding == ParameterEncoding.Context)
            {
                contexts++;
            }
            else if (model.Encoding == ParameterEncoding.Ring)
            {
                if (ringExpression is not null)
                {
                    return null;
                }

                ringExpression = "@" + parameter.Name;
            }

            parameters.Add(model);
        }

        if (contexts != 1 || ringExpression is null || WritesOneFieldTwice(parameters))
        {
            return null;
        }

        return new OpModel(
            HintName: HintNameFor(method),
            Namespace: method.ContainingNamespace.IsGlobalNamespace ? string.Empty : method.ContainingNamespace.ToDisplayString(),
            ContainingTypes: ContainingTypesOf(method.ContainingType).ToEquatableArray(),
            MethodModifiers: ModifiersOf(declaration),
            MethodName: method.Name,
            Parameters: parameters.ToEquatableArray(),
            RingExpression: ringExpression,
            Opcode: opcode,
            OpcodeName: opcodeName,
            Kind: kind,
            Constants: constants.ToEquatableArray(),
            UsesPointers: method.Parameters.Any(p => p.Type.TypeKind == TypeKind.Pointer),
            Overload: defaultsWritten ? ContextOverloadOf(method, declaration, context.SemanticModel.Compilation) : null);
    }

    private static bool IsOrDerivesFromRing(INamedTypeSymbol? type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (MetadataNameOf(current) == KnownNames.Ring)
            {
                return true;
            }
        }

        return false;
    }

    private static string MetadataNameOf(ITypeSymbol type)
    {
        if (type.ContainingNamespace is null || type.ContainingNamespace.IsGlobalNamespace)
        {
            return type.MetadataName;
        }

        return type.ContainingNamespace.ToDisplayString() + "." + type.MetadataName;
    }

    /// <summary>
    /// The declaration's modifiers exactly as written: the implementing part must repeat accessibility,
    /// <c>static</c>, <c>unsafe</c>, <c>readonly</c>, <c>virtual</c>/<c>override</c>/<c>sealed</c>/<c>new</c>
    /// (CS0764, CS8663, CS8800), and the declaration already has them in a valid order.
    /// </summary>
    private static string ModifiersOf(MethodDeclarationSyntax declaration)
        => string.Join(" ", declaration.Modifiers.Select(modifier => modifier.ValueText));

    /// <summary>A file-local type cannot be reopened from the generated file.</summary>
    private static bool IsInFileLocalType(IMethodSymbol method)
    {
        for (INamedTypeSymbol? current = method.ContainingType; current is not null; current = current.ContainingType)
        {
            if (current.IsFileLocal)
            {
                return true;
            }
        }

        return false;
    }

    private static string ModifiersOf(IParameterSymbol parameter)
    {
        StringBuilder builder = new();
        if (parameter.Ordinal == 0 && parameter.ContainingSymbol is IMethodSymbol { IsExtensionMethod: true })
        {
            builder.Append("this ");
        }

        if (parameter.ScopedKind == ScopedKind.ScopedRef || parameter.ScopedKind == ScopedKind.ScopedValue)
        {
            builder.Append("scoped ");
        }

        builder.Append(parameter.RefKind switch
        {
            RefKind.In => "in ",
            RefKind.Ref => "ref ",
            RefKind.Out => "out ",
            RefKind.RefReadOnlyParameter => "ref readonly ",
            _ => string.Empty,
        });
        return builder.ToString();
    }

    internal static IEnumerable<ContainingType> ContainingTypesOf(INamedTypeSymbol type)
    {
        Stack<ContainingType> chain = new();
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            string keyword = current switch
            {
                { IsRecord: true, IsValueType: true } => "record struct",
                { IsRecord: true } => "record",
                { TypeKind: TypeKind.Struct } => "struct",
                { TypeKind: TypeKind.Interface } => "interface",
                _ => "class",
            };
            string name = current.TypeParameters.Length == 0
                ? current.Name
                : current.Name + "<" + string.Join(", ", current.TypeParameters.Select(TypeParameterDeclaration)) + ">";
            chain.Push(new ContainingType(keyword, name));
        }

        return chain;
    }

    /// <summary>A type parameter as a partial declaration must repeat it: with its variance (CS1067).</summary>
    private static string TypeParameterDeclaration(ITypeParameterSymbol parameter) => parameter.Variance switch
    {
        VarianceKind.In => "in " + parameter.Name,
        VarianceKind.Out => "out " + parameter.Name,
        _ => parameter.Name,
    };

    /// <summary>Type name, method name and a hash of the parameter types, so overloads get distinct files.</summary>
    private static string HintNameFor(IMethodSymbol method)
    {
        string type = method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)
            .Replace("global::", string.Empty);
        string signature = string.Join(",", method.Parameters.Select(p => p.Type.ToDisplayString(s_typeFormat)));
        uint hash = 2166136261;
        foreach (char c in signature)
        {
            hash = unchecked((hash ^ c) * 16777619);
        }

        StringBuilder safe = new();
        foreach (char c in type)
        {
            safe.Append(char.IsLetterOrDigit(c) || c == '.' ? c : '_');
        }

        return $"{safe}.{method.Name}.{hash:x8}.g.cs";
    }
}
