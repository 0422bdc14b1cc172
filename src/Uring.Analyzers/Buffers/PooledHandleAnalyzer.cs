using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Uring.Analyzers.Diagnostics;
using Uring.Analyzers.Flow;
using Uring.Analyzers.Infrastructure;

namespace Uring.Analyzers.Buffers;

/// <summary>
/// URING0005, URING0006 and URING0007: handles rented from a pool (<c>[RentsPooledContext]</c>: Extended
/// and Indirect contexts) or lent by a buffer ring (<c>[LendsProvidedBuffer]</c>) must leave the method
/// returned (<c>[ReturnsPooledContext]</c> / <c>[RecyclesProvidedBuffer]</c>) or handed on, on every path,
/// and be returned at most once.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PooledHandleAnalyzer : UringAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.ProvidedBufferNotRecycled,
        Descriptors.PooledContextNotReturned,
        Descriptors.ReturnedTwice);

    private protected override void Register(CompilationStartAnalysisContext context, UringSymbols symbols)
    {
        context.RegisterOperationBlockStartAction(block =>
        {
            int handles = 0;
            block.RegisterOperationAction(
                operation =>
                {
                    IMethodSymbol method = ((IInvocationOperation)operation.Operation).TargetMethod;
                    if (PooledHandleWalker.KindOf(method, symbols) != HandleKind.None)
                    {
                        Interlocked.Increment(ref handles);
                    }
                },
                OperationKind.Invocation);
            block.RegisterOperationBlockEndAction(end =>
            {
                if (Volatile.Read(ref handles) == 0)
                {
                    return;
                }

                foreach (ControlFlowGraph graph in FlowGraphs.Of(end))
                {
                    new PooledHandleWalker(graph, end.ReportDiagnostic, symbols).Run();
                }
            });
        });
    }
}
