using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Uring.Analyzers.Flow;
using Uring.Analyzers.Infrastructure;

namespace Uring.Analyzers.Buffers;

/// <summary>
/// The base of the rules about handles rented from a pool (<c>[RentsPooledContext]</c>: Extended and Indirect
/// contexts) or lent by a buffer ring (<c>[LendsProvidedBuffer]</c>): URING0005 (a provided buffer not
/// recycled), URING0006 (a pooled context not returned), URING0007 (returned twice) and URING0013 (used after it was
/// given back). Each rule is its own
/// analyzer and says what it reports; the handle state machine they share is <see cref="PooledHandleWalker"/>,
/// walked only for methods that rent, lend, return or recycle.
/// </summary>
public abstract class PooledHandleRule : FlowAnalyzer
{
    private protected PooledHandleRule(DiagnosticDescriptor rule)
        : base(rule)
    {
    }

    private protected sealed override bool IsCandidate(IOperation operation, UringSymbols symbols)
        => PooledHandleWalker.KindOf(((IInvocationOperation)operation).TargetMethod, symbols) != HandleKind.None;

    private protected sealed override FlowWalker? CreateWalker(ControlFlowGraph graph, FlowContext context)
        => new PooledHandleWalker(graph, context, this);

    /// <summary>
    /// On some path out of the method, <paramref name="handle"/> is still held: rented or lent at
    /// <paramref name="rentedAt"/> (<paramref name="kind"/> says which) and neither given back nor handed on.
    /// </summary>
    internal virtual Diagnostic? StillHeld(HandleKind kind, string handle, IOperation rentedAt) => null;

    /// <summary><paramref name="handle"/> is given back by <paramref name="call"/> when some path has given it back already.</summary>
    internal virtual Diagnostic? ReturnedAgain(IInvocationOperation call, string handle) => null;

    /// <summary><paramref name="handle"/> (or a view read from it) is used at <paramref name="use"/> after every path gave it back.</summary>
    internal virtual Diagnostic? UsedAfterReturn(IOperation use, string handle) => null;
}
