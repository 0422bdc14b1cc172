using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Uring.Analyzers.Diagnostics;
using Uring.Analyzers.Infrastructure;
using Uring.Generators.Model;

namespace Uring.Analyzers.Declarations;

/// <summary>
/// URING0100–URING0112: says why the generator writes no body for an <c>[UringOp]</c> declaration. The
/// rules are <see cref="OpInspector"/>, the same source files the generator compiles, so the two cannot
/// disagree; every problem of a declaration is reported, not only the first.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UringOpDeclarationAnalyzer : UringAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.OpNotPartialDeclaration,
        Descriptors.OpReturnType,
        Descriptors.OpContextCount,
        Descriptors.OpParameterUnmapped,
        Descriptors.OpRing,
        Descriptors.OpDuplicateField,
        Descriptors.OpInvalidFlag,
        Descriptors.OpUnencodableType,
        Descriptors.OpOptionNotApplicable,
        Descriptors.OpGeneric,
        Descriptors.OpFieldNotScalar,
        Descriptors.OpFileLocalType,
        Descriptors.OpHeldMarker);

    private protected override void Register(CompilationStartAnalysisContext context, UringSymbols symbols)
    {
        if (symbols.UringOp is not { } uringOp)
        {
            return;
        }

        context.RegisterSymbolAction(
            symbol =>
            {
                IMethodSymbol method = (IMethodSymbol)symbol.Symbol;
                if (method.PartialDefinitionPart is not null || UringSymbols.Find(method, uringOp) is not { } attribute)
                {
                    return;
                }

                foreach (OpProblem problem in OpInspector.Inspect(method, attribute, symbol.CancellationToken).Problems)
                {
                    symbol.ReportDiagnostic(Diagnostic.Create(DescriptorOf(problem.Rule), LocationOf(problem), problem.Arguments));
                }
            },
            SymbolKind.Method);
    }

    private static DiagnosticDescriptor DescriptorOf(OpRule rule) => rule switch
    {
        OpRule.NotPartialDeclaration => Descriptors.OpNotPartialDeclaration,
        OpRule.ReturnType => Descriptors.OpReturnType,
        OpRule.ContextCount => Descriptors.OpContextCount,
        OpRule.ParameterUnmapped => Descriptors.OpParameterUnmapped,
        OpRule.Ring => Descriptors.OpRing,
        OpRule.DuplicateField => Descriptors.OpDuplicateField,
        OpRule.InvalidFlag => Descriptors.OpInvalidFlag,
        OpRule.UnencodableType => Descriptors.OpUnencodableType,
        OpRule.OptionNotApplicable => Descriptors.OpOptionNotApplicable,
        OpRule.Generic => Descriptors.OpGeneric,
        OpRule.FieldNotScalar => Descriptors.OpFieldNotScalar,
        OpRule.HeldMarker => Descriptors.OpHeldMarker,
        _ => Descriptors.OpFileLocalType,
    };

    /// <summary>The attribute whose arguments are wrong, else the name of the parameter or method.</summary>
    private static Location LocationOf(OpProblem problem)
        => problem.Attribute?.ApplicationSyntaxReference?.GetSyntax().GetLocation()
           ?? (problem.Symbol.Locations.Length > 0 ? problem.Symbol.Locations[0] : Location.None);
}
