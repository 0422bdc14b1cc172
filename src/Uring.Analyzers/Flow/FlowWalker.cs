using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Uring.Analyzers.Infrastructure;

namespace Uring.Analyzers.Flow;

/// <summary>How the bool result of a call is used where the walker visits it.</summary>
internal enum CallOutcome
{
    /// <summary>The result flows somewhere the walker does not follow (a local, an argument).</summary>
    Unknown,
    /// <summary>The call is a statement: its result is ignored, so the caller assumes success.</summary>
    Discarded,
    /// <summary>On this successor the call returned true.</summary>
    True,
    /// <summary>On this successor the call returned false (for a prep method: nothing was queued).</summary>
    False,
}

/// <summary>
/// A forward data-flow walk over a <see cref="ControlFlowGraph"/>, in the style of CA2012: one
/// <see cref="FlowState"/> per basic block (per finally continuation), merged at joins, iterated to a fixed
/// point; then one more pass reports from the stable states, so nothing depends on source order. A call
/// used as a branch condition is visited once per outcome, so <c>if (!ring.TryPrepareRead(...)) return;</c>
/// knows nothing was queued on the early return. Exceptional paths are followed only into catch handlers.
/// </summary>
internal abstract class FlowWalker
{
    private const int MaxSteps = 20000;

    private readonly ControlFlowGraph _graph;
    private readonly Action<Diagnostic> _report;
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
    private readonly Dictionary<Node, FlowState> _states = new();
    private readonly Dictionary<CaptureId, IOperation?> _captures;

    protected FlowWalker(ControlFlowGraph graph, FlowContext context)
    {
        _graph = graph;
        _report = context.Report;
        Context = context;
        _captures = CapturesOf(graph);
    }

    /// <summary>The method and compilation being walked.</summary>
    protected FlowContext Context { get; }

    /// <summary>The graph being walked.</summary>
    protected ControlFlowGraph Graph => _graph;

    /// <summary>Every operation of the graph (block operations and branch values, with their descendants).</summary>
    protected IEnumerable<IOperation> AllOperations()
    {
        foreach (BasicBlock block in _graph.Blocks)
        {
            foreach (IOperation operation in block.Operations)
            {
                foreach (IOperation node in operation.DescendantsAndSelf())
                {
                    yield return node;
                }
            }

            if (block.BranchValue is { } value)
            {
                foreach (IOperation node in value.DescendantsAndSelf())
                {
                    yield return node;
                }
            }
        }
    }

    protected UringSymbols Symbols => Context.Symbols;

    /// <summary>True during the final pass, the only one that reports.</summary>
    protected bool Reporting { get; private set; }

    /// <summary>The state at the method's entry.</summary>
    protected abstract FlowState Initial { get; }

    /// <summary>Runs the walk to a fixed point, then reports. Gives up silently on pathological graphs.</summary>
    public void Run()
    {
        Node entry = new(0, null);
        _states[entry] = Initial;
        Queue<Node> work = new();
        work.Enqueue(entry);
        int steps = 0;
        while (work.Count > 0)
        {
            if (++steps > MaxSteps)
            {
                return;
            }

            Node node = work.Dequeue();
            foreach ((Node target, FlowState state) in Process(node, _states[node]))
            {
                if (!_states.TryGetValue(target, out FlowState? old))
                {
                    _states[target] = state;
                    work.Enqueue(target);
                }
                else
                {
                    FlowState joined = old.Join(state);
                    if (!joined.Equals(old))
                    {
                        _states[target] = joined;
                        work.Enqueue(target);
                    }
                }
            }
        }

        Reporting = true;
        foreach (KeyValuePair<Node, FlowState> node in new List<KeyValuePair<Node, FlowState>>(_states))
        {
            foreach ((Node _, FlowState _) in Process(node.Key, node.Value))
            {
            }
        }
    }

    /// <summary>Visits one operation (children first, in evaluation order, have already been visited).</summary>
    protected abstract FlowState Visit(IOperation operation, CallOutcome outcome, FlowState state);

    /// <summary>Called when control leaves a region (after the finally code the branch runs).</summary>
    protected virtual FlowState LeaveRegion(ControlFlowRegion region, FlowState state) => state;

