using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Uring.Generators.Helpers;

namespace Uring.Generators.Model;

/// <summary>
/// Turns the symbol of an <c>[UringOp]</c> method into an <see cref="OpModel"/>, or null when
/// <see cref="OpInspector"/> finds the declaration malformed. Malformed declarations get no body (so the
/// compiler reports the missing implementation) and the Uring analyzers say what is wrong, from the same
/// inspector; the generator itself reports nothing.
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
            || context.Attributes.Length != 1)
        {
            return null;
        }

        OpInspection inspection = OpInspector.Inspect(method, context.Attributes[0], cancellationToken);
        if (!inspection.IsWellFormed)
        {
            return null;
        }

        List<OpParameter> parameters = new();
        bool defaultsWritten = true;
        foreach (InspectedParameter inspected in inspection.Parameters)
        {
            defaultsWritten &= DefaultValueOf(inspected.Parameter) is not null;
        }

        Dictionary<IParameterSymbol, string> leased = LeasedMemoryTypes(method, inspection, defaultsWritten);
        foreach (InspectedParameter inspected in inspection.Parameters)
        {
            string? defaultValue = DefaultValueOf(inspected.Parameter);
            parameters.Add(ParameterOf(inspected.Parameter, inspected.Encoding!.Value, defaultValue ?? string.Empty, inspected.Held) with
            {
                Field = inspected.Field,
                LengthField = inspected.LengthField,
                NotEmpty = inspected.NotEmpty,
                Bias = inspected.Bias,
                FlagValue = inspected.FlagValue,
                CarriesCloseOnExec = inspected.CarriesCloseOnExec,
                FlagsMember = inspected.CloseOnExecMember is { } flags ? MemberOf(flags) : null,
                RefusedTargets = inspected.RefusedTargets.ToEquatableArray(),
                Members = inspected.Members.Select(MemberOf).ToEquatableArray(),
                LeasedMemoryType = leased.TryGetValue(inspected.Parameter, out string? memory) ? memory : string.Empty,
            });
        }

        string ringExpression = inspection.IsRingInstance ? "this" : "@" + inspection.RingParameter!.Name;
        ContextOverload? overload = defaultsWritten ? ContextOverloadOf(method, declaration, context.SemanticModel.Compilation) : null;
        return ModelOf(method, declaration, parameters, ringExpression, overload) with
        {
            Opcode = inspection.Opcode,
            OpcodeName = inspection.OpcodeName,
            Kind = inspection.Kind,
            Constants = inspection.Constants.Select(constant => new OpConstant(constant.Field, constant.Value)).ToEquatableArray(),
            Arguments = ArgumentsTypeOf(method, HintNameFor(method)),
        };
    }

    private static OpMember MemberOf(InspectedMember member)
        => new("@" + member.Member.Name, member.Type.ToDisplayString(s_typeFormat), member.Field, member.CarriesCloseOnExec);

    /// <summary>A parameter as declared (name, type, modifiers), mapped to no field.</summary>
    private static OpParameter ParameterOf(IParameterSymbol parameter, ParameterEncoding encoding, string defaultValue, bool held)
        => new(
            Name: "@" + parameter.Name,
            TypeDisplay: parameter.Type.ToDisplayString(s_typeFormat),
            Modifiers: ModifiersOf(parameter),
            Encoding: encoding,
            Field: SqeFieldTable.None,
            LengthField: SqeFieldTable.None,
            NotEmpty: false,
            Bias: 0,
            FlagValue: 0,
            DefaultValue: defaultValue,
            Held: held);

    /// <summary>The method's declaration as the generated part repeats it; no opcode, kind or constants yet.</summary>
    private static OpModel ModelOf(IMethodSymbol method, MethodDeclarationSyntax declaration, List<OpParameter> parameters, string ringExpression, ContextOverload? overload)
        => new(
            HintName: HintNameFor(method),
            Namespace: method.ContainingNamespace.IsGlobalNamespace ? string.Empty : method.ContainingNamespace.ToDisplayString(),
            ContainingTypes: ContainingTypesOf(method.ContainingType).ToEquatableArray(),
            MethodModifiers: ModifiersOf(declaration),
            MethodName: method.Name,
            Parameters: parameters.ToEquatableArray(),
            RingExpression: ringExpression,
            Opcode: 0,
            OpcodeName: string.Empty,
            Kind: UringOpKind.Other,
            Constants: EquatableArray<OpConstant>.Empty,
            UsesPointers: method.Parameters.Any(p => p.Type.TypeKind == TypeKind.Pointer),
            Overload: overload);

    /// <summary>
    /// The declaration's modifiers exactly as written: the implementing part must repeat accessibility,
    /// <c>static</c>, <c>unsafe</c>, <c>readonly</c>, <c>virtual</c>/<c>override</c>/<c>sealed</c>/<c>new</c>
    /// (CS0764, CS8663, CS8800), and the declaration already has them in a valid order.
    /// </summary>
    private static string ModifiersOf(MethodDeclarationSyntax declaration)
        => string.Join(" ", declaration.Modifiers.Select(modifier => modifier.ValueText));

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
