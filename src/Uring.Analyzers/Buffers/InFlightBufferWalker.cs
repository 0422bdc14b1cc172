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

/// <summary>
/// Tracks, for every buffer a submission names (a local, parameter or field of this object, a registered buffer, an
/// owner's memory member; each with the part of it submitted) and every owner its memory is reached through, whether
/// an op may still use it. A submission puts them in flight; a call that observes completions (one marked
/// <c>[ObservesCompletion]</c>, or a method in sight that calls one) or any await ends that, except that a zero-copy
/// send stays held until its notification (a second completion), and that on the branch where a wait's count tested
/// as zero nothing was observed. Events need the buffer to be in flight on <em>every</em> path that reaches the
/// statement (loops assumed to run, and a repeated iteration judged apart from the first), so a rule never fires on
/// code that may have waited. What an event means is the <see cref="InFlightBufferRule"/>'s to say.
/// </summary>
internal sealed partial class InFlightBufferWalker : FlowWalker
{
    private const int Idle = 1;
    private const int KernelReads = 2;
    private const int KernelWrites = 4;

    /// <summary>A zero-copy send before any completion: held through the first one, until the notification.</summary>
    private const int AwaitingNotification = 8;

    private readonly Dictionary<object, IOperation> _submittedAt = new(BufferTrace.RootComparer.Instance);
    private readonly Dictionary<FrameKey, (MemoryKind Kind, IOperation? Origin)> _frameMemory = new();
    private readonly InFlightBufferRule _rule;
    private bool? _handlesNotifications;

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

    /// <summary>
    /// Nothing is in flight, and nothing was queued: a key never set holds no bit rather than <see cref="Idle"/>. A path
    /// that never queued a buffer (an early return, a prep that failed, the first pass of a loop whose prep failed) says
    /// nothing about it, so a buffer still in flight on every path that queued it is reported, as on a path without
    /// branches; <see cref="Idle"/> is what observing, releasing or forgetting a buffer leaves.
    /// </summary>
    protected override FlowState Initial => FlowState.Empty(0);

    protected override bool AssumeLoopsRun => true;