    /// <summary>Called in the reporting pass with each state that reaches the method's exit normally.</summary>
    protected virtual void AtExit(FlowState state)
    {
    }

    /// <summary>Reports once per rule and location, and only in the reporting pass; null (a rule with nothing to say) is ignored.</summary>
    protected void Report(Diagnostic? diagnostic)
    {
        if (diagnostic is not null && Reporting && _reported.Add(diagnostic.Id + "@" + diagnostic.Location.SourceTree?.FilePath + diagnostic.Location.SourceSpan))
        {
            _report(diagnostic);
        }
    }

    /// <summary>
    /// The operation a flow capture stands for. The graph captures a receiver or an earlier argument in a
    /// temporary when a later argument needs its own blocks (an object initializer, <c>?:</c>, <c>??</c>), so
    /// <c>ring.TryPrepareWrite(new Tag { Value = 1 }, ...)</c> reaches the walker with the ring as a capture
    /// reference. A capture written in one place resolves to that value; one written on several branches (a
    /// conditional's arms) stays as it is, and the rules then see no symbol, which only makes them quieter.
    /// </summary>
    protected IOperation Uncaptured(IOperation operation)
    {
        for (int depth = 0; depth < 8; depth++)
        {
            if (operation.WalkDownConversion() is not IFlowCaptureReferenceOperation reference
                || !_captures.TryGetValue(reference.Id, out IOperation? value)
                || value is null)
            {
                break;
            }

            operation = value;
        }

        return operation;
    }

    /// <summary>Every capture's value; flow captures are always root operations of a block.</summary>
    private static Dictionary<CaptureId, IOperation?> CapturesOf(ControlFlowGraph graph)
    {
        Dictionary<CaptureId, IOperation?> captures = new();
        foreach (BasicBlock block in graph.Blocks)
        {
            foreach (IOperation operation in block.Operations)
            {
                if (operation is IFlowCaptureOperation capture)
                {
                    captures[capture.Id] = captures.ContainsKey(capture.Id) ? null : capture.Value;
                }
            }
        }

        return captures;
    }

    /// <summary>Visits an operation tree in evaluation order (operands before the operation).</summary>
    protected FlowState Walk(IOperation operation, FlowState state)
    {
        foreach (IOperation child in operation.ChildOperations)
        {
            state = Walk(child, state);
        }

        CallOutcome outcome = operation.Parent is IExpressionStatementOperation ? CallOutcome.Discarded : CallOutcome.Unknown;
        return Visit(operation, outcome, state);
    }

    private IEnumerable<(Node Target, FlowState State)> Process(Node node, FlowState state)
    {
        BasicBlock block = _graph.Blocks[node.Block];
        List<(Node, FlowState)> targets = new();
        List<int> handlers = HandlersOf(block);
        AddHandlers(targets, handlers, node.Continuation, state);
        foreach (IOperation operation in block.Operations)
        {
            state = Walk(operation, state);
            AddHandlers(targets, handlers, node.Continuation, state);
        }

        if (block.Kind == BasicBlockKind.Exit)
        {
            if (Reporting)
            {
                AtExit(state);
            }

            return targets;
        }

        FlowState whenTaken = state;
        FlowState otherwise = state;
        if (block.BranchValue is { } value)
        {
            if (block.ConditionKind != ControlFlowConditionKind.None && SplitCall(value, true) is ({ } call, bool polarity))
            {
                foreach (IOperation child in call.ChildOperations)
                {
                    state = Walk(child, state);
                }

                FlowState callTrue = Visit(call, CallOutcome.True, state);
                FlowState callFalse = Visit(call, CallOutcome.False, state);
                FlowState valueTrue = polarity ? callTrue : callFalse;
                FlowState valueFalse = polarity ? callFalse : callTrue;
                bool takenWhenTrue = block.ConditionKind == ControlFlowConditionKind.WhenTrue;
                whenTaken = takenWhenTrue ? valueTrue : valueFalse;
                otherwise = takenWhenTrue ? valueFalse : valueTrue;
            }
            else
            {
                state = Walk(value, state);
                whenTaken = state;
                otherwise = state;
            }
        }

        Follow(targets, block.ConditionalSuccessor, node.Continuation, whenTaken);
        Follow(targets, block.FallThroughSuccessor, node.Continuation, otherwise);
        return targets;
    }

