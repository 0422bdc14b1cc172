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

    protected override FlowState Visit(IOperation operation, CallOutcome outcome, FlowState state)
    {
        switch (operation)
        {
            case IInvocationOperation invocation:
                return VisitInvocation(invocation, outcome, state);
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment:
                if (assignment.Value.WalkDownConversion() is IInvocationOperation rent && KindOf(rent.TargetMethod, Symbols) is HandleKind.RentsContext or HandleKind.LendsBuffer && OutLocal(rent) is null)
                {
                    _handles[target.Local] = (KindOf(rent.TargetMethod, Symbols), rent);
                    return state.Set(target.Local, Rented);
                }

                return _handles.ContainsKey(target.Local) ? state.Set(target.Local, NotRented) : state;
            case ILocalReferenceOperation reference when _handles.ContainsKey(reference.Local) && HandsOn(reference):
                return state.Set(reference.Local, HandedOn);
            case IFlowAnonymousFunctionOperation lambda:
                return HandOnCaptured(lambda, state);
            default:
                return state;
        }
    }

    protected override void AtExit(FlowState state)
    {
        foreach (KeyValuePair<ILocalSymbol, (HandleKind Kind, IOperation RentedAt)> handle in _handles)
        {
            if ((state.Get(handle.Key) & Rented) != 0)
            {
                Report(_rule.StillHeld(handle.Value.Kind, handle.Key, handle.Value.RentedAt));
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

        if (kind is HandleKind.ReturnsContext or HandleKind.RecyclesBuffer)
        {
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (argument.Value.WalkDownConversion() is ILocalReferenceOperation local && _handles.ContainsKey(local.Local))
                {
                    if (Reporting && (state.Get(local.Local) & Returned) != 0)
                    {
                        Report(_rule.ReturnedAgain(invocation, local.Local));
                    }

                    state = state.Set(local.Local, Returned);
                }
            }

            return state;
        }

        // A submission hands on every handle its arguments mention, unless it returned false (nothing queued).
        if (IsSubmission(invocation.TargetMethod) && outcome != CallOutcome.False)
        {
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                foreach (IOperation node in argument.DescendantsAndSelf())
                {
                    if (node is ILocalReferenceOperation local && _handles.ContainsKey(local.Local))
                    {
                        state = state.Set(local.Local, HandedOn);
                    }
                }
            }
        }

        return state;
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
