using System;
using System.Collections.Generic;
using System.Linq;
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

    // A bit per stable loop name the method switches to (after LoopContext.UnnamedLoop); past 30 names, unnamed.
    private readonly Dictionary<ISymbol, int> _loopBits = new(SymbolEqualityComparer.Default);

    public AwaitHopWalker(ControlFlowGraph graph, FlowContext context)
        : base(graph, context)
    {
        // Every ring is a key from the start, so a ring first named after an await is "away" too.
        FlowState initial = FlowState.Empty(Home).Set(LoopContext.Key, LoopContext.InitialOf(graph, context.Symbols)).Set(LoopContext.LoopKey, 0);
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
                    else if (node is IInvocationOperation call && IsOwnHelper(call))
                    {
                        // A ring field a helper of this object drives is the method's ring too.
                        foreach (DrivenRing driven in context.Symbols.Sources.Drives(call.TargetMethod, context.Model))
                        {
                            if (driven.Parameter < 0)
                            {
                                initial = initial.Set(driven.Symbol, Home);
                            }
                        }
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
            int loopsBefore = state.Get(LoopContext.LoopKey);
            int target = effect == AwaitEffect.SwitchesToLoop ? LoopBit(LoopContext.SwitchTarget(await, Context.Definitions)) : 0;
            bool moves = LoopContext.MayMoveThread(effect, before) || LoopContext.MayChangeLoop(effect, before, loopsBefore, target);
            FlowState after = moves ? state.SetAll(_ => Away) : state;
            int loopsAfter = effect switch
            {
                AwaitEffect.SwitchesToLoop => target,
                AwaitEffect.LeavesContext => 0,
                _ => loopsBefore,
            };
            return after.Set(LoopContext.Key, LoopContext.After(effect, before)).Set(LoopContext.LoopKey, loopsAfter);
        }

        if (operation is IInvocationOperation helper && !Symbols.IsIssuerOnly(helper.TargetMethod) && IsOwnHelper(helper))
        {
            ReportDrivenByHelper(helper, state);
            return state;
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

    /// <summary>The loop bit of a stable loop name (<see cref="LoopContext.SwitchTarget"/>), or the unnamed loop's.</summary>
    private int LoopBit(ISymbol? loop)
    {
        if (loop is null)
        {
            return LoopContext.UnnamedLoop;
        }

        if (!_loopBits.TryGetValue(loop, out int bit))
        {
            bit = _loopBits.Count < 30 ? 2 << _loopBits.Count : LoopContext.UnnamedLoop;
            _loopBits[loop] = bit;
        }

        return bit;
    }

    /// <summary>A method of the application, on this object or static, whose body is in sight.</summary>
    private static bool IsOwnHelper(IInvocationOperation call)
        => call.Instance is null or IInstanceReferenceOperation && call.TargetMethod.DeclaringSyntaxReferences.Length > 0 && !call.TargetMethod.IsAsync;

    /// <summary>
    /// <c>Close(ring, fd)</c> after an await: the helper's body drives the ring passed to it (or a ring field), so the
    /// helper's call is where the ring is driven from the wrong thread.
    /// </summary>
    private void ReportDrivenByHelper(IInvocationOperation helper, FlowState state)
    {
        if (!Reporting)
        {
            return;
        }

        foreach (DrivenRing driven in Symbols.Sources.Drives(helper.TargetMethod, Context.Model))
        {
            IOperation? ring = driven.Parameter < 0
                ? driven.Ring
                : helper.Arguments.FirstOrDefault(argument => argument.Parameter?.Ordinal == driven.Parameter)?.Value;
            if (ring is null || (driven.Parameter >= 0 ? Uncaptured(ring)?.ReferencedSymbol() : driven.Symbol) is not { } symbol
                || (state.Get(symbol) & Away) == 0
                || !IssuerPolicy.IsSingleIssuer(Context.RingOption(driven.Parameter >= 0 ? Uncaptured(ring)! : ring, RingProvenance.MultiIssuers), Context.Options, helper.Syntax.SyntaxTree))
            {
                continue;
            }

            Report(Diagnostic.Create(
                Descriptors.IssuerCallAfterAwait,
                helper.Syntax.GetLocation(),
                helper.TargetMethod.Name + " (" + driven.Call + ")",
                symbol.Name));
            return;
        }
    }
}
