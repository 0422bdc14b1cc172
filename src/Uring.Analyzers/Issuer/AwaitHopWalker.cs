using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Uring.Analyzers.Diagnostics;
using Uring.Analyzers.Flow;
using Uring.Analyzers.Infrastructure;

namespace Uring.Analyzers.Issuer;

/// <summary>
/// Tracks, per ring symbol, whether the current thread may no longer be the one that started it: an
/// await that may move the method to another thread moves every ring "away"; a <c>[BindsIssuerThread]</c> call on a
/// ring brings that ring "home". Which awaits move the method is the <see cref="LoopContext"/>'s to say: on an event
/// loop an ordinary await comes back to the loop thread, <c>ConfigureAwait(false)</c> does not, and the loop's own
/// operations and <c>SwitchTo()</c> resume on the loop. Reports an issuer-only call when some path reaches it away
/// from home (a may-analysis: an await on any path before the call is enough to run the call on the wrong thread).
/// </summary>
internal sealed class AwaitHopWalker : FlowWalker
{
    private const int Home = 1;
    private const int Away = 2;

    private readonly FlowState _initial;

    public AwaitHopWalker(ControlFlowGraph graph, FlowContext context)
        : base(graph, context)
    {
        // Every ring is a key from the start, so a ring first named after an await is "away" too.
        FlowState initial = FlowState.Empty(Home).Set(LoopContext.Key, LoopContext.InitialOf(graph, context.Symbols));
        foreach (BasicBlock block in graph.Blocks)
        {
            foreach (IOperation operation in block.Operations)
            {
                foreach (IOperation node in operation.DescendantsAndSelf())
                {
                    if (context.Symbols.IsRing(node.Type) && node.ReferencedSymbol() is { } ring)
                    {
                        initial = initial.Set(ring, Home);
                    }
                }
            }
        }

        _initial = initial;
    }

    protected override FlowState Initial => _initial;

    protected override FlowState Visit(IOperation operation, CallOutcome outcome, FlowState state)
    {
        if (operation is IAwaitOperation await)
        {
            AwaitEffect effect = LoopContext.Classify(await, Symbols, Context.Model);
            int before = state.Get(LoopContext.Key);
            FlowState after = LoopContext.MayMoveThread(effect, before) ? state.SetAll(_ => Away) : state;
            return after.Set(LoopContext.Key, LoopContext.After(effect, before));
        }

        if (operation is not IInvocationOperation invocation
            || Symbols.RingOf(invocation) is not { } receiver
            || Uncaptured(receiver) is not { } ring
            || ring.ReferencedSymbol() is not { } symbol)
        {
            return state;
        }

        if (Symbols.BindsIssuer(invocation.TargetMethod))
        {
            return state.Set(symbol, Home);
        }

        if (Symbols.IsIssuerOnly(invocation.TargetMethod)
            && (state.Get(symbol) & Away) != 0
            && Reporting
            && IssuerPolicy.IsSingleIssuer(Context.RingOption(ring, RingProvenance.MultiIssuers), Context.Options, invocation.Syntax.SyntaxTree))
        {
            Report(Diagnostic.Create(
                Descriptors.IssuerCallAfterAwait,
                invocation.Syntax.GetLocation(),
                invocation.TargetMethod.Name,
                symbol.Name));
        }

        return state;
    }
}
