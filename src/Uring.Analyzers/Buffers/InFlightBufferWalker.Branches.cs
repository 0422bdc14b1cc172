using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Uring.Analyzers.Flow;
using Uring.Analyzers.Infrastructure;
using Uring.Generators.Model;

namespace Uring.Analyzers.Buffers;

// Branches that say an op did not happen: a wait whose count is zero observed nothing, and a prep whose stored result
// is false queued nothing, so on those branches the buffers are as they were before the call.
internal sealed partial class InFlightBufferWalker
{
    /// <summary>On the branch where a wait's count is zero, nothing was observed: its buffers are as they were before it.</summary>
    protected override FlowState Refine(IOperation condition, bool value, FlowState state)
    {
        if ((ZeroCount(condition, value) ?? FailedPrep(condition, value)) is not { } call)
        {
            return state;
        }

        foreach (object key in state.Keys.ToList())
        {
            if (key is ZeroKey zero && zero.Call == call)
            {
                state = state.Set(zero.Key, state.Get(zero));
            }
        }

        return state;
    }

    /// <summary>
    /// The bool local a call's result is stored in and nothing else written to (<c>bool queued = ring.TryPrepareX(...)</c>),
    /// when the call holds a buffer: its later tests say whether the buffer was queued.
    /// </summary>
    private ILocalSymbol? StoredResult(IInvocationOperation invocation)
    {
        if (invocation.TargetMethod.ReturnType.SpecialType != SpecialType.System_Boolean || !SubmitsHeldBuffer(invocation, Symbols))
        {
            return null;
        }

        IOperation use = invocation;
        while (use.Parent is IConversionOperation or IParenthesizedOperation)
        {
            use = use.Parent;
        }

        return use.Parent is ISimpleAssignmentOperation { Target: ILocalReferenceOperation { Local: { Type.SpecialType: SpecialType.System_Boolean } local } } assignment
               && assignment.Value == use
               && Context.Definitions.Of(local) is { Count: 1 }
            ? local
            : null;
    }

    /// <summary>
    /// The prep call whose stored result (<see cref="StoredResult"/>) <paramref name="condition"/> finds false when it is
    /// <paramref name="value"/>: <c>!queued</c>, <c>queued == false</c>, <c>queued is false</c> or <c>queued</c> itself.
    /// </summary>
    private SyntaxNode? FailedPrep(IOperation condition, bool value)
    {
        condition = condition.WalkDownConversion();
        switch (condition)
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return FailedPrep(not.Operand, !value);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary
                when (binary.RightOperand.WalkDownConversion().ConstantValue is { HasValue: true, Value: bool constant }):
                return FailedPrep(binary.LeftOperand, value == (constant == (binary.OperatorKind == BinaryOperatorKind.Equals)));
            case IIsPatternOperation { Pattern: IConstantPatternOperation { Value: { ConstantValue: { HasValue: true, Value: bool pattern } } } } isPattern:
                return FailedPrep(isPattern.Value, value == pattern);
            case ILocalReferenceOperation { Local: { Type.SpecialType: SpecialType.System_Boolean } local } when !value:
                return Context.Definitions.Of(local) is { Count: 1 } definitions
                       && definitions[0]?.WalkDownConversion() is IInvocationOperation prep
                       && SubmitsHeldBuffer(prep, Symbols)
                    ? prep.Syntax
                    : null;
            default:
                return null;
        }
    }

    /// <summary>
    /// The wait whose count a condition tests as zero on the branch where it is <paramref name="value"/>
    /// (<c>n == 0</c>, <c>n &lt; 1</c>, <c>!(n &gt; 0)</c>, <c>ring.Wait(...) == 0</c>), or null.
    /// </summary>
    private SyntaxNode? ZeroCount(IOperation condition, bool value)
    {
        condition = condition.WalkDownConversion();
        switch (condition)
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return ZeroCount(not.Operand, !value);
            case IBinaryOperation binary:
                (IOperation count, long constant, BinaryOperatorKind kind) =
                    MemoryTrace.Constant(binary.RightOperand) is { } right ? (binary.LeftOperand, right, binary.OperatorKind)
                    : MemoryTrace.Constant(binary.LeftOperand) is { } left ? (binary.RightOperand, left, Flip(binary.OperatorKind))
                    : (binary.LeftOperand, long.MinValue, BinaryOperatorKind.None);
                if (constant == long.MinValue)
                {
                    return null;
                }

                bool zero = (kind, value) switch
                {
                    (BinaryOperatorKind.Equals, true) => constant == 0,
                    (BinaryOperatorKind.NotEquals, false) => constant == 0,
                    (BinaryOperatorKind.LessThan, true) => constant == 1,
                    (BinaryOperatorKind.LessThanOrEqual, true) => constant == 0,
                    (BinaryOperatorKind.GreaterThan, false) => constant == 0,
                    (BinaryOperatorKind.GreaterThanOrEqual, false) => constant == 1,
                    _ => false,
                };
                return zero ? ObservingCall(count) : null;
            case IIsPatternOperation { Pattern: IConstantPatternOperation { Value: { } pattern } } isPattern when value && MemoryTrace.Constant(pattern) == 0:
                return ObservingCall(isPattern.Value);
            default:
                return null;
        }
    }

    private static BinaryOperatorKind Flip(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.LessThan => BinaryOperatorKind.GreaterThan,
        BinaryOperatorKind.LessThanOrEqual => BinaryOperatorKind.GreaterThanOrEqual,
        BinaryOperatorKind.GreaterThan => BinaryOperatorKind.LessThan,
        BinaryOperatorKind.GreaterThanOrEqual => BinaryOperatorKind.LessThanOrEqual,
        _ => kind,
    };

    /// <summary>The observing call whose count <paramref name="count"/> is: the call itself, or a local it was assigned to.</summary>
    private SyntaxNode? ObservingCall(IOperation count)
    {
        count = Uncaptured(count).WalkDownConversion();
        if (count is ILocalReferenceOperation local && Context.Definitions.Of(local.Local) is { Count: 1 } values && values[0] is { } value)
        {
            count = value.WalkDownConversion();
        }

        return count is IInvocationOperation call && Symbols.ObservesCompletionOf(call.TargetMethod) ? call.Syntax : null;
    }
}
