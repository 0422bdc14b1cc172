using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
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
/// minimum (a count that is not a constant is taken as at least one) is reported when, on every path (loops assumed
/// to run), a suppressed write is pending and fewer posting ops than the minimum are: with an infinite timeout it
/// blocks forever, with a bounded one it times out every time (in a loop, only when the loop looks for the suppressed
/// request's own completion by its context value). Any reap resets the count.
/// </summary>
internal sealed class SuppressedCompletionWalker : FlowWalker
{
    private const int CountMask = 0b1111;
    private const int NoWrite = 0b01_0000;
    private const int Write = 0b10_0000;
    private const int Fresh = 0b0001 | NoWrite;

    private readonly HashSet<object> _suppressedTags = new(BufferTrace.RootComparer.Instance);
    private bool? _tagMatched;

    public SuppressedCompletionWalker(ControlFlowGraph graph, FlowContext context)
        : base(graph, context)
    {
    }

    protected override FlowState Initial => FlowState.Empty(Fresh);

    /// <summary>A loop that queues a send per element is meant to queue some: its zero-trip path does not count.</summary>
    protected override bool AssumeLoopsRun => true;

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
        if (!prepares)
        {
            return state;
        }

        // A request that could not be queued posts nothing. In a loop that queues one per item
        // (if (TryPrepareSend(...)) queued++;) a full queue skips one item, not all of them: the loop still queued some.
        if (outcome == CallOutcome.False && !InLoop(invocation))
        {
            return state;
        }

        if (outcome == CallOutcome.False)
        {
            outcome = CallOutcome.True;
        }

        int before = state.Get(symbol);
        bool suppressed = Symbols.OpKindOf(method) == UringOpKind.WriteLike
            && Context.RingOption(ring, RingProvenance.NotifySucceed) == OptionValue.Off;
        if (suppressed && TagOf(invocation) is { } tag)
        {
            _suppressedTags.Add(tag);
        }

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
                // A count that is not a constant is the number of requests the code queued: at least one.
                minimum = argument.Value.ConstantValue is { HasValue: true, Value: int value } ? value : 1;
            }
            else if (SymbolEqualityComparer.Default.Equals(argument.Parameter?.Type, Symbols.TimeSpan))
            {
                infinite = IsInfinite(argument.Value);
            }
        }

        // A bounded wait in a loop may be a pump's tick that other requests (armed elsewhere) end: only when the loop
        // looks for the suppressed request's own completion is it waiting for what never comes.
        if (!infinite && InLoop(wait) && !TagMatched())
        {
            return;
        }

        // Definitely too few: every possible count is below the minimum (3 stands for "3 or more").
        int highest = 3;
        while (highest >= 0 && (mask & (1 << highest)) == 0)
        {
            highest--;
        }

        if (minimum >= 1 && highest < minimum && !(highest == 3 && minimum > 3))
        {
            Report(Diagnostic.Create(
                Descriptors.SuppressedCompletionAwaited,
                wait.Syntax.GetLocation(),
                wait.TargetMethod.Name,
                minimum,
                infinite ? "blocks forever" : "times out every time"));
        }
    }

    private static bool InLoop(IOperation wait)
    {
        for (SyntaxNode? node = wait.Syntax.Parent; node is not null and not MemberDeclarationSyntax and not AnonymousFunctionExpressionSyntax and not LocalFunctionStatementSyntax; node = node.Parent)
        {
            if (node is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The value a request's context carries (<c>SqeContext.FromValue(tag)</c>, directly or through a local): a constant or a variable.</summary>
    private object? TagOf(IInvocationOperation request)
    {
        foreach (IArgumentOperation argument in request.Arguments)
        {
            if (!SymbolEqualityComparer.Default.Equals(argument.Parameter?.Type, Symbols.SqeContext))
            {
                continue;
            }

            IOperation context = Uncaptured(argument.Value).WalkDownConversion();
            if (context is ILocalReferenceOperation local && Context.Definitions.Of(local.Local) is { Count: 1 } values && values[0] is { } value)
            {
                context = value.WalkDownConversion();
            }

            if (context is IInvocationOperation { TargetMethod.Name: "FromValue", Arguments.Length: 1 } fromValue)
            {
                IOperation tag = Uncaptured(fromValue.Arguments[0].Value).WalkDownConversion();
                return MemoryTrace.Constant(tag) is { } constant ? constant : tag.ReferencedSymbol();
            }
        }

        return null;
    }

    /// <summary>The method compares a completion's context with the tag of a suppressed request (it waits for that request's own completion).</summary>
    private bool TagMatched()
    {
        if (_tagMatched is { } known)
        {
            return known;
        }

        bool matched = false;
        foreach (IOperation node in AllOperations())
        {
            if (node is IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison
                && ((IsTag(comparison.RightOperand) && AboutCompletion(comparison.LeftOperand))
                    || (IsTag(comparison.LeftOperand) && AboutCompletion(comparison.RightOperand))))
            {
                matched = true;
                break;
            }

            if (node is ISwitchOperation @switch && AboutCompletion(@switch.Value)
                && @switch.Cases.Any(section => section.Clauses.Any(clause => clause is ISingleValueCaseClauseOperation { Value: { } value } && IsTag(value))))
            {
                matched = true;
                break;
            }
        }

        _tagMatched = matched;
        return matched;
    }

    private bool IsTag(IOperation operation)
    {
        operation = Uncaptured(operation).WalkDownConversion();
        object? tag = MemoryTrace.Constant(operation) is { } constant ? constant : operation.ReferencedSymbol();
        return tag is not null && _suppressedTags.Contains(tag);
    }

    /// <summary>An expression that reads a completion (a <c>CqeView</c> or its context).</summary>
    private static bool AboutCompletion(IOperation operation)
    {
        foreach (IOperation node in operation.DescendantsAndSelf())
        {
            if (node.Type is { ContainingNamespace.Name: "Uring" } type && type.Name is "CqeView" or "DirectCqe" or "ExtendedCqe")
            {
                return true;
            }
        }

        return false;
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
