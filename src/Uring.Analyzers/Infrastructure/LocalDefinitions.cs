using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Uring.Analyzers.Infrastructure;

/// <summary>
/// Every value assigned to each local of one method body (flow-insensitive), plus which locals a
/// <c>fixed</c> statement declares and which arrays a <c>GCHandle.Alloc(..., Pinned)</c> pins. Built once
/// per operation block; a definition the index cannot see the value of (an <c>out</c> argument, a
/// pattern, <c>foreach</c>) is recorded as null, which makes tracing give up on that local.
/// </summary>
internal sealed class LocalDefinitions
{
    private readonly Dictionary<ILocalSymbol, List<IOperation?>> _values = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ILocalSymbol, FixedStatementSyntax> _fixed = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ILocalSymbol, ILocalSymbol> _pinningHandles = new(SymbolEqualityComparer.Default);

    private LocalDefinitions()
    {
    }

    public static LocalDefinitions For(IEnumerable<IOperation> roots)
    {
        LocalDefinitions index = new();
        foreach (IOperation root in roots)
        {
            foreach (IOperation operation in root.DescendantsAndSelf())
            {
                index.Record(operation);
            }
        }

        return index;
    }

    /// <summary>The values assigned to <paramref name="local"/>; a null entry is a definition of unknown value.</summary>
    public IReadOnlyList<IOperation?> Of(ILocalSymbol local)
        => _values.TryGetValue(local, out List<IOperation?>? values) ? values : (IReadOnlyList<IOperation?>)System.Array.Empty<IOperation?>();

    /// <summary>Every local a <c>fixed</c> statement declares.</summary>
    public IEnumerable<ILocalSymbol> FixedLocals => _fixed.Keys;

    /// <summary>The <c>fixed</c> statement that declares <paramref name="local"/>, if any.</summary>
    public FixedStatementSyntax? FixedStatementOf(ILocalSymbol local) => _fixed.TryGetValue(local, out FixedStatementSyntax? statement) ? statement : null;

    /// <summary>The <c>GCHandle</c> local that pins the array in <paramref name="arrayLocal"/>, if any.</summary>
    public ILocalSymbol? PinningHandleOf(ILocalSymbol arrayLocal)
        => _pinningHandles.TryGetValue(arrayLocal, out ILocalSymbol? handle) ? handle : null;

    private void Record(IOperation operation)
    {
        switch (operation)
        {
            case IVariableDeclaratorOperation declarator:
                IOperation? initializer = declarator.GetVariableInitializer()?.Value;
                if (initializer is not null)
                {
                    Add(declarator.Symbol, declarator.Symbol.IsRef ? null : initializer);
                    RecordPin(declarator.Symbol, initializer);
                }

                if (declarator.Syntax.Parent?.Parent is FixedStatementSyntax statement)
                {
                    _fixed[declarator.Symbol] = statement;
                }

                break;
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment:
                Add(target.Local, assignment.IsRef ? null : assignment.Value);
                RecordPin(target.Local, assignment.Value);
                break;
            case ICompoundAssignmentOperation { Target: ILocalReferenceOperation target }:
                Add(target.Local, null);
                break;
            case IIncrementOrDecrementOperation { Target: ILocalReferenceOperation target }:
                Add(target.Local, null);
                break;
            case IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref } argument:
                if (LocalOf(argument.Value) is { } outLocal)
                {
                    Add(outLocal, null);
                }

                break;
            case IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol patternLocal }:
                Add(patternLocal, null);
                break;
            case IForEachLoopOperation loop:
                foreach (ILocalSymbol loopLocal in loop.Locals)
                {
                    Add(loopLocal, null);
                }

                break;
            case IDeconstructionAssignmentOperation deconstruction:
                foreach (IOperation part in deconstruction.Target.DescendantsAndSelf())
                {
                    if (LocalOf(part) is { } partLocal)
                    {
                        Add(partLocal, null);
                    }
                }

                break;
        }
    }

    private void Add(ILocalSymbol local, IOperation? value)
    {
        if (!_values.TryGetValue(local, out List<IOperation?>? values))
        {
            values = new List<IOperation?>();
            _values.Add(local, values);
        }

        values.Add(value);
    }

    /// <summary>Records <c>handle = GCHandle.Alloc(array, GCHandleType.Pinned)</c>.</summary>
    private void RecordPin(ILocalSymbol handle, IOperation value)
    {
        if (value.WalkDownConversion() is IInvocationOperation { TargetMethod: { Name: "Alloc", ContainingType: { Name: "GCHandle" } } } alloc
            && alloc.Arguments.Length == 2
            && alloc.Arguments[1].Value.ConstantValue is { HasValue: true, Value: 3 }
            && LocalOf(alloc.Arguments[0].Value.WalkDownConversion()) is { } array)
        {
            _pinningHandles[array] = handle;
        }
    }

    private static ILocalSymbol? LocalOf(IOperation operation) => operation switch
    {
        ILocalReferenceOperation reference => reference.Local,
        IDeclarationExpressionOperation { Expression: ILocalReferenceOperation declared } => declared.Local,
        _ => null,
    };
}
