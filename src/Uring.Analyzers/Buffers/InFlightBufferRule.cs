using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Uring.Analyzers.Flow;
using Uring.Analyzers.Infrastructure;

namespace Uring.Analyzers.Buffers;

/// <summary>
/// The base of the rules about buffers an op still uses: URING0001 (its pin ends, or its frame), URING0002 (its owner is
/// released) and URING0003 (it is written or submitted again). Each rule is its own analyzer and says what it
/// reports; the in-flight state machine they share is <see cref="InFlightBufferWalker"/>, walked only for
/// methods that submit a held buffer, which calls the hook of the event it found.
/// </summary>
public abstract class InFlightBufferRule : FlowAnalyzer
{
    private protected InFlightBufferRule(DiagnosticDescriptor rule)
        : base(rule)
    {
    }

    private protected sealed override bool IsCandidate(IOperation operation, UringSymbols symbols)
        => InFlightBufferWalker.SubmitsHeldBuffer((IInvocationOperation)operation, symbols);

    private protected sealed override FlowWalker? CreateWalker(ControlFlowGraph graph, FlowContext context)
        => new InFlightBufferWalker(graph, context, this);

    /// <summary>
    /// A <c>fixed</c> statement or <c>using</c> pin ends while an op still uses the memory it pinned.
    /// <paramref name="argument"/> is the argument that submitted it; <paramref name="how"/> says which pin.
    /// </summary>
    internal virtual Diagnostic? PinEnded(IOperation argument, string how) => null;

    /// <summary>The owner of a buffer an op still uses is disposed, returned, freed or unpinned (<paramref name="how"/>).</summary>
    internal virtual Diagnostic? OwnerReleased(IInvocationOperation release, ISymbol owner, string how) => null;

    /// <summary>A buffer an op still uses is written or submitted again (<paramref name="how"/>) at <paramref name="at"/>.</summary>
    internal virtual Diagnostic? BufferReused(IOperation at, string buffer, string how) => null;

    /// <summary>
    /// Memory that dies with the frame (<paramref name="kind"/>: stack memory, a local's storage, allocated at
    /// <paramref name="origin"/> when known), submitted by <paramref name="argument"/>, is still in flight when the method returns.
    /// </summary>
    internal virtual Diagnostic? FrameEnded(IOperation argument, MemoryKind kind, IOperation? origin) => null;
}
