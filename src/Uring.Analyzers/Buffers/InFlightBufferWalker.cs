using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Uring.Analyzers.Flow;
using Uring.Analyzers.Infrastructure;

namespace Uring.Analyzers.Buffers;

/// <summary>
/// Tracks, for every local a submitted buffer is reached through, whether an op may still use it. A
/// submission puts its buffers in flight; a call marked <c>[ObservesCompletion]</c> (or any await, which
/// may be where the completion is observed) ends that. Events need the buffer to be in flight on
/// <em>every</em> path that reaches the statement, so a loop that may run zero times never makes a
/// rule fire on code that waits inside it. What an event means is the <see cref="InFlightBufferRule"/>'s to say.
/// </summary>
internal sealed class InFlightBufferWalker : FlowWalker
{
    private const int Idle = 1;
    private const int KernelReads = 2;
    private const int KernelWrites = 4;

    private readonly Dictionary<ISymbol, IOperation> _submittedAt = new(SymbolEqualityComparer.Default);
    private readonly InFlightBufferRule _rule;

    public InFlightBufferWalker(ControlFlowGraph graph, FlowContext context, InFlightBufferRule rule)
        : base(graph, context)
    {
        _rule = rule;
    }

    /// <summary>The call submits a buffer the kernel keeps until the completion: the method is worth walking.</summary>
    public static bool SubmitsHeldBuffer(IInvocationOperation invocation, UringSymbols symbols)
    {
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Parameter is { } parameter && symbols.IsHeld(parameter))
            {
                return true;
            }
        }

        return false;
    }

    protected override FlowState Initial => FlowState.Empty(Idle);

    protected override FlowState Visit(IOperation operation, CallOutcome outcome, FlowState state)
    {
        switch (operation)
        {
            case IAwaitOperation:
                return state.SetAll(_ => Idle);
            case IInvocationOperation invocation:
                return VisitInvocation(invocation, outcome, state);
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation local }:
                // The local now names other memory: what it named before is no longer reachable through it.
                return state.Set(local.Local, Idle).Set(new WholeKey(local.Local), Idle);
            case ISimpleAssignmentOperation { Target: { } target }:
                CheckElementWrite(target, state);
                return state;
            case ICompoundAssignmentOperation { Target: { } target }:
                CheckElementWrite(target, state);
                return state;
            case IIncrementOrDecrementOperation { Target: { } target }:
                CheckElementWrite(target, state);
                return state;
            default:
                return state;
        }
    }

    protected override FlowState LeaveRegion(ControlFlowRegion region, FlowState state)
    {
        foreach (ILocalSymbol local in region.Locals)
        {
            if (Context.Definitions.FixedStatementOf(local) is null)
            {
                continue;
            }

            if (Reporting && IsInFlight(state.Get(local)) && _submittedAt.TryGetValue(local, out IOperation? argument))
            {
                Report(_rule.PinEnded(argument, "pinned by a fixed statement whose scope ends before the completion is observed"));
            }

            state = state.Set(local, Idle);
        }

        return state;
    }

    private FlowState VisitInvocation(IInvocationOperation invocation, CallOutcome outcome, FlowState state)
    {
        IMethodSymbol method = invocation.TargetMethod;
        state = Release(invocation, state);
        state = Submit(invocation, outcome, state);
        CheckWritingCall(invocation, state);
        return Symbols.ObservesCompletionOf(method) ? state.SetAll(_ => Idle) : state;
    }

    private FlowState Submit(IInvocationOperation invocation, CallOutcome outcome, FlowState state)
    {
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Parameter is not { } parameter || argument.ArgumentKind == ArgumentKind.DefaultValue || !Symbols.IsHeld(parameter))
            {
                continue;
            }

            BufferTrace trace = MemoryTrace.Trace(Uncaptured(argument.Value), Context.Definitions);
            int use = Symbols.KernelWrites(parameter) ? KernelWrites : KernelReads;
            foreach (ISymbol root in trace.WholeRoots)
            {
                int mask = state.Get(new WholeKey(root));
                if (Reporting && outcome != CallOutcome.False && IsInFlight(mask) && (use == KernelWrites || (mask & KernelReads) == 0))
                {
                    Report(_rule.BufferReused(argument, root, "submitted again to '" + invocation.TargetMethod.Name + "'"));
                }
            }

            if (outcome == CallOutcome.False)
            {
                continue;
            }

            List<ISymbol> owners = new(trace.Owners);
            owners.AddRange(MemoryTrace.FixedPins(invocation, trace.Owners, Context.Definitions));
            bool pinnedByRing = Symbols.IsPinnedByRing(parameter);
            foreach (ISymbol owner in owners)
            {
                if (pinnedByRing && !ReleaseMatters(owner))
                {
                    continue;
                }

                _submittedAt[owner] = argument.Value;
                state = state.Set(owner, outcome == CallOutcome.Unknown ? state.Get(owner) | use : use);
            }

            foreach (ISymbol root in trace.WholeRoots)
            {
                WholeKey key = new(root);
                state = state.Set(key, outcome == CallOutcome.Unknown ? state.Get(key) | use : use);
            }
        }

        return state;
    }

    private FlowState Release(IInvocationOperation invocation, FlowState state)
    {
        if (ReleaseOf(invocation) is not ({ } owner, { } how))
        {
            return state;
        }

        if (Reporting && IsInFlight(state.Get(owner)))
        {
            bool scopedPin = invocation.IsImplicit && owner is ILocalSymbol { Type: { } type } && type.IsType("System.Buffers", "MemoryHandle");
            Report(scopedPin && _submittedAt.TryGetValue(owner, out IOperation? argument)
                ? _rule.PinEnded(argument, "pinned by a using scope that ends before the completion is observed")
                : _rule.OwnerReleased(invocation, owner, invocation.IsImplicit ? how + " at the end of its using scope" : how));
        }

        return state.Set(owner, Idle);
    }

    /// <summary>
    /// For memory the ring pins itself (an op's <c>Memory&lt;T&gt;</c> overload): whether releasing
    /// <paramref name="owner"/> early still hurts. Ending the caller's own pin does not (the ring holds one), nor
    /// does disposing a <see cref="Uring.NativeBuffer"/> (its free waits for the ring's pin); giving a pooled
    /// array or memory owner back does, because the pool hands it to someone else while the kernel writes it.
    /// </summary>
    private bool ReleaseMatters(ISymbol owner)
    {
        ITypeSymbol? type = (owner as ILocalSymbol)?.Type ?? (owner as IParameterSymbol)?.Type;
        return !(Symbols.IsNativeBuffer(type)
                 || type.IsType("System.Buffers", "MemoryHandle")
                 || type.IsType("System.Runtime.InteropServices", "GCHandle")
                 || type?.TypeKind == TypeKind.Pointer);
    }

    /// <summary>The local a call disposes, returns to a pool, frees or unpins, and how it says so.</summary>
    private (ISymbol? Owner, string? How) ReleaseOf(IInvocationOperation invocation)
    {
        IMethodSymbol method = invocation.TargetMethod;
        INamedTypeSymbol type = method.ContainingType;
        ISymbol? first = invocation.Arguments.Length > 0 ? Uncaptured(invocation.Arguments[0].Value).ReferencedSymbol() : null;
        ISymbol? instance = invocation.Instance is null ? null : Uncaptured(invocation.Instance).ReferencedSymbol();
        switch (method.Name)
        {
            case "Dispose" when instance is not null && method.Parameters.Length == 0:
                ITypeSymbol? disposed = (instance as ILocalSymbol)?.Type ?? (instance as IParameterSymbol)?.Type;
                return (instance, disposed.IsType("System.Buffers", "MemoryHandle") ? "unpinned" : "disposed");
            case "Return" when type.IsType("System.Buffers", "ArrayPool`1"):
                return (first, "returned to the pool");
            case "Free" when type.IsType("System.Runtime.InteropServices", "GCHandle") && instance is not null:
                return (instance, "unpinned");
            case "Free" or "AlignedFree" when type.IsType("System.Runtime.InteropServices", "NativeMemory"):
            case "FreeHGlobal" or "FreeCoTaskMem" when type.IsType("System.Runtime.InteropServices", "Marshal"):
                return (first, "freed");
            default:
                return (null, null);
        }
    }

    private void CheckWritingCall(IInvocationOperation invocation, FlowState state)
    {
        IMethodSymbol method = invocation.TargetMethod;
        if (invocation.Instance is { } instance && Symbols.IsSpan(method.ContainingType) && method.Name is "Clear" or "Fill")
        {
            CheckWrite(instance, invocation, state, "written by " + method.Name);
        }

        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Parameter is not { } parameter || Symbols.IsHeld(parameter))
            {
                continue;
            }

            bool writableSpan = Symbols.IsSpan(parameter.Type);
            bool arrayTarget = method.ContainingType.IsType("System", "Array") && method.Name is "Clear" or "Fill" or "Copy"
                && parameter.Name is "array" or "destinationArray";
            if (writableSpan || arrayTarget)
            {
                CheckWrite(argument.Value, argument, state, "passed to '" + method.Name + "', which writes it");
            }
        }
    }

    /// <summary>An element store (<c>buffer[i] = x</c>) into a buffer submitted whole.</summary>
    private void CheckElementWrite(IOperation target, FlowState state)
    {
        IOperation? written = target.WalkDownConversion() switch
        {
            IArrayElementReferenceOperation element => element.ArrayReference,
            IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } indexed } when Symbols.IsSpan(indexed.Type) => indexed,
            IImplicitIndexerReferenceOperation { Instance: { } indexed } => indexed,
            _ => null,
        };
        if (written is not null)
        {
            CheckWrite(written, target, state, "written");
        }
    }

    private void CheckWrite(IOperation buffer, IOperation at, FlowState state, string how)
    {
        buffer = Uncaptured(buffer).WalkDownConversion();
        if (buffer is IInvocationOperation { TargetMethod.Name: "AsSpan", Arguments.Length: 1 } asSpan)
        {
            buffer = asSpan.Arguments[0].Value;
        }

        if (Reporting && Uncaptured(buffer).ReferencedSymbol() is { } symbol && IsInFlight(state.Get(new WholeKey(symbol))))
        {
            Report(_rule.BufferReused(at, symbol, how));
        }
    }

    /// <summary>In flight on every path: some op uses it and no path reaching here has it idle.</summary>
    private static bool IsInFlight(int mask) => (mask & Idle) == 0 && mask != 0;

    /// <summary>The key of a buffer submitted whole, as opposed to an owner reached through a slice.</summary>
    private sealed class WholeKey : IEquatable<WholeKey>
    {
        private readonly ISymbol _symbol;

        public WholeKey(ISymbol symbol) => _symbol = symbol;

        public bool Equals(WholeKey? other) => other is not null && SymbolEqualityComparer.Default.Equals(_symbol, other._symbol);

        public override bool Equals(object? obj) => obj is WholeKey other && Equals(other);

        public override int GetHashCode() => SymbolEqualityComparer.Default.GetHashCode(_symbol) ^ 0x5bd1e995;
    }
}
