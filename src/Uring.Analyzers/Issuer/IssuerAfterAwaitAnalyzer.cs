using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Uring.Analyzers.Diagnostics;
using Uring.Analyzers.Flow;
using Uring.Analyzers.Infrastructure;

namespace Uring.Analyzers.Issuer;

/// <summary>
/// URING0010: an issuer-only call on a single-issuer ring that some path reaches after an <c>await</c>
/// (whose continuation may run on any thread), with no <c>[BindsIssuerThread]</c> call (<c>Start</c>) on
/// that ring in between. Awaiting something marked <c>[ResumesOnIssuerThread]</c> does not count.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class IssuerAfterAwaitAnalyzer : FlowAnalyzer
{
    /// <summary>Creates the analyzer of <see cref="Descriptors.IssuerCallAfterAwait"/>.</summary>
    public IssuerAfterAwaitAnalyzer()
        : base(Descriptors.IssuerCallAfterAwait)
    {
    }

    private protected override ImmutableArray<OperationKind> CandidateKinds { get; } = ImmutableArray.Create(OperationKind.Await);

    private protected override bool IsCandidate(IOperation operation, UringSymbols symbols)
        => true;

    private protected override FlowWalker? CreateWalker(ControlFlowGraph graph, FlowContext context)
        => IsAsync(graph, context) ? new AwaitHopWalker(graph, context) : null;

    /// <summary>Only an async body (method, lambda or local function) can resume elsewhere.</summary>
    private static bool IsAsync(ControlFlowGraph graph, FlowContext context) => graph.OriginalOperation switch
    {
        IAnonymousFunctionOperation lambda => lambda.Symbol.IsAsync,
        ILocalFunctionOperation local => local.Symbol.IsAsync,
        _ => context.OwningSymbol is IMethodSymbol { IsAsync: true },
    };
}
