using System.Collections.Immutable;
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
public sealed class PooledHandleAnalyzer : FlowAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.ProvidedBufferNotRecycled,
        Descriptors.PooledContextNotReturned,
        Descriptors.ReturnedTwice);

    private protected override bool IsCandidate(IOperation operation, UringSymbols symbols)
        => PooledHandleWalker.KindOf(((IInvocationOperation)operation).TargetMethod, symbols) != HandleKind.None;

    private protected override FlowWalker? CreateWalker(ControlFlowGraph graph, FlowContext context)
        => new PooledHandleWalker(graph, context);
}
