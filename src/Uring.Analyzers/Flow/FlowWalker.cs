using System;
using System.Collections.Generic;
using System.Collections.Immutable;
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
/// knows nothing was queued on the early return; a condition on a value the walker knows about (the count a wait
/// returned) refines the state on each branch (<see cref="Refine"/>). Exceptional paths are followed only into catch
/// handlers, with the state before the operation that threw. Loops are walked with their iteration in the node: the
/// first pass through a loop body is kept apart from the passes that came around its back edge, so "every path
/// reaching this statement in a repeated iteration" can be asked (a buffer submitted at the end of one iteration and
/// written at the start of the next); a walker may also assume that loops run at least once
/// (<see cref="AssumeLoopsRun"/>), which drops the exit taken when the condition fails the first time.
/// </summary>
internal abstract class FlowWalker
{
    private const int MaxSteps = 20000;

    private readonly ControlFlowGraph _graph;
    private readonly Action<Diagnostic> _report;
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
    private readonly Dictionary<Node, FlowState> _states = new();
    private readonly Dictionary<CaptureId, IOperation?> _captures;
    private readonly LoopShapes _loops;

    protected FlowWalker(ControlFlowGraph graph, FlowContext context)
    {
        _graph = graph;
        _report = context.Report;
        Context = context;
        _captures = CapturesOf(graph);
        _loops = new LoopShapes(graph);
    }

    /// <summary>
    /// True to ignore the paths on which a <c>while</c>, <c>for</c> or <c>foreach</c> loop runs zero times. For a
    /// must-rule ("on every path") this is the question the author asked: a loop that waits for completions is meant
    /// to run, and one that submits a buffer per element is meant to submit.
    /// </summary>
    protected virtual bool AssumeLoopsRun => false;

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
        Node entry = new(0, null, null);
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

    /// <summary>
    /// The state on the branch where <paramref name="condition"/> (a branch value the walker already visited) is
    /// <paramref name="value"/>; the default learns nothing.
    /// </summary>
    protected virtual FlowState Refine(IOperation condition, bool value, FlowState state) => state;

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
        List<(int Block, bool Cancellation)> handlers = HandlersOf(block);
        foreach (IOperation operation in block.Operations)
        {
            // An exception leaves with the state before the operation that threw; after an await too, unless the
            // handler catches a cancellation (a cancelled wait says nothing about the request it waited for).
            AddHandlers(targets, handlers, node, state, afterAwait: false);
            state = Walk(operation, state);
            if (ContainsAwait(operation))
            {
                AddHandlers(targets, handlers, node, state, afterAwait: true);
            }
        }

