using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Uring.Analyzers.Flow;
using Uring.Analyzers.Infrastructure;

namespace Uring.Analyzers.Buffers;

/// <summary>What a marked method does to a pooled handle.</summary>
internal enum HandleKind
{
    None,
    RentsContext,
    ReturnsContext,
    LendsBuffer,
    RecyclesBuffer,
}

/// <summary>
/// Tracks each local that holds a rented handle: not rented, rented, returned, or handed on (passed to
/// another method, stored, captured, returned, or submitted through its context, all of which make someone
/// else responsible). A <c>Try</c> rent tested in a condition is rented only on its true branch, and a
/// submission tested in a condition hands the handle on only on its true branch, so the early-return
/// paths of <c>if (!ring.TryRentExtendedSqe(out var e)) return;</c> and <c>if (!ring.TryPrepareNop(e.Context)) { ... }</c>
/// are judged separately. Leaks are "on some path" (may), like CA2000. What a finding means is the
/// <see cref="PooledHandleRule"/>'s to say.
/// </summary>
internal sealed class PooledHandleWalker : FlowWalker
{
    private const int NotRented = 1;
    private const int Rented = 2;
    private const int Returned = 4;
    private const int HandedOn = 8;

    private readonly Dictionary<ILocalSymbol, (HandleKind Kind, IOperation RentedAt)> _handles = new(SymbolEqualityComparer.Default);

    // Views read from a handle (ReadOnlySpan<byte> data = buffer.Data), by the handle they die with.
    private readonly Dictionary<ILocalSymbol, object> _derived = new(SymbolEqualityComparer.Default);
    // Scalars read from a handle that name it to its pool (ushort id = buffer.Id), by the handle.
    private readonly Dictionary<ILocalSymbol, ILocalSymbol> _ids = new(SymbolEqualityComparer.Default);
    private readonly PooledHandleRule _rule;

    public PooledHandleWalker(ControlFlowGraph graph, FlowContext context, PooledHandleRule rule)
        : base(graph, context)
    {
        _rule = rule;
    }

    protected override FlowState Initial => FlowState.Empty(NotRented);

    public static HandleKind KindOf(IMethodSymbol method, UringSymbols symbols)
    {
        IMethodSymbol declaration = UringSymbols.Declaration(method);
        if (UringSymbols.Has(declaration, symbols.RentsPooledContext))
        {
            return HandleKind.RentsContext;
        }

        if (UringSymbols.Has(declaration, symbols.ReturnsPooledContext))
        {
            return HandleKind.ReturnsContext;
        }

        if (UringSymbols.Has(declaration, symbols.LendsProvidedBuffer))
        {
            return HandleKind.LendsBuffer;
        }

        return UringSymbols.Has(declaration, symbols.RecyclesProvidedBuffer) ? HandleKind.RecyclesBuffer : HandleKind.None;
    }

    /// <summary>A handle given back in a catch that rethrows is given back again by the finally around it.</summary>
    protected override bool FollowThrowsIntoFinally => true;

    protected override FlowState Visit(IOperation operation, CallOutcome outcome, FlowState state)
    {
        switch (operation)
        {
            case IInvocationOperation invocation:
                return VisitInvocation(invocation, outcome, ForgetRefilled(invocation, state));
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment:
                // The local names something else now: what it named is no longer reached through it.
                _derived.Remove(target.Local);
                state = Forget(state, target.Local);
                if (LendingCall(assignment.Value) is { } rent)
                {
                    _handles[target.Local] = (KindOf(rent.TargetMethod, Symbols), rent);
                    return state.Set(target.Local, Rented);
                }

                _ids.Remove(target.Local);
                if (assignment.Value.WalkDownConversion() is IPropertyReferenceOperation { Instance: { } idOf, Type.SpecialType: not SpecialType.None }
                    && Uncaptured(idOf).WalkDownConversion() is ILocalReferenceOperation idOwner && _handles.ContainsKey(idOwner.Local))
                {
                    // ushort id = buffer.Id: Recycle(id) gives the buffer back.
                    _ids[target.Local] = idOwner.Local;
                }

                if (IsView(target.Local.Type) && HandleBehind(assignment.Value) is { } viewed)
                {
                    // ReadOnlySpan<byte> data = buffer.Data: dies with the buffer.
                    _derived[target.Local] = viewed;
                }

                return _handles.ContainsKey(target.Local) ? state.Set(target.Local, NotRented) : state;
            case ILocalReferenceOperation reference:
                CheckUseAfterReturn(reference, reference.Local, state);
                return _handles.ContainsKey(reference.Local) && HandsOn(reference) ? state.Set(reference.Local, HandedOn) : state;
            case IParameterReferenceOperation parameter:
                CheckUseAfterReturn(parameter, parameter.Parameter, state);
                return state;
            case IFlowAnonymousFunctionOperation lambda:
                return HandOnCaptured(lambda, state);
            default:
                return state;
        }
    }

