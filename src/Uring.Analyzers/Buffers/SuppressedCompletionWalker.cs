using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Uring.Analyzers.Diagnostics;
using Uring.Analyzers.Flow;
using Uring.Analyzers.Infrastructure;
using Uring.Analyzers.Issuer;
using Uring.Generators.Model;

namespace Uring.Analyzers.Buffers;

/// <summary>
/// Per ring: how many completion-posting ops were prepared since the last reap (0, 1, 2, 3 or more), and
/// whether a suppressed write-like op was. A wait marked <c>[ObservesCompletion]</c> with an <c>int</c>
/// minimum and an infinite (or no) <c>TimeSpan</c> timeout is reported when, on every path, a suppressed
/// write is pending and fewer posting ops than the minimum are. Any reap resets the count.
/// </summary>
internal sealed class SuppressedCompletionWalker : FlowWalker
{
    private const int CountMask = 0b1111;
    private const int NoWrite = 0b01_0000;
    private const int Write = 0b10_0000;
    private const int Fresh = 0b0001 | NoWrite;

    public SuppressedCompletionWalker(ControlFlowGraph graph, FlowContext context)
        : base(graph, context)
    {
    }

    protected override FlowState Initial => FlowState.Empty(Fresh);

    protected override FlowState Visit(IOperation operation, CallOutcome outcome, FlowState state)
    {
        if (operation is not IInvocationOperation invocation
            || Symbols.RingOf(invocation) is not { } receiver
            || Uncaptured(receiver) is not { } ring
            || ring.ReferencedSymbol() is not { } symbol)
        {
            return state;
        }

        IMethodSymbol method = invocation.TargetMethod;
        if (Symbols.ObservesCompletionOf(method))
        {
            CheckWait(invocation, state.Get(symbol));
            return state.Set(symbol, Fresh);
        }

        bool prepares = Symbols.IsUringOp(method)
            || (Symbols.IsIssuerOnly(method) && method.ReturnType.SpecialType == SpecialType.System_Boolean);
        if (!prepares || outcome == CallOutcome.False)
        {
            return state;
        }

        int before = state.Get(symbol);
        bool suppressed = Symbols.OpKindOf(method) == UringOpKind.WriteLike
            && Context.RingOption(ring, RingProvenance.NotifySucceed) == OptionValue.Off;
        int after = suppressed ? (before & CountMask) | Write : ShiftCount(before);
        return state.Set(symbol, outcome == CallOutcome.Unknown ? before | after : after);
    }

    private void CheckWait(IInvocationOperation wait, int mask)
    {
        if ((mask & NoWrite) != 0 || (mask & Write) == 0 || !Reporting)
        {
            return;
        }

        int minimum = 0;
        bool infinite = true;
        foreach (IArgumentOperation argument in wait.Arguments)
        {
            if (argument.Parameter?.Type.SpecialType == SpecialType.System_Int32)
            {
                minimum = argument.Value.ConstantValue is { HasValue: true, Value: int value } ? value : 0;
            }
            else if (SymbolEqualityComparer.Default.Equals(argument.Parameter?.Type, Symbols.TimeSpan))
            {
                infinite = IsInfinite(argument.Value);
            }
        }

        // Definitely too few: every possible count is below the minimum (3 stands for "3 or more").
        int highest = 3;
        while (highest >= 0 && (mask & (1 << highest)) == 0)
        {
            highest--;
        }

        if (minimum >= 1 && infinite && highest < minimum && !(highest == 3 && minimum > 3))
        {
            Report(Diagnostic.Create(
                Descriptors.SuppressedCompletionAwaited,
                wait.Syntax.GetLocation(),
                wait.TargetMethod.Name,
                minimum));
        }
    }

    private static int ShiftCount(int mask)
    {
        int counts = mask & CountMask;
        int shifted = ((counts << 1) & CountMask) | ((counts & 0b1000) != 0 ? 0b1000 : 0);
        return shifted | (mask & ~CountMask);
    }

    /// <summary><c>Timeout.InfiniteTimeSpan</c>, or <c>TimeSpan.FromMilliseconds(-1)</c>.</summary>
    private static bool IsInfinite(IOperation timeout)
    {
        timeout = timeout.WalkDownConversion();
        if (timeout is IFieldReferenceOperation { Field.Name: "InfiniteTimeSpan" } field && field.Field.ContainingType.IsType("System.Threading", "Timeout"))
        {
            return true;
        }

        return timeout is IInvocationOperation { TargetMethod.Name: "FromMilliseconds", Arguments.Length: >= 1 } call
               && call.Arguments[0].Value.ConstantValue is { HasValue: true, Value: { } value }
               && Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture) == -1;
    }
}