    protected override FlowState Visit(IOperation operation, CallOutcome outcome, FlowState state)
    {
        switch (operation)
        {
            case IAwaitOperation:
                return Observe(state, null, 2);
            case IInvocationOperation invocation:
                return VisitInvocation(invocation, outcome, state);
            case IFlowAnonymousFunctionOperation lambda when IsCancellationCallback(lambda):
                CheckReleasesOnCancellation(lambda, state);
                return state;
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation local }:
                // The local now names other memory: what it named before is no longer reachable through it.
                return Forget(state, local.Local);
            case ISimpleAssignmentOperation { Target: IFieldReferenceOperation field } when IsOwnField(field):
                return Forget(state, field.Field);
            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: false, Instance: null or IInstanceReferenceOperation } property }:
                return Forget(state, property.Property);
            case IDeconstructionAssignmentOperation deconstruction:
                foreach (IOperation part in deconstruction.Target.DescendantsAndSelf())
                {
                    if (part is ILocalReferenceOperation or IFieldReferenceOperation && part.ReferencedSymbol() is { } symbol)
                    {
                        state = Forget(state, symbol);
                    }
                }

                return state;
            case ISimpleAssignmentOperation or ICompoundAssignmentOperation or IIncrementOrDecrementOperation:
                CheckWrites(operation, state);
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

    /// <summary>Stack memory and the storage of locals die with the frame: an op still using them when it ends writes into a dead frame.</summary>
    protected override void AtExit(FlowState state)
    {
        foreach (KeyValuePair<FrameKey, (MemoryKind Kind, IOperation? Origin)> frame in _frameMemory)
        {
            if (IsInFlight(state.Get(frame.Key)))
            {
                Report(_rule.FrameEnded(frame.Key.Argument, frame.Value.Kind, frame.Value.Origin));
            }
        }
    }

    private FlowState VisitInvocation(IInvocationOperation invocation, CallOutcome outcome, FlowState state)
    {
        IMethodSymbol method = invocation.TargetMethod;
        state = Release(invocation, state);
        if (outcome == CallOutcome.Unknown && StoredResult(invocation) is not null)
        {
            // `bool queued = ring.TryPrepareX(...)`: the walk goes on as if the prep succeeded, and keeps what each
            // buffer was before it for the branch that finds the local false (`if (!queued) { ... }`).
            FlowState before = state;
            state = Submit(invocation, CallOutcome.True, state);
            foreach (object key in state.Keys.ToList())
            {
                if (key is not ZeroKey && state.Get(key) != before.Get(key))
                {
                    state = state.Set(new ZeroKey(invocation.Syntax, key), before.Get(key));
                }
            }
        }
        else
        {
            state = Submit(invocation, outcome, state);
        }
        if (Symbols.ObservesCompletionOf(method))
        {
            return Observe(state, invocation.Syntax, MinimumOf(invocation));
        }

        if (method.DeclaringSyntaxReferences.Length > 0 && !method.IsImplicitlyDeclared)
        {
            // A method of this compilation: it may wait (then it observed), or give fields other memory.
            if (Symbols.Sources.Observes(method, Context.Model))
            {
                state = Observe(state, invocation.Syntax, 2);
            }

            if (invocation.Instance is null or IInstanceReferenceOperation)
            {
                foreach (IFieldSymbol field in Symbols.Sources.AssignedFields(method, Context.Model))
                {
                    state = Forget(state, field);
                }
            }
        }

        CheckWrites(invocation, state);
        return state;
    }

    private FlowState Submit(IInvocationOperation invocation, CallOutcome outcome, FlowState state)
    {
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Parameter is not { } parameter || argument.ArgumentKind == ArgumentKind.DefaultValue || !Symbols.IsHeld(parameter))
            {
                continue;
            }

            IOperation value = Uncaptured(argument.Value);
            BufferTrace trace;
            if (parameter.Type.SpecialType is SpecialType.System_Int32 or SpecialType.System_UInt16)
            {
                // A registered buffer named by its index (a fixed read or write): part of that buffer is held.
                trace = new BufferTrace { Kind = MemoryKind.Stable };
                IOperation? ring = Symbols.RingOf(invocation) is { } receiver ? Uncaptured(receiver) : null;
                if (RegisteredBufferRoot.Of(ring, value) is { } registered)
                {
                    trace.AddRoot(registered, BufferRange.Part);
                }
            }
            else
            {
                trace = MemoryTrace.Trace(value, Context.Definitions, Symbols, Context.Model);
            }

            int use = UseOf(invocation, parameter);
            if (Reporting && outcome != CallOutcome.False)
            {
                foreach (KeyValuePair<object, BufferRange> root in trace.Roots)
                {
                    foreach (RootKey key in InFlightKeys(state, root.Key, root.Value))
                    {
                        if (((use | state.Get(key)) & KernelWrites) != 0)
                        {
                            Report(_rule.BufferReused(argument, NameOf(root.Key), "submitted again to '" + invocation.TargetMethod.Name + "'"));
                            break;
                        }
                    }
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
                state = Put(state, owner, use, outcome);
            }

            foreach (KeyValuePair<object, BufferRange> root in trace.Roots)
            {
                state = Put(state, new RootKey(root.Key, root.Value), use, outcome);
            }

            if (!pinnedByRing && MemoryTrace.DiesWithFrame(trace.Kind))
            {
                FrameKey frame = new(argument.Value);
                _frameMemory[frame] = (trace.Kind, trace.Origin);
                state = Put(state, frame, use, outcome);
            }
        }

        return state;
    }

    private static FlowState Put(FlowState state, object key, int use, CallOutcome outcome)
        => state.Set(key, outcome == CallOutcome.Unknown ? (state.Get(key) == 0 ? Idle : state.Get(key)) | use : use);

    /// <summary>How the kernel uses a held parameter: writes into it, reads it, or reads it until a zero-copy notification.</summary>
    private int UseOf(IInvocationOperation invocation, IParameterSymbol parameter)
    {
        if (parameter.Type.SpecialType is SpecialType.System_Int32 or SpecialType.System_UInt16)
        {
            return Symbols.OpKindOf(invocation.TargetMethod) == UringOpKind.ReadLike ? KernelWrites : KernelReads;
        }

        if (Symbols.KernelWrites(parameter))
        {
            return KernelWrites;
        }

        return IsZeroCopy(invocation.TargetMethod) && !HandlesNotifications() ? AwaitingNotification : KernelReads;
    }

    /// <summary>A zero-copy send (<c>SEND_ZC</c>, <c>SENDMSG_ZC</c>): its buffer is held until a second completion, the notification.</summary>
    private bool IsZeroCopy(IMethodSymbol method)
    {
        if (UringSymbols.Find(Symbols.OpBehind(method), Symbols.UringOp) is not { ConstructorArguments: { Length: >= 1 } arguments }
            || arguments[0] is not { Type: INamedTypeSymbol { TypeKind: TypeKind.Enum } opcodes, Value: { } value })
        {
            return false;
        }

        foreach (ISymbol member in opcodes.GetMembers())
        {
            if (member is IFieldSymbol { HasConstantValue: true } field && Equals(field.ConstantValue, value))
            {
                return field.Name is "SendZc" or "SendMsgZc";
            }
        }

        return false;
    }

    /// <summary>
    /// The method tells notifications apart itself (it reads <c>CqeFlags.Notification</c>): then which completion a
    /// wait delivered is its business, and a zero-copy buffer counts as observed at the first wait like any other.
    /// </summary>
    private bool HandlesNotifications()
    {
        _handlesNotifications ??= AllOperations().Any(node => node is IFieldReferenceOperation { Field.Name: "Notification" } or IPropertyReferenceOperation { Property.Name: "IsNotification" });
        return _handlesNotifications.Value;
    }

    /// <summary>
    /// Observes completions: everything in flight is done, except zero-copy sends before their first completion when
    /// fewer than two completions were waited for. The state before is kept for the branch where the count is zero.
    /// </summary>
    private FlowState Observe(FlowState state, SyntaxNode? call, int minimum)
    {
        foreach (object key in state.Keys.ToList())
        {
            if (key is ZeroKey)
            {
                continue;
            }

            int mask = state.Get(key);
            if (call is not null)
            {
                state = state.Set(new ZeroKey(call, key), mask);
            }

            int after = (mask & (Idle | KernelReads | KernelWrites)) != 0 ? Idle : 0;
            if ((mask & AwaitingNotification) != 0)
            {
                after |= minimum >= 2 ? Idle : KernelReads;
            }

            state = state.Set(key, after);
        }

        return state;
    }

    /// <summary>The constant minimum a wait asks for (1 when there is none, as for a reap).</summary>
    private static int MinimumOf(IInvocationOperation wait)
    {
        foreach (IArgumentOperation argument in wait.Arguments)
        {
            if (argument.Parameter?.Type.SpecialType == SpecialType.System_Int32 && argument.Value.ConstantValue is { HasValue: true, Value: int minimum })
            {
                return minimum;
            }
        }

        return 1;
    }

    /// <summary>The local, parameter or field names other memory now: drop what was tracked through it.</summary>
    private static FlowState Forget(FlowState state, ISymbol symbol)
    {
        state = state.Set(symbol, Idle);
        foreach (object key in state.Keys.ToList())
        {
            if (key is RootKey root && root.Mentions(symbol))
            {
                state = state.Set(key, Idle);
            }
        }

        return state;
    }

    /// <summary>A local, parameter, static field or field of this object; other fields are not tracked.</summary>
    private static ISymbol? Own(IOperation operation)
        => operation.WalkDownConversion() is IFieldReferenceOperation field && !IsOwnField(field) ? null : operation.ReferencedSymbol();

    private static bool IsOwnField(IFieldReferenceOperation field)
        => field.Field.IsStatic || field.Instance?.WalkDownConversion() is IInstanceReferenceOperation;

    private void CheckWrites(IOperation operation, FlowState state)
    {
        if (!Reporting)
        {
            return;
        }

        foreach (BufferWrite write in BufferWrites.Of(operation, Symbols, Context.Model, 0))
        {
            BufferTrace trace;
            if (write.Field is { } field)
            {
                trace = new BufferTrace();
                trace.AddRoot(field, BufferRange.All);
            }
            else
            {
                IOperation buffer = Uncaptured(write.Buffer!);
                trace = write.Element
                    ? MemoryTrace.TraceElement(buffer, write.Start is null ? null : Uncaptured(write.Start), Context.Definitions, Symbols, Context.Model)
                    : MemoryTrace.TraceSlice(buffer, write.Start is null ? null : Uncaptured(write.Start), write.Length is null ? null : Uncaptured(write.Length), Context.Definitions, Symbols, Context.Model);
            }

            foreach (KeyValuePair<object, BufferRange> root in trace.Roots)
            {
                if (InFlightKeys(state, root.Key, root.Value).Any())
                {
                    Report(_rule.BufferReused(write.At, NameOf(root.Key), write.How));
                    break;
                }
            }
        }
    }

    /// <summary>The keys of <paramref name="root"/> in flight on every path whose part overlaps <paramref name="range"/>.</summary>
    private static IEnumerable<RootKey> InFlightKeys(FlowState state, object root, BufferRange range)
    {
        foreach (object key in state.Keys)
        {
            if (key is RootKey candidate && BufferTrace.RootComparer.Instance.Equals(candidate.Root, root)
                && candidate.Range.Overlaps(range) && IsInFlight(state.Get(key)))
            {
                yield return candidate;
            }
        }
    }

    private static string NameOf(object root) => root switch
    {
        ISymbol symbol => symbol.Name,
        RegisteredBufferRoot registered => registered.Name,
        MemberRoot member => member.Name,
        _ => "the stack memory",
    };

    /// <summary>In flight on every path: some op uses it and no path reaching here has it idle.</summary>
    private static bool IsInFlight(int mask) => (mask & Idle) == 0 && mask != 0;

    /// <summary>A buffer (<see cref="Root"/>) and the part of it a submission named.</summary>
    private sealed class RootKey : IEquatable<RootKey>
    {
        public RootKey(object root, BufferRange range)
        {
            Root = root;
            Range = range;
        }

        public object Root { get; }

        public BufferRange Range { get; }

        public bool Mentions(ISymbol symbol)
            => Root switch
            {
                ISymbol own => SymbolEqualityComparer.Default.Equals(own, symbol),
                MemberRoot member => SymbolEqualityComparer.Default.Equals(member.Instance, symbol),
                RegisteredBufferRoot registered => registered.Index is ISymbol index && SymbolEqualityComparer.Default.Equals(index, symbol),
                _ => false,
            };

        public bool Equals(RootKey? other) => other is not null && BufferTrace.RootComparer.Instance.Equals(Root, other.Root) && Range.Equals(other.Range);

        public override bool Equals(object? obj) => obj is RootKey other && Equals(other);

        public override int GetHashCode() => BufferTrace.RootComparer.Instance.GetHashCode(Root) ^ Range.GetHashCode();
    }

    /// <summary>Memory that dies with the frame, named by the argument that submitted it.</summary>
    private sealed class FrameKey : IEquatable<FrameKey>
    {
        public FrameKey(IOperation argument) => Argument = argument;

        public IOperation Argument { get; }

        public bool Equals(FrameKey? other) => other is not null && other.Argument.Syntax == Argument.Syntax;

        public override bool Equals(object? obj) => obj is FrameKey other && Equals(other);

        public override int GetHashCode() => Argument.Syntax.GetHashCode();
    }

    /// <summary>What <see cref="Key"/> was before the observing call <see cref="Call"/>, for the branch where it observed nothing.</summary>
    private sealed class ZeroKey : IEquatable<ZeroKey>
    {
        public ZeroKey(SyntaxNode call, object key)
        {
            Call = call;
            Key = key;
        }

        public SyntaxNode Call { get; }

        public object Key { get; }

        public bool Equals(ZeroKey? other) => other is not null && other.Call == Call && BufferTrace.RootComparer.Instance.Equals(Key, other.Key);

        public override bool Equals(object? obj) => obj is ZeroKey other && Equals(other);

        public override int GetHashCode() => Call.GetHashCode() ^ BufferTrace.RootComparer.Instance.GetHashCode(Key);
    }
}