    /// <summary>
    /// A branch that tests a <c>[NothingLentWhenTrue]</c> property of a held handle (<c>if (buffer.IsEmpty) return;</c>)
    /// owes no give-back where the property is true: nothing was lent.
    /// </summary>
    protected override FlowState Refine(IOperation condition, bool value, FlowState state)
    {
        IOperation current = Uncaptured(condition).WalkDownConversion();
        for (int depth = 0; depth < 4; depth++)
        {
            if (current is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not)
            {
                value = !value;
                current = Uncaptured(not.Operand).WalkDownConversion();
            }
            else if (current is IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary
                     && binary.RightOperand.ConstantValue is { HasValue: true, Value: bool constant })
            {
                value = value == (constant == (binary.OperatorKind == BinaryOperatorKind.Equals));
                current = Uncaptured(binary.LeftOperand).WalkDownConversion();
            }
            else
            {
                break;
            }
        }

        if (value
            && current is IPropertyReferenceOperation { Instance: { } instance } property
            && UringSymbols.Has(property.Property.OriginalDefinition, Symbols.NothingLentWhenTrue)
            && Uncaptured(instance).WalkDownConversion() is ILocalReferenceOperation { Local: { } local }
            && _handles.ContainsKey(local))
        {
            return state.Set(local, NotRented);
        }

        return state;
    }

    /// <summary>
    /// The lending or renting call whose result <paramref name="value"/> is: the call itself (<c>group.Take(cqe)</c>), or,
    /// for a method that lends through the task it returns, the awaited call (<c>await connection.ReceiveProvidedAsync()</c>,
    /// also through <c>.ConfigureAwait(false)</c> or <c>.AsTask()</c>). A task-like result that is not awaited in place
    /// (kept in a local, passed on) is not followed. Null for anything else.
    /// </summary>
    private IInvocationOperation? LendingCall(IOperation value)
    {
        IOperation current = Uncaptured(value).WalkDownConversion();
        bool awaited = false;
        if (current is IAwaitOperation awaiting)
        {
            awaited = true;
            current = Uncaptured(awaiting.Operation).WalkDownConversion();
            while (current is IInvocationOperation { Instance: { } inner } wrapper && IsTaskWrapper(wrapper))
            {
                current = Uncaptured(inner).WalkDownConversion();
            }
        }

        return current is IInvocationOperation rent
               && KindOf(rent.TargetMethod, Symbols) is HandleKind.RentsContext or HandleKind.LendsBuffer
               && OutLocal(rent) is null
               && awaited == IsAwaitable(rent.Type)
            ? rent
            : null;
    }

    /// <summary><c>task.ConfigureAwait(...)</c> or <c>valueTask.AsTask()</c>: the same result, awaited another way.</summary>
    private static bool IsTaskWrapper(IInvocationOperation invocation)
        => invocation.TargetMethod is { Name: "ConfigureAwait" or "AsTask", IsStatic: false } method
           && method.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks"
           && IsAwaitable(invocation.Type);

    /// <summary>A type with an instance <c>GetAwaiter()</c>: a task or another awaitable.</summary>
    private static bool IsAwaitable(ITypeSymbol? type)
    {
        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            foreach (ISymbol member in current.GetMembers("GetAwaiter"))
            {
                if (member is IMethodSymbol { IsStatic: false, Parameters.IsEmpty: true })
                {
                    return true;
                }
            }
        }

