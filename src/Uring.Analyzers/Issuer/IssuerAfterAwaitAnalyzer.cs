using System.Collections.Immutable;
using System.Threading;
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
public sealed class IssuerAfterAwaitAnalyzer : UringAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.IssuerCallAfterAwait);

    private protected override void Register(CompilationStartAnalysisContext context, UringSymbols symbols)
    {
        RingProvenance provenance = new(symbols);
        context.RegisterOperationBlockStartAction(block =>
        {
            int awaits = 0;
            block.RegisterOperationAction(_ => Interlocked.Increment(ref awaits), OperationKind.Await);
            block.RegisterOperationBlockEndAction(end =>
            {
                if (Volatile.Read(ref awaits) == 0)
                {
                    return;
                }

                LocalDefinitions definitions = LocalDefinitions.For(end.OperationBlocks);
                bool methodIsAsync = end.OwningSymbol is IMethodSymbol { IsAsync: true };
                foreach (ControlFlowGraph graph in FlowGraphs.Of(end))
                {
                    bool isAsync = graph.OriginalOperation switch
                    {
                        IAnonymousFunctionOperation lambda => lambda.Symbol.IsAsync,
                        ILocalFunctionOperation local => local.Symbol.IsAsync,
                        _ => methodIsAsync,
                    };
                    if (isAsync)
                    {
                        new AwaitHopWalker(graph, end.ReportDiagnostic, symbols, provenance, definitions, end.OperationBlocks[0].SemanticModel, end.Options).Run();
                    }
                }
            });
        });
    }
}
