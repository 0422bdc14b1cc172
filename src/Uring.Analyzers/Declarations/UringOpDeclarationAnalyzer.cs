using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Uring.Analyzers.Diagnostics;
using Uring.Analyzers.Infrastructure;

namespace Uring.Analyzers.Declarations;

/// <summary>
/// URING0100–URING0110: says why the generator writes no body for an <c>[UringOp]</c> declaration. The
/// checks mirror <c>OpModelBuilder</c> in Uring.Generators (a test proves the two agree on every
/// malformed case), and every problem of a declaration is reported, not only the first.
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
        Descriptors.OpFieldNotScalar);

    private protected override void Register(CompilationStartAnalysisContext context, UringSymbols symbols)
    {
        if (symbols.UringOp is null)
        {
            return;
        }

        INamedTypeSymbol? sqeField = context.Compilation.GetTypeByMetadataName("Uring.SqeField");
        context.RegisterSymbolAction(
            symbol =>
            {
                IMethodSymbol method = (IMethodSymbol)symbol.Symbol;
                if (method.PartialDefinitionPart is null && UringSymbols.Has(method, symbols.UringOp))
                {
                    List<Diagnostic> problems = new();
                    new OpDeclarationChecker(symbols, sqeField, problems.Add).Check(method);
                    foreach (Diagnostic problem in problems)
                    {
                        symbol.ReportDiagnostic(problem);
                    }
                }
            },
            SymbolKind.Method);
    }
}
