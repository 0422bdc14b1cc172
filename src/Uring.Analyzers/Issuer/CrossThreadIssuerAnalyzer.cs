using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Uring.Analyzers.Diagnostics;
using Uring.Analyzers.Infrastructure;

namespace Uring.Analyzers.Issuer;

/// <summary>
/// URING0009: an issuer-only call (submit, wait, stop, any op) on a single-issuer ring inside a lambda or
/// local function given to the thread pool, <c>Parallel</c>, a new thread or a timer. A ring created, or
/// started, inside that code belongs to that thread and is fine.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CrossThreadIssuerAnalyzer : UringAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.IssuerCallOnOtherThread);

    private protected override void Register(CompilationStartAnalysisContext context, UringSymbols symbols)
    {
        RingProvenance provenance = new(symbols);
        RegisterWithDefinitions(
            context,
            (operation, definitions) => Analyze(operation, (IInvocationOperation)operation.Operation, symbols, provenance, definitions),
            OperationKind.Invocation);
    }

    private static void Analyze(OperationAnalysisContext context, IInvocationOperation invocation, UringSymbols symbols, RingProvenance provenance, LocalDefinitions definitions)
    {
        if (!symbols.IsIssuerOnly(invocation.TargetMethod)
            || symbols.RingOf(invocation) is not { } ring
            || ring.ReferencedSymbol() is not { } ringSymbol
            || ThreadDispatch.EnclosingDispatched(invocation) is not ({ } function, { } api))
        {
            return;
        }

        // A ring that this code creates or starts is owned by the thread that runs it.
        if (ringSymbol.IsDeclaredWithin(function) || StartsRing(function, ringSymbol, symbols))
        {
            return;
        }

        OptionValue multi = provenance.Of(ring, RingProvenance.MultiIssuers, definitions);
        if (!IssuerPolicy.IsSingleIssuer(multi, context.Options, invocation.Syntax.SyntaxTree))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.IssuerCallOnOtherThread,
            invocation.Syntax.GetLocation(),
            invocation.TargetMethod.Name,
            ringSymbol.Name,
            api));
    }

    internal static bool StartsRing(IOperation function, ISymbol ring, UringSymbols symbols)
    {
        foreach (IOperation node in function.Descendants())
        {
            if (node is IInvocationOperation call
                && symbols.BindsIssuer(call.TargetMethod)
                && SymbolEqualityComparer.Default.Equals(call.Instance?.ReferencedSymbol(), ring))
            {
                return true;
            }
        }

        return false;
    }
}
