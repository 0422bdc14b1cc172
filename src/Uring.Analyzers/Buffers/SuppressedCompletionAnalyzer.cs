using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Uring.Analyzers.Diagnostics;
using Uring.Analyzers.Flow;
using Uring.Analyzers.Infrastructure;
using Uring.Analyzers.Issuer;

namespace Uring.Analyzers.Buffers;

/// <summary>
/// URING0008: a blocking wait for completions that, on every path, only suppressed write-like ops can
/// deliver: the ring was created with <c>NotifySucceed</c> off, so a successful write posts nothing and
/// the wait blocks until its timeout (forever with an infinite one).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SuppressedCompletionAnalyzer : UringAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SuppressedCompletionAwaited);

    private protected override void Register(CompilationStartAnalysisContext context, UringSymbols symbols)
    {
        RingProvenance provenance = new(symbols);
        context.RegisterOperationBlockStartAction(block =>
        {
            int writes = 0;
            block.RegisterOperationAction(
                operation =>
                {
                    if (symbols.OpKindOf(((IInvocationOperation)operation.Operation).TargetMethod) == 2)
                    {
                        Interlocked.Increment(ref writes);
                    }
                },
                OperationKind.Invocation);
            block.RegisterOperationBlockEndAction(end =>
            {
                if (Volatile.Read(ref writes) == 0)
                {
                    return;
                }

                LocalDefinitions definitions = LocalDefinitions.For(end.OperationBlocks);
                foreach (ControlFlowGraph graph in FlowGraphs.Of(end))
                {
                    new SuppressedCompletionWalker(graph, end.ReportDiagnostic, symbols, provenance, definitions, end.OperationBlocks[0].SemanticModel).Run();
                }
            });
        });
    }
}