        return false;
    }

    protected override void AtExit(FlowState state)
    {
        foreach (KeyValuePair<ILocalSymbol, (HandleKind Kind, IOperation RentedAt)> handle in _handles)
        {
            if ((state.Get(handle.Key) & Rented) != 0)
            {
                Report(_rule.StillHeld(handle.Value.Kind, handle.Key.Name, handle.Value.RentedAt));
            }
        }
    }

    private FlowState VisitInvocation(IInvocationOperation invocation, CallOutcome outcome, FlowState state)
    {
        HandleKind kind = KindOf(invocation.TargetMethod, Symbols);
        if (kind is HandleKind.RentsContext or HandleKind.LendsBuffer && OutLocal(invocation) is { } rented)
        {
            _handles[rented] = (kind, invocation);
            return state.Set(rented, outcome switch
            {
                CallOutcome.False => NotRented,
                CallOutcome.Unknown => HandedOn,
                _ => Rented,
            });
        }

        if (kind is HandleKind.RentsContext or HandleKind.LendsBuffer && OutLocal(invocation) is null && UsedInline(invocation))
        {
            // group.Take(cqe).Data: nothing names the buffer, so nothing can recycle it.
            Report(_rule.StillHeld(kind, invocation.Syntax.ToString(), invocation));
            return state;
        }

        if (kind is HandleKind.ReturnsContext or HandleKind.RecyclesBuffer)
        {
            foreach ((object key, string name) in GivenBack(invocation))
            {
                if (Reporting && (state.Get(key) & Returned) != 0)
                {
                    Report(_rule.ReturnedAgain(invocation, name));
                }

                state = state.Set(key, Returned);
            }

            return state;
        }

        // A submission hands on every handle its arguments mention, unless it returned false (nothing queued). One
        // whose result is returned as it is (return ring.TryPrepareNop(ext.Context);) hands the caller a false it
        // cannot act on: the handle is still held on that path.
        if (IsSubmission(invocation.TargetMethod) && outcome != CallOutcome.False)
        {
            int handedOn = outcome is CallOutcome.Unknown or CallOutcome.Discarded && ResultIsReturned(invocation) ? HandedOn | Rented : HandedOn;
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                foreach (IOperation node in argument.DescendantsAndSelf())
                {
                    if (node is ILocalReferenceOperation local && _handles.ContainsKey(local.Local))
                    {
                        state = state.Set(local.Local, (state.Get(local.Local) & Rented) != 0 ? handedOn : HandedOn);
                    }
                }
            }
        }

        return state;
    }

    /// <summary>
    /// What a return or recycle call gives back: each argument (a local, a parameter, or a member of one, such as
    /// <c>cqe.Ext</c>; <c>buffer.Id</c> stands for the buffer), or the receiver of an instance call (<c>bundle.Recycle()</c>).
    /// </summary>
    private IEnumerable<(object Key, string Name)> GivenBack(IInvocationOperation invocation)
    {
        // The ring a helper takes (Release(ring, ext), as [UringContext] types generate) is where the handle goes back to,
        // not a handle given back.
        IEnumerable<IOperation> given = invocation.Arguments
            .Where(argument => !Symbols.IsRing(argument.Parameter?.Type ?? argument.Value.Type))
            .Select(argument => argument.Value);
        if (invocation.Arguments.IsEmpty && invocation.Instance is { } receiver)
        {
            given = new[] { receiver };
        }

        foreach (IOperation value in given)
        {
            IOperation operation = Uncaptured(value).WalkDownConversion();
            if (operation is ILocalReferenceOperation { Local: { } id } && _ids.TryGetValue(id, out ILocalSymbol? handle))
            {
                yield return (handle, handle.Name);
            }
            else if (operation is ILocalReferenceOperation or IParameterReferenceOperation && operation.ReferencedSymbol() is { } symbol)
            {
                yield return (symbol, symbol.Name);
            }
            else if (operation is IPropertyReferenceOperation { Instance: { } instance } member
                     && Uncaptured(instance).WalkDownConversion().ReferencedSymbol() is { } owner and (ILocalSymbol or IParameterSymbol))
            {
                // buffer.Id of a tracked buffer is the buffer; cqe.Ext is a handle of its own.
                if (owner is ILocalSymbol local && _handles.ContainsKey(local) && member.Type?.SpecialType != SpecialType.None)
                {
                    yield return (local, local.Name);
                }
                else
                {
                    MemberRoot root = new(owner, member.Property);
                    yield return (root, root.Name);
                }
            }
        }
    }

    /// <summary>The handle an expression reads memory of (<c>buffer.Data</c>, <c>bundle.Buffer(i).Slice(..)</c>), or null.</summary>
    private object? HandleBehind(IOperation value)
    {
        IOperation current = Uncaptured(value).WalkDownConversion();
        for (int depth = 0; depth < 6; depth++)
        {
            switch (current)
            {
                case ILocalReferenceOperation local when _derived.TryGetValue(local.Local, out object? derived):
                    return derived;
                case ILocalReferenceOperation local when _handles.ContainsKey(local.Local):
                    // A handle of any type the walker tracks (a LentBuffer is no borrowed view: it may be kept).
                    return local.Local;
                case ILocalReferenceOperation or IParameterReferenceOperation when current.ReferencedSymbol() is { } symbol && IsHandleType(current.Type):
                    return symbol;
                case IPropertyReferenceOperation { Instance: { } instance }:
                    current = Uncaptured(instance).WalkDownConversion();
                    continue;
                case IInvocationOperation { Instance: { } instance }:
                    current = Uncaptured(instance).WalkDownConversion();
                    continue;
                case IImplicitIndexerReferenceOperation { Instance: { } instance }:
                    current = Uncaptured(instance).WalkDownConversion();
                    continue;
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>
    /// A use of <paramref name="symbol"/> (a handle, or a view read from one) after it was given back on every path: its
    /// memory, or its pooled slot, may belong to another request now. Scalar fields of the handle are copies and fine.
    /// </summary>
    private void CheckUseAfterReturn(IOperation reference, ISymbol symbol, FlowState state)
    {
        if (!Reporting || IsRentOrReturnArgument(reference.Parent is IDeclarationExpressionOperation declaration ? declaration.Parent : reference.Parent))
        {
            return;
        }

        object key = symbol is ILocalSymbol local && _derived.TryGetValue(local, out object? viewed) ? viewed : symbol;
        if (state.Get(key) != Returned)
        {
            return;
        }

        bool derived = !ReferenceEquals(key, symbol) && !SymbolEqualityComparer.Default.Equals(key as ISymbol, symbol);
        IOperation? parent = reference.Parent;
        while (parent is IConversionOperation)
        {
            parent = parent.Parent;
        }

        // A view read from the buffer reads its memory wherever it goes (datagram.ToArray(), Parse(line)), except
        // for its length; the handle itself reads memory through its views (buffer.Data, bundle.Buffer(i)).
        bool readsMemory = derived
            ? parent is not (IPropertyReferenceOperation { Property.Name: "Length" or "IsEmpty" } or IBinaryOperation or IIsPatternOperation)
            : parent switch
            {
                IPropertyReferenceOperation property => IsView(property.Type),
                IInvocationOperation call when call.Instance is not null => IsView(call.Type),

                // A typed context's generated accessors (Upload.Load(ext), Upload.In(ext)) read the context's bytes.
                IArgumentOperation { Parent: IInvocationOperation call } => call.TargetMethod.ContainingType is { } type
                    && UringSymbols.Has(type.OriginalDefinition, Symbols.UringContext),
                _ => false,
            };
        if (readsMemory)
        {
            Report(_rule.UsedAfterReturn(reference, symbol.Name));
        }
    }

    /// <summary>Memory a handle lends: spans, memory, pointers, and borrowed views.</summary>
    private bool IsView(ITypeSymbol? type)
        => type is not null
           && (type.TypeKind == TypeKind.Pointer || Symbols.IsAnySpan(type) || Symbols.IsAnyMemory(type) || Symbols.IsBorrowedView(type));

    /// <summary>A type whose values are handed out and given back: a borrowed view (a provided buffer) or a pooled context.</summary>
    private bool IsHandleType(ITypeSymbol? type)
        => type is not null && (Symbols.IsBorrowedView(type) || type.Name is "ExtendedSqe" or "IndirectSqe");

    /// <summary>The call is the value of a <c>return</c> statement or an expression body, as it is.</summary>
    private static bool ResultIsReturned(IInvocationOperation invocation)
    {
        SyntaxNode? parent = invocation.Syntax.Parent;
        while (parent is ParenthesizedExpressionSyntax)
        {
            parent = parent.Parent;
        }

        return parent is ReturnStatementSyntax or ArrowExpressionClauseSyntax;
    }

    /// <summary>
    /// The call's result is used in place (<c>group.Take(cqe).Data</c>, <c>(await connection.ReceiveProvidedAsync()).Span</c>),
    /// not kept, passed or returned.
    /// </summary>
    private static bool UsedInline(IInvocationOperation invocation)
    {
        IOperation result = invocation;
        IOperation? parent = invocation.Parent;
        if (IsAwaitable(invocation.Type))
        {
            // A task-like result: what is used is the awaited value, through ConfigureAwait/AsTask.
            while (parent is IConversionOperation || (parent is IInvocationOperation wrapper && wrapper.Instance?.WalkDownConversion() == result && IsTaskWrapper(wrapper)))
            {
                if (parent is IInvocationOperation)
                {
                    result = parent;
                }

                parent = parent.Parent;
            }

            if (parent is not IAwaitOperation awaited)
            {
                return false;
            }

            result = awaited;
            parent = awaited.Parent;
        }

        while (parent is IConversionOperation)
        {
            parent = parent.Parent;
        }

        return parent switch
        {
            IPropertyReferenceOperation property => property.Instance?.WalkDownConversion() == result,
            IInvocationOperation call => call.Instance?.WalkDownConversion() == result,
            _ => false,
        };
    }

    /// <summary>
    /// A reap or wait fills the completion span or array it is given: <c>done[0].ExtendedSqe</c> after it names the new
    /// completion's context, not the one given back before it.
    /// </summary>
    private FlowState ForgetRefilled(IInvocationOperation invocation, FlowState state)
    {
        if (!Symbols.ObservesCompletionOf(invocation.TargetMethod))
        {
            return state;
        }

        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (Uncaptured(argument.Value).WalkDownConversion() is ILocalReferenceOperation filled)
            {
                state = Forget(state, filled.Local);
            }
        }

        return state;
    }

    /// <summary>The local names other memory now: what was tracked through it ends, and so do views read from it.</summary>
    private FlowState Forget(FlowState state, ILocalSymbol local)
    {
        foreach (KeyValuePair<ILocalSymbol, object> view in _derived.ToList())
        {
            if (view.Value is ISymbol viewed && SymbolEqualityComparer.Default.Equals(viewed, local))
            {
                _derived.Remove(view.Key);
            }
        }

        foreach (object key in state.Keys.ToList())
        {
            if (key is MemberRoot member && SymbolEqualityComparer.Default.Equals(member.Instance, local))
            {
                state = state.Set(key, NotRented);
            }
        }

        return (state.Get(local) & Returned) != 0 ? state.Set(local, NotRented) : state;
    }

    /// <summary>
    /// True when a use of the handle makes someone else responsible for it. Reading or writing its
    /// contents (<c>e.Sqe</c>, <c>e.UserData</c>, <c>e.As&lt;T&gt;()</c>) and comparing it do not; taking its
    /// context or address, passing, storing or returning it do. Arguments of submissions are judged at the
    /// submission, which knows whether it queued anything.
    /// </summary>
    private bool HandsOn(ILocalReferenceOperation reference)
    {
        IOperation? parent = reference.Parent is IDeclarationExpressionOperation declaration ? declaration.Parent : reference.Parent;
        if (InsideSubmission(reference) || IsRentOrReturnArgument(parent))
        {
            return false;
        }

        switch (parent)
        {
            case IPropertyReferenceOperation property when property.Instance == reference:
                return Escapes(property.Type);
            case IInvocationOperation call when call.Instance == reference:
                return Escapes(call.Type);
            case IFieldReferenceOperation field when field.Instance == reference:
                return false;
            case IBinaryOperation:
            case IIsPatternOperation:
                return false;
            default:
                return true;
        }
    }

    private bool Escapes(ITypeSymbol? type)
        => type is not null
           && (SymbolEqualityComparer.Default.Equals(type, Symbols.SqeContext)
               || type.TypeKind == TypeKind.Pointer
               || type.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr);

    private bool IsRentOrReturnArgument(IOperation? parent)
        => parent is IArgumentOperation { Parent: IInvocationOperation call } && KindOf(call.TargetMethod, Symbols) != HandleKind.None;

    private bool InsideSubmission(IOperation reference)
    {
        for (IOperation? current = reference.Parent; current is not null; current = current.Parent)
        {
            if (current is IArgumentOperation { Parent: IInvocationOperation owner } && IsSubmission(owner.TargetMethod))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An op or other issuer-only call that returns whether it queued something.</summary>
    private bool IsSubmission(IMethodSymbol method)
        => Symbols.IsIssuerOnly(method) && method.ReturnType.SpecialType == SpecialType.System_Boolean;

    private FlowState HandOnCaptured(IFlowAnonymousFunctionOperation lambda, FlowState state)
    {
        foreach (IdentifierNameSyntax identifier in lambda.Syntax.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            foreach (ILocalSymbol handle in _handles.Keys)
            {
                if (identifier.Identifier.ValueText == handle.Name)
                {
                    state = state.Set(handle, HandedOn);
                }
            }
        }

        return state;
    }

    private static ILocalSymbol? OutLocal(IInvocationOperation invocation)
    {
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Parameter?.RefKind == RefKind.Out)
            {
                return argument.Value switch
                {
                    ILocalReferenceOperation local => local.Local,
                    IDeclarationExpressionOperation { Expression: ILocalReferenceOperation declared } => declared.Local,
                    _ => null,
                };
            }
        }

        return null;
    }
}
