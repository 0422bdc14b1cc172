using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Uring.Analyzers.Diagnostics;
using Uring.Analyzers.Infrastructure;
using Uring.Analyzers.Issuer;

namespace Uring.Analyzers.Buffers;

/// <summary>
/// URING0004: a value of a <c>[BorrowedView]</c> type (a completion view, bundle, provided buffer) stored
/// where it outlives the reap loop: a static field, a field or property of a class, an array or collection
/// held in a field, or a closure handed to another thread or kept in a field (or a collection of delegates in one). Locals and struct locals are left alone: they
/// die with the method, which is the reap loop's scope or narrower.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BorrowedViewAnalyzer : UringAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.BorrowedViewStored);

    private protected override void Register(CompilationStartAnalysisContext context, UringSymbols symbols)
    {
        if (symbols.BorrowedView is null)
        {
            return;
        }

        context.RegisterOperationAction(operation => AnalyzeAssignment(operation, symbols), OperationKind.SimpleAssignment);
        context.RegisterOperationAction(operation => AnalyzeCall(operation, (IInvocationOperation)operation.Operation, symbols), OperationKind.Invocation);
        context.RegisterOperationAction(operation => AnalyzeClosure(operation, (IAnonymousFunctionOperation)operation.Operation, symbols), OperationKind.AnonymousFunction);
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, UringSymbols symbols)
    {
        ISimpleAssignmentOperation assignment = (ISimpleAssignmentOperation)context.Operation;
        if (!symbols.IsBorrowedView(assignment.Value.Type)
            || assignment.Value.WalkDownConversion() is IDefaultValueOperation or ILiteralOperation
            || symbols.IsBorrowedView(context.ContainingSymbol.ContainingType)
            || Outlives(assignment.Target) is not { } where)
        {
            return;
        }

        Report(context, assignment.Syntax, assignment.Value.Type!, where);
    }

    private static void AnalyzeCall(OperationAnalysisContext context, IInvocationOperation invocation, UringSymbols symbols)
    {
        // Calling a delegate (an Action<CqeView> handler held in a field) hands the view over for the call only, and
        // looking a view up (Contains, IndexOf) keeps nothing.
        if (invocation.Instance is not { } receiver
            || invocation.TargetMethod.MethodKind == MethodKind.DelegateInvoke
            || invocation.TargetMethod.Name is "Contains" or "IndexOf" or "LastIndexOf" or "Remove" or "BinarySearch"
            || receiver.WalkDownConversion() is not (IFieldReferenceOperation or IPropertyReferenceOperation)
            || !HoldsBorrowedViews(receiver.Type, symbols))
        {
            return;
        }

        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (symbols.IsBorrowedView(argument.Value.Type))
            {
                Report(context, argument.Syntax, argument.Value.Type!, "the collection '" + receiver.Syntax + "'");
            }
        }
    }

    private static void AnalyzeClosure(OperationAnalysisContext context, IAnonymousFunctionOperation lambda, UringSymbols symbols)
    {
        if ((ThreadDispatch.ApiOf(lambda, symbols) ?? StoredClosure(lambda)) is not { } api)
        {
            return;
        }

        HashSet<ISymbol> seen = new(SymbolEqualityComparer.Default);
        foreach (IOperation node in lambda.Body.Descendants())
        {
            if (node is ILocalReferenceOperation or IParameterReferenceOperation
                && symbols.IsBorrowedView(node.Type)
                && node.ReferencedSymbol() is { } captured
                && !captured.IsDeclaredWithin(lambda)
                && seen.Add(captured))
            {
                Report(context, node.Syntax, node.Type!, "a closure given to " + api);
            }
        }
    }

    /// <summary>
    /// Where a closure is kept beyond the method, or null: added to a collection of delegates held in a field or
    /// property (<c>_work.Enqueue(() =&gt; ...)</c>, the argument being the collection's element type), or stored in a
    /// field or property. A closure passed to any other call (<c>list.ForEach</c>) runs, or not, within it.
    /// </summary>
    private static string? StoredClosure(IAnonymousFunctionOperation lambda)
    {
        IOperation node = lambda;
        while (node.Parent is IDelegateCreationOperation or IConversionOperation)
        {
            node = node.Parent;
        }

        switch (node.Parent)
        {
            case IArgumentOperation { Parameter: { } parameter, Parent: IInvocationOperation { Instance: { } receiver } }
                when receiver.WalkDownConversion() is IFieldReferenceOperation or IPropertyReferenceOperation
                    && receiver.Type is INamedTypeSymbol { IsGenericType: true } collection
                    && parameter.Type.TypeKind == TypeKind.Delegate
                    && collection.TypeArguments.Any(element => SymbolEqualityComparer.Default.Equals(element, parameter.Type)):
                return "a closure stored in the collection '" + receiver.Syntax + "'";
            case ISimpleAssignmentOperation assignment when assignment.Value == node && Outlives(assignment.Target) is { } where:
                return "a closure stored in " + where;
            default:
                return null;
        }
    }

    /// <summary>Where a store to <paramref name="target"/> lives beyond the method, or null if it does not.</summary>
    private static string? Outlives(IOperation target)
    {
        switch (target)
        {
            case IFieldReferenceOperation { Field.IsStatic: true } field:
                return "the static field '" + field.Field.Name + "'";
            case IFieldReferenceOperation { Instance: { } instance } field when LivesOnHeap(instance):
                return "the field '" + field.Field.Name + "'";
            case IPropertyReferenceOperation { Property.IsStatic: true } property:
                return "the static property '" + property.Property.Name + "'";
            case IPropertyReferenceOperation { Instance: { } instance } property when LivesOnHeap(instance):
                return property.Property.IsIndexer ? "the collection '" + instance.Syntax + "'" : "the property '" + property.Property.Name + "'";
            case IArrayElementReferenceOperation { ArrayReference: var array } when array.WalkDownConversion() is IFieldReferenceOperation or IPropertyReferenceOperation:
                return "the array '" + array.Syntax + "'";
            default:
                return null;
        }
    }

    /// <summary>A class instance (including <c>this</c> in a class); a struct local or parameter dies with the frame.</summary>
    private static bool LivesOnHeap(IOperation instance) => instance.Type is { IsReferenceType: true };

    private static bool HoldsBorrowedViews(ITypeSymbol? type, UringSymbols symbols)
    {
        if (type is IArrayTypeSymbol array)
        {
            return symbols.IsBorrowedView(array.ElementType);
        }

        if (type is INamedTypeSymbol { IsGenericType: true } named && !symbols.IsAnySpan(named))
        {
            foreach (ITypeSymbol argument in named.TypeArguments)
            {
                if (symbols.IsBorrowedView(argument))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static void Report(OperationAnalysisContext context, SyntaxNode at, ITypeSymbol type, string where)
        => context.ReportDiagnostic(Diagnostic.Create(Descriptors.BorrowedViewStored, at.GetLocation(), type.Name, where));
}