        if (block.BranchValue is not null)
        {
            AddHandlers(targets, handlers, node, state, afterAwait: false);
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
            bool takenWhenTrue = block.ConditionKind == ControlFlowConditionKind.WhenTrue;
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
                whenTaken = takenWhenTrue ? valueTrue : valueFalse;
                otherwise = takenWhenTrue ? valueFalse : valueTrue;
            }
            else if (block.ConditionKind == ControlFlowConditionKind.None && ReturnedCall(block, value) is { } returned)
            {
                // `return ring.TryPrepareX(...)`: the result leaves the method unobserved, so this frame can only assume
                // the call succeeded (as for a call whose result is discarded); the caller learns it, too late to wait.
                foreach (IOperation child in returned.ChildOperations)
                {
                    state = Walk(child, state);
                }

                state = Visit(returned, CallOutcome.Discarded, state);
                whenTaken = state;
                otherwise = state;
            }
            else
            {
                state = Walk(value, state);
                whenTaken = state;
                otherwise = state;
                if (block.ConditionKind != ControlFlowConditionKind.None)
                {
                    whenTaken = Refine(value, takenWhenTrue, state);
                    otherwise = Refine(value, !takenWhenTrue, state);
                }
            }
        }

        Follow(targets, node, block.ConditionalSuccessor, node.Continuation, whenTaken);
        Follow(targets, node, block.FallThroughSuccessor, node.Continuation, otherwise);
        return targets;
    }

    /// <summary>The call a block returns as its value (through conversions), when the block's value leaves the method.</summary>
    private static IInvocationOperation? ReturnedCall(BasicBlock block, IOperation value)
    {
        if (block.FallThroughSuccessor is not { Semantics: ControlFlowBranchSemantics.Return })
        {
            return null;
        }

        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        return value as IInvocationOperation;
    }

    private static bool ContainsAwait(IOperation operation)
    {
        foreach (IOperation node in operation.DescendantsAndSelf())
        {
            if (node is IAwaitOperation)
            {
                return true;
            }
        }

        return false;
    }

    private void Follow(List<(Node, FlowState)> targets, Node source, ControlFlowBranch? branch, Continuation? continuation, FlowState state)
    {
        if (branch is null)
        {
            return;
        }

        if (AssumeLoopsRun && branch.Destination is { } exit && _loops.IsZeroTripExit(source.Loops, source.Block, exit.Ordinal))
        {
            return;
        }

        if (FollowThrowsIntoFinally && branch.Semantics is ControlFlowBranchSemantics.Throw or ControlFlowBranchSemantics.Rethrow
            && branch.FinallyRegions.IsEmpty && FinallyRegionsOnThrow(source.Block) is { IsEmpty: false } finallys)
        {
            // throw; in a catch still runs the finally regions around it before the exception leaves the method.
            Continuation next = new(finallys.RemoveAt(0), branch, continuation);
            int first = finallys[0].FirstBlockOrdinal;
            targets.Add((new Node(first, next, _loops.Arrive(source.Loops, source.Block, first)), state));
            return;
        }

        if (!branch.FinallyRegions.IsEmpty)
        {
            Continuation next = new(branch.FinallyRegions.RemoveAt(0), branch, continuation);
            int first = branch.FinallyRegions[0].FirstBlockOrdinal;
            targets.Add((new Node(first, next, _loops.Arrive(source.Loops, source.Block, first)), state));
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
                int next = continuation.Remaining[0].FirstBlockOrdinal;
                targets.Add((new Node(next, continuation.Next(), _loops.Arrive(source.Loops, source.Block, next)), state));
                return;
            }

            Arrive(targets, source, continuation.Branch, continuation.Outer, state);
            return;
        }

        Arrive(targets, source, branch, continuation, state);
    }

    /// <summary>
    /// Whether an explicit <c>throw</c> walks the finally regions it leaves (the graph lists none on a throw's branch).
    /// Off by default: the rules that judge what a finally releases keep their exception paths as they were.
    /// </summary>
    protected virtual bool FollowThrowsIntoFinally => false;

    /// <summary>The finally regions an exception thrown in <paramref name="block"/> runs, innermost first, up to the first enclosing catch.</summary>
    private ImmutableArray<ControlFlowRegion> FinallyRegionsOnThrow(int block)
    {
        ImmutableArray<ControlFlowRegion>.Builder finallys = ImmutableArray.CreateBuilder<ControlFlowRegion>();
        for (ControlFlowRegion? region = _graph.Blocks[block].EnclosingRegion; region is not null; region = region.EnclosingRegion)
        {
            if (region.Kind == ControlFlowRegionKind.Try && region.EnclosingRegion is { Kind: ControlFlowRegionKind.TryAndCatch })
            {
                break;
            }

            if (region.Kind == ControlFlowRegionKind.Try && region.EnclosingRegion is { Kind: ControlFlowRegionKind.TryAndFinally } tryAndFinally)
            {
                foreach (ControlFlowRegion nested in tryAndFinally.NestedRegions)
                {
                    if (nested.Kind == ControlFlowRegionKind.Finally && InThisGraph(nested))
                    {
                        finallys.Add(nested);
                    }
                }
            }
        }

        return finallys.ToImmutable();
    }

    /// <summary>The region's blocks are blocks of the graph walked (a lambda's graph sees the regions of the method around it).</summary>
    private bool InThisGraph(ControlFlowRegion region)
    {
        if (region.FirstBlockOrdinal < 0 || region.FirstBlockOrdinal >= _graph.Blocks.Length)
        {
            return false;
        }

        for (ControlFlowRegion? enclosing = _graph.Blocks[region.FirstBlockOrdinal].EnclosingRegion; enclosing is not null; enclosing = enclosing.EnclosingRegion)
        {
            if (ReferenceEquals(enclosing, region))
            {
                return true;
            }
        }

        return false;
    }

    private void Arrive(List<(Node, FlowState)> targets, Node source, ControlFlowBranch branch, Continuation? continuation, FlowState state)
    {
        foreach (ControlFlowRegion region in branch.LeavingRegions)
        {
            state = LeaveRegion(region, state);
        }

        if (branch.Destination is { } destination)
        {
            targets.Add((new Node(destination.Ordinal, continuation, _loops.Arrive(source.Loops, source.Block, destination.Ordinal)), state));
        }
    }

    private void AddHandlers(List<(Node, FlowState)> targets, List<(int Block, bool Cancellation)> handlers, Node source, FlowState state, bool afterAwait)
    {
        foreach ((int handler, bool cancellation) in handlers)
        {
            if (!(afterAwait && cancellation))
            {
                targets.Add((new Node(handler, source.Continuation, _loops.Arrive(source.Loops, source.Block, handler)), state));
            }
        }
    }

    /// <summary>First blocks of the catch handlers an exception in <paramref name="block"/> may reach, and whether each catches only cancellations.</summary>
    private static List<(int Block, bool Cancellation)> HandlersOf(BasicBlock block)
    {
        List<(int, bool)> handlers = new();
        for (ControlFlowRegion? region = block.EnclosingRegion; region is not null; region = region.EnclosingRegion)
        {
            if (region.Kind == ControlFlowRegionKind.Try && region.EnclosingRegion is { Kind: ControlFlowRegionKind.TryAndCatch } tryAndCatch)
            {
                foreach (ControlFlowRegion handler in tryAndCatch.NestedRegions)
                {
                    if (handler.Kind is ControlFlowRegionKind.Catch or ControlFlowRegionKind.FilterAndHandler)
                    {
                        handlers.Add((handler.FirstBlockOrdinal, IsCancellation(handler.ExceptionType)));
                    }
                }
            }
        }

        return handlers;
    }

    private static bool IsCancellation(ITypeSymbol? type)
        => type is not null && type.ContainingNamespace?.ToDisplayString() is "System" or "System.Threading.Tasks"
           && type.Name is "OperationCanceledException" or "TaskCanceledException";

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
        public Node(int block, Continuation? continuation, LoopFrame? loops)
        {
            Block = block;
            Continuation = continuation;
            Loops = loops;
        }

        public int Block { get; }

        public Continuation? Continuation { get; }

        /// <summary>The loops around the block, innermost first, each with the iteration the walk is in.</summary>
        public LoopFrame? Loops { get; }

        public bool Equals(Node other)
            => Block == other.Block
               && (Continuation is null ? other.Continuation is null : Continuation.Equals(other.Continuation))
               && (Loops is null ? other.Loops is null : Loops.Equals(other.Loops));

        public override bool Equals(object? obj) => obj is Node other && Equals(other);

        public override int GetHashCode() => (Block * 397) ^ (Continuation?.GetHashCode() ?? 0) ^ ((Loops?.GetHashCode() ?? 0) * 17);
    }
}