    private void Follow(List<(Node, FlowState)> targets, ControlFlowBranch? branch, Continuation? continuation, FlowState state)
    {
        if (branch is null)
        {
            return;
        }

        if (!branch.FinallyRegions.IsEmpty)
        {
            Continuation next = new(branch.FinallyRegions.RemoveAt(0), branch, continuation);
            targets.Add((new Node(branch.FinallyRegions[0].FirstBlockOrdinal, next), state));
            return;
        }

        if (branch.Semantics == ControlFlowBranchSemantics.StructuredExceptionHandling)
        {
            // The end of a finally region: run the next one, or finish the branch that entered them.
            if (continuation is null)
            {
                return;
            }

            if (!continuation.Remaining.IsEmpty)
            {
                targets.Add((new Node(continuation.Remaining[0].FirstBlockOrdinal, continuation.Next()), state));
                return;
            }

            Arrive(targets, continuation.Branch, continuation.Outer, state);
            return;
        }

        Arrive(targets, branch, continuation, state);
    }

    private void Arrive(List<(Node, FlowState)> targets, ControlFlowBranch branch, Continuation? continuation, FlowState state)
    {
        foreach (ControlFlowRegion region in branch.LeavingRegions)
        {
            state = LeaveRegion(region, state);
        }

        if (branch.Destination is { } destination)
        {
            targets.Add((new Node(destination.Ordinal, continuation), state));
        }
    }

    private static void AddHandlers(List<(Node, FlowState)> targets, List<int> handlers, Continuation? continuation, FlowState state)
    {
        foreach (int handler in handlers)
        {
            targets.Add((new Node(handler, continuation), state));
        }
    }

    /// <summary>First blocks of the catch handlers an exception in <paramref name="block"/> may reach.</summary>
    private static List<int> HandlersOf(BasicBlock block)
    {
        List<int> handlers = new();
        for (ControlFlowRegion? region = block.EnclosingRegion; region is not null; region = region.EnclosingRegion)
        {
            if (region.Kind == ControlFlowRegionKind.Try && region.EnclosingRegion is { Kind: ControlFlowRegionKind.TryAndCatch } tryAndCatch)
            {
                foreach (ControlFlowRegion handler in tryAndCatch.NestedRegions)
                {
                    if (handler.Kind is ControlFlowRegionKind.Catch or ControlFlowRegionKind.FilterAndHandler)
                    {
                        handlers.Add(handler.FirstBlockOrdinal);
                    }
                }
            }
        }

        return handlers;
    }

    /// <summary>The call a condition tests, and whether the condition is true when the call returns true.</summary>
    private static (IInvocationOperation? Call, bool Polarity) SplitCall(IOperation value, bool polarity)
    {
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        switch (value)
        {
            case IInvocationOperation call when call.Type?.SpecialType == SpecialType.System_Boolean:
                return (call, polarity);
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return SplitCall(not.Operand, !polarity);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary:
                bool equals = binary.OperatorKind == BinaryOperatorKind.Equals;
                if (binary.RightOperand.ConstantValue is { HasValue: true, Value: bool right })
                {
                    return SplitCall(binary.LeftOperand, polarity == (right == equals));
                }

                if (binary.LeftOperand.ConstantValue is { HasValue: true, Value: bool left })
                {
                    return SplitCall(binary.RightOperand, polarity == (left == equals));
                }

                break;
        }

        return (null, polarity);
    }

    private readonly struct Node : IEquatable<Node>
    {
        public Node(int block, Continuation? continuation)
        {
            Block = block;
            Continuation = continuation;
        }

        public int Block { get; }

        public Continuation? Continuation { get; }

        public bool Equals(Node other)
            => Block == other.Block && (Continuation is null ? other.Continuation is null : Continuation.Equals(other.Continuation));

        public override bool Equals(object? obj) => obj is Node other && Equals(other);

        public override int GetHashCode() => (Block * 397) ^ (Continuation?.GetHashCode() ?? 0);
    }
}
