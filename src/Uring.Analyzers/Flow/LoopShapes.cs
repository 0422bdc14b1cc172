using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace Uring.Analyzers.Flow;

/// <summary>
/// One loop the walk is inside, with whether the walk came around its back edge (a repeated iteration) or entered it
/// from outside (the first iteration); the loops around it follow in <see cref="Outer"/>.
/// </summary>
internal sealed class LoopFrame : IEquatable<LoopFrame>
{
    public LoopFrame(SyntaxNode loop, bool repeat, LoopFrame? outer)
    {
        Loop = loop;
        Repeat = repeat;
        Outer = outer;
    }

    public SyntaxNode Loop { get; }

    public bool Repeat { get; }

    public LoopFrame? Outer { get; }

    public bool Equals(LoopFrame? other)
        => other is not null
           && (ReferenceEquals(this, other)
               || (Loop == other.Loop && Repeat == other.Repeat && (Outer is null ? other.Outer is null : Outer.Equals(other.Outer))));

    public override bool Equals(object? obj) => obj is LoopFrame other && Equals(other);

    public override int GetHashCode() => (Loop.SpanStart * 31) + (Repeat ? 1 : 0);
}

/// <summary>
/// The C# loops of one control-flow graph, located by syntax: each block's position (the syntax of its first
/// operation or of its branch value), which loop statements contain it, and which blocks evaluate a loop's condition.
/// The walker uses it to tell a loop's first iteration from a repeated one, and the loop exit of a first test of the
/// condition (a loop that runs zero times) from the other exits.
/// </summary>
internal sealed class LoopShapes
{
    private const int MaxEmptyChain = 8;

    private readonly ControlFlowGraph _graph;
    private readonly List<SyntaxNode> _loops = new();
    private readonly Dictionary<int, SyntaxNode?> _positions = new();

    public LoopShapes(ControlFlowGraph graph)
    {
        _graph = graph;
        SyntaxNode root = graph.OriginalOperation.Syntax;
        foreach (SyntaxNode node in root.DescendantNodesAndSelf(child => child == root || child is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
        {
            if (node is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax)
            {
                _loops.Add(node);
            }
        }
    }

    public bool HasLoops => _loops.Count > 0;

    /// <summary>The loop frames on arriving at <paramref name="destination"/> from <paramref name="source"/> with <paramref name="frames"/>.</summary>
    public LoopFrame? Arrive(LoopFrame? frames, int source, int destination)
    {
        if (_loops.Count == 0)
        {
            return null;
        }

        if (_graph.Blocks[destination].Kind == BasicBlockKind.Exit)
        {
            return null;
        }

        if (PositionOf(destination) is not { } position)
        {
            return frames;
        }

        while (frames is not null && !frames.Loop.Span.Contains(position.Span))
        {
            frames = frames.Outer;
        }

        if (destination <= source && Innermost(position) is { } loop)
        {
            // Around the back edge: the loop starts a repeated iteration.
            if (frames is not null && frames.Loop == loop)
            {
                return new LoopFrame(loop, repeat: true, frames.Outer);
            }

            return PushEntered(frames, position, loop, repeat: true);
        }

        return PushEntered(frames, position, null, repeat: false);
    }

    /// <summary>
    /// True for an edge that leaves a <c>while</c>, <c>for</c> or <c>foreach</c> loop from the first test of its
    /// condition: the path on which the loop body never runs.
    /// </summary>
    public bool IsZeroTripExit(LoopFrame? frames, int source, int destination)
    {
        if (frames is not { Repeat: false } frame || frame.Loop is DoStatementSyntax || PositionOf(source) is not { } from)
        {
            return false;
        }

        bool inCondition = frame.Loop switch
        {
            WhileStatementSyntax loop => loop.Condition.Span.Contains(from.Span),
            ForStatementSyntax { Condition: { } condition } => condition.Span.Contains(from.Span),
            CommonForEachStatementSyntax loop => from == loop || loop.Expression.Span.Contains(from.Span),
            _ => false,
        };
        if (!inCondition)
        {
            return false;
        }

        return _graph.Blocks[destination].Kind == BasicBlockKind.Exit
               || (PositionOf(destination) is { } to && !frame.Loop.Span.Contains(to.Span));
    }

    /// <summary>Pushes the loops that contain <paramref name="position"/> and are not on the stack yet, outermost first.</summary>
    private LoopFrame? PushEntered(LoopFrame? frames, SyntaxNode position, SyntaxNode? repeated, bool repeat)
    {
        List<SyntaxNode> entered = new();
        foreach (SyntaxNode loop in _loops)
        {
            if (loop.Span.Contains(position.Span) && !OnStack(frames, loop))
            {
                entered.Add(loop);
            }
        }

        entered.Sort((a, b) => b.Span.Length.CompareTo(a.Span.Length));
        foreach (SyntaxNode loop in entered)
        {
            frames = new LoopFrame(loop, repeat && loop == repeated, frames);
        }

        return frames;
    }

    private static bool OnStack(LoopFrame? frames, SyntaxNode loop)
    {
        for (; frames is not null; frames = frames.Outer)
        {
            if (frames.Loop == loop)
            {
                return true;
            }
        }

        return false;
    }

    private SyntaxNode? Innermost(SyntaxNode position)
    {
        SyntaxNode? best = null;
        foreach (SyntaxNode loop in _loops)
        {
            if (loop.Span.Contains(position.Span) && (best is null || loop.Span.Length < best.Span.Length))
            {
                best = loop;
            }
        }

        return best;
    }

    /// <summary>Where a block is in the source: its first operation, its branch value, or (empty) the block it falls into.</summary>
    private SyntaxNode? PositionOf(int ordinal)
    {
        if (_positions.TryGetValue(ordinal, out SyntaxNode? known))
        {
            return known;
        }

        SyntaxNode? position = null;
        int current = ordinal;
        for (int step = 0; step < MaxEmptyChain && current >= 0; step++)
        {
            BasicBlock block = _graph.Blocks[current];
            if (block.Kind != BasicBlockKind.Block)
            {
                break;
            }

            if (block.Operations.Length > 0)
            {
                position = block.Operations[0].Syntax;
                break;
            }

            if (block.BranchValue is { } value)
            {
                position = value.Syntax;
                break;
            }

            current = block.FallThroughSuccessor?.Destination?.Ordinal ?? -1;
        }

        _positions[ordinal] = position;
        return position;
    }
}
