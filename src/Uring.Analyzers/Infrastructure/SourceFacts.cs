using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Uring.Analyzers.Buffers;

namespace Uring.Analyzers.Infrastructure;

/// <summary>
/// What the rules learn from other methods and fields of the same compilation: the bodies of methods a call reaches,
/// whether a method (transitively) observes completions, every value a field is given. Only code in the syntax tree
/// being analyzed is read (through that tree's semantic model, so an analyzer never builds models of its own); a
/// method or field declared elsewhere is out of sight, and the rules treat it as unknown. Answers are cached per
/// compilation.
/// </summary>
internal sealed partial class SourceFacts
{
    /// <summary>How deep calls are followed: deep enough for a helper that calls a helper, shallow enough to stay cheap.</summary>
    public const int MaxCallDepth = 4;

    // Summaries under construction on this thread: a method that (indirectly) calls itself sees an empty answer.
    [ThreadStatic]
    private static HashSet<IMethodSymbol>? t_inProgress;

    private readonly UringSymbols _symbols;
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _observes = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IFieldSymbol, IReadOnlyList<IOperation>?> _fieldValues = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IFieldSymbol, bool> _pinnedFields = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, Writes> _writes = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, IReadOnlyList<IFieldSymbol>> _assigned = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, IReadOnlyList<DrivenRing>> _drives = new(SymbolEqualityComparer.Default);

    public SourceFacts(UringSymbols symbols) => _symbols = symbols;

    /// <summary>The body of <paramref name="method"/> (its implementation part), when it is declared in <paramref name="model"/>'s tree.</summary>
    public static IOperation? Body(IMethodSymbol method, SemanticModel? model)
    {
        if (model is null)
        {
            return null;
        }

        IMethodSymbol implementation = method.PartialImplementationPart ?? method.OriginalDefinition;
        foreach (SyntaxReference reference in implementation.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree != model.SyntaxTree)
            {
                continue;
            }

            SyntaxNode syntax = reference.GetSyntax();
            SyntaxNode? body = syntax switch
            {
                BaseMethodDeclarationSyntax declaration => (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody,
                LocalFunctionStatementSyntax local => (SyntaxNode?)local.Body ?? local.ExpressionBody,
                AccessorDeclarationSyntax accessor => (SyntaxNode?)accessor.Body ?? accessor.ExpressionBody,
                ArrowExpressionClauseSyntax arrow => arrow,
                _ => null,
            };
            if (body is null)
            {
                continue;
            }

            IOperation? operation = syntax is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax
                ? model.GetOperation(syntax) ?? model.GetOperation(body)
                : model.GetOperation(body);
            if (operation is not null)
            {
                return operation;
            }
        }

        return null;
    }

    /// <summary>
    /// True when calling <paramref name="method"/> may observe completions: it is marked <c>[ObservesCompletion]</c>, or its
    /// body (in sight) calls such a method, directly or through other methods in sight.
    /// </summary>
    public bool Observes(IMethodSymbol method, SemanticModel? model) => Observes(method, model, 0);

    private bool Observes(IMethodSymbol method, SemanticModel? model, int depth)
    {
        if (_symbols.ObservesCompletionOf(method))
        {
            return true;
        }

        if (depth >= MaxCallDepth || model is null || method.DeclaringSyntaxReferences.IsEmpty)
        {
            return false;
        }

        IMethodSymbol key = method.OriginalDefinition;
        if (_observes.TryGetValue(key, out bool known))
        {
            return known;
        }

        // A recursive method asking about itself gets "no" until its answer is known.
        if (!Enter(key))
        {
            return false;
        }

        bool observes = false;
        if (Body(method, model) is { } body)
        {
            foreach (IOperation node in body.Descendants())
            {
                if (node is IInvocationOperation call && Observes(call.TargetMethod, model, depth + 1))
                {
                    observes = true;
                    break;
                }
            }
        }

        Leave(key);
        _observes[key] = observes;
        return observes;
    }

    /// <summary>
    /// Every value <paramref name="field"/> is given (its initializer and each assignment), when all of them are in
    /// sight: the field is private (or the type's own) and declared in <paramref name="model"/>'s tree, and nothing takes
    /// it by reference. Null when some assignment may be out of sight.
    /// </summary>
    public IReadOnlyList<IOperation>? FieldValues(IFieldSymbol field, SemanticModel? model)
    {
        if (model is null)
        {
            return null;
        }

        IFieldSymbol key = field.OriginalDefinition;
        if (_fieldValues.TryGetValue(key, out IReadOnlyList<IOperation>? known))
        {
            return known;
        }

        IReadOnlyList<IOperation>? values = CollectFieldValues(key, model);
        _fieldValues[key] = values;
        return values;
    }

    private static IReadOnlyList<IOperation>? CollectFieldValues(IFieldSymbol field, SemanticModel model)
    {
        if (field.DeclaredAccessibility is not (Accessibility.Private or Accessibility.Internal) && !field.IsReadOnly)
        {
            return null;
        }

        if (field.ContainingType.DeclaringSyntaxReferences.Any(reference => reference.SyntaxTree != model.SyntaxTree))
        {
            return null;
        }

        List<IOperation> values = new();
        foreach (SyntaxReference reference in field.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree != model.SyntaxTree)
            {
                return null;
            }

            if (reference.GetSyntax() is VariableDeclaratorSyntax { Initializer: { } initializer } && model.GetOperation(initializer.Value) is { } value)
            {
                values.Add(value);
            }
        }

        foreach (TypeDeclarationSyntax type in TypeDeclarations(field.ContainingType, model))
        {
            foreach (SyntaxNode node in type.DescendantNodes())
            {
                if (node is AssignmentExpressionSyntax assignment
                    && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(assignment.Left).Symbol?.OriginalDefinition, field))
                {
                    if (!assignment.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.SimpleAssignmentExpression) || model.GetOperation(assignment.Right) is not { } value)
                    {
                        return null;
                    }

                    values.Add(value);
                }
                else if (node is ArgumentSyntax { RefKindKeyword.RawKind: not 0 } byReference
                         && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(byReference.Expression).Symbol?.OriginalDefinition, field))
                {
                    // Array.Resize(ref field, n) is an assignment of a new array; any other by-reference use is out of sight.
                    if (byReference.Parent?.Parent is InvocationExpressionSyntax call
                        && model.GetOperation(call) is IInvocationOperation { TargetMethod: { Name: "Resize" } resize } resizing
                        && resize.ContainingType.IsType("System", "Array"))
                    {
                        values.Add(resizing);
                        continue;
                    }

                    return null;
                }
            }
        }

        return values;
    }

    /// <summary>The declarations of <paramref name="type"/> in <paramref name="model"/>'s tree (all of them must be there).</summary>
    public static IEnumerable<TypeDeclarationSyntax> TypeDeclarations(INamedTypeSymbol type, SemanticModel model)
    {
        if (type.DeclaringSyntaxReferences.Any(reference => reference.SyntaxTree != model.SyntaxTree))
        {
            return Array.Empty<TypeDeclarationSyntax>();
        }

        return type.DeclaringSyntaxReferences.Select(reference => reference.GetSyntax()).OfType<TypeDeclarationSyntax>();
    }

    /// <summary>
    /// True when the type that declares <paramref name="field"/> pins the array it holds somewhere in sight:
    /// <c>GCHandle.Alloc(field, GCHandleType.Pinned)</c>, a <c>fixed</c> statement over it, or <c>.Pin()</c> of its memory.
    /// </summary>
    public bool IsPinnedInType(IFieldSymbol field, SemanticModel? model)
    {
        if (model is null)
        {
            return false;
        }

        return _pinnedFields.GetOrAdd(field.OriginalDefinition, key =>
        {
            foreach (TypeDeclarationSyntax type in TypeDeclarations(key.ContainingType, model))
            {
                foreach (SyntaxNode node in type.DescendantNodes())
                {
                    bool pinning = node switch
                    {
                        FixedStatementSyntax => true,
                        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Pin" or "Alloc" } } => true,
                        _ => false,
                    };
                    if (pinning && Mentions(node is FixedStatementSyntax statement ? statement.Declaration : node, key, model))
                    {
                        return true;
                    }
                }
            }

            return false;
        });
    }

    private static bool Mentions(SyntaxNode node, IFieldSymbol field, SemanticModel model)
    {
        foreach (IdentifierNameSyntax identifier in node.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
        {
            if (identifier.Identifier.ValueText == field.Name
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier).Symbol?.OriginalDefinition, field))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the body of <paramref name="method"/> (in sight) writes the memory of its parameter <paramref name="ordinal"/>.</summary>
    public bool WritesParameter(IMethodSymbol method, int ordinal, SemanticModel? model, int depth)
        => WritesOf(method, model, depth) is { } writes && writes.Parameters.Contains(ordinal);

    /// <summary>The fields (of <c>this</c>, or static) whose memory the body of <paramref name="method"/> (in sight) writes.</summary>
    public IReadOnlyCollection<IFieldSymbol> WrittenFields(IMethodSymbol method, SemanticModel? model, int depth)
        => (IReadOnlyCollection<IFieldSymbol>?)WritesOf(method, model, depth)?.Fields ?? Array.Empty<IFieldSymbol>();

    private Writes? WritesOf(IMethodSymbol method, SemanticModel? model, int depth)
    {
        if (depth > MaxCallDepth || model is null)
        {
            return null;
        }

        IMethodSymbol key = method.OriginalDefinition;
        if (_writes.TryGetValue(key, out Writes? known))
        {
            return known;
        }

        // A recursive method asking about itself sees nothing written until its answer is known.
        Writes writes = new();
        if (Body(method, model) is not { } body || !Enter(key))
        {
            return writes;
        }

        LocalDefinitions definitions = LocalDefinitions.For(new[] { body });
        foreach (IOperation node in body.DescendantsAndSelf())
        {
            foreach (BufferWrite write in BufferWrites.Of(node, _symbols, model, depth))
            {
                if (write.Field is { } written)
                {
                    writes.Fields.Add(written);
                    continue;
                }

                BufferTrace trace = MemoryTrace.Trace(write.Buffer!, definitions, _symbols, model);
                foreach (ISymbol owner in trace.Owners)
                {
                    if (owner is IParameterSymbol parameter && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, key))
                    {
                        writes.Parameters.Add(parameter.Ordinal);
                    }
                    else if (owner is IFieldSymbol field)
                    {
                        writes.Fields.Add(field);
                    }
                }
            }
        }

        Leave(key);
        _writes[key] = writes;
        return writes;
    }

    /// <summary>
    /// The fields (of <c>this</c>, or static) the body of <paramref name="method"/> (in sight) assigns, directly or through
    /// the methods of the same object it calls: after such a call they name other memory.
    /// </summary>
    public IReadOnlyList<IFieldSymbol> AssignedFields(IMethodSymbol method, SemanticModel? model) => AssignedFields(method, model, 0);

    private IReadOnlyList<IFieldSymbol> AssignedFields(IMethodSymbol method, SemanticModel? model, int depth)
    {
        if (depth > MaxCallDepth || model is null)
        {
            return Array.Empty<IFieldSymbol>();
        }

        IMethodSymbol key = method.OriginalDefinition;
        if (_assigned.TryGetValue(key, out IReadOnlyList<IFieldSymbol>? known))
        {
            return known;
        }

        List<IFieldSymbol> fields = new();
        if (!Enter(key))
        {
            return fields;
        }

        if (Body(method, model) is { } body)
        {
            foreach (IOperation node in body.Descendants())
            {
                switch (node)
                {
                    case ISimpleAssignmentOperation { Target: IFieldReferenceOperation target }:
                        fields.Add(target.Field);
                        break;
                    case IDeconstructionAssignmentOperation deconstruction:
                        fields.AddRange(deconstruction.Target.DescendantsAndSelf().OfType<IFieldReferenceOperation>().Select(field => field.Field));
                        break;
                    case IInvocationOperation call when call.Instance is null or IInstanceReferenceOperation:
                        fields.AddRange(AssignedFields(call.TargetMethod, model, depth + 1));
                        break;
                }
            }
        }

        Leave(key);
        _assigned[key] = fields;
        return fields;
    }

    /// <summary>Marks <paramref name="method"/> as being summarized on this thread; false when it already is (recursion).</summary>
    private static bool Enter(IMethodSymbol method)
    {
        t_inProgress ??= new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        return t_inProgress.Add(method);
    }

    private static void Leave(IMethodSymbol method) => t_inProgress?.Remove(method);

    private sealed class Writes
    {
        public HashSet<int> Parameters { get; } = new();

        public HashSet<IFieldSymbol> Fields { get; } = new(SymbolEqualityComparer.Default);
    }

    /// <summary>
    /// A pool of the application, whatever its names: <paramref name="method"/> puts its parameter into a field of its
    /// type (<c>_free.Push(block)</c>, <c>_slabs.Add(slab)</c>, <c>_slots[i] = item</c>), and another method of the type
    /// returns items of that parameter's type taken out of the same field (<c>Take()</c>, <c>Rent()</c>: popped, dequeued,
    /// removed). What goes in there is handed to the next caller; a list that only keeps buffers alive is no pool.
    /// </summary>
    public static bool TakesBackIntoPool(IMethodSymbol method, SemanticModel? model)
    {
        if (method.DeclaringSyntaxReferences.IsEmpty || method.Parameters.IsEmpty || Body(method, model) is not { } body)
        {
            return false;
        }

        foreach (IOperation node in OwnOperations(body))
        {
            (IFieldSymbol? store, IOperation? item) = node switch
            {
                IInvocationOperation { Instance: IFieldReferenceOperation field, TargetMethod.Name: "Add" or "Push" or "Enqueue" or "TryAdd" or "TryAddLast" or "AddLast" or "TryWrite" or "Return" } call
                    when call.Arguments.Length >= 1 => (field.Field, call.Arguments[0].Value),
                ISimpleAssignmentOperation { Target: IArrayElementReferenceOperation { ArrayReference: IFieldReferenceOperation field } } assignment => (field.Field, assignment.Value),
                _ => (null, null),
            };
            if (store is null || item?.WalkDownConversion() is not IParameterReferenceOperation { Parameter: { } parameter }
                || !SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, method))
            {
                continue;
            }

            foreach (ISymbol member in method.ContainingType.GetMembers())
            {
                if (member is IMethodSymbol other && !SymbolEqualityComparer.Default.Equals(other, method)
                    && SymbolEqualityComparer.Default.Equals(other.ReturnType, parameter.Type)
                    && Body(other, model) is { } handsOut
                    && OwnOperations(handsOut).Any(use => TakesOut(use, store)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// <paramref name="use"/> takes an item out of <paramref name="store"/> for the caller (<c>_free.Pop()</c>,
    /// <c>TryDequeue</c>, <c>TryTake</c>, <c>RemoveAt</c>, or clearing the array slot it read): a pool's rent, not a
    /// tracker that only looks at what it holds.
    /// </summary>
    private static bool TakesOut(IOperation use, IFieldSymbol store)
        => use switch
        {
            IInvocationOperation { Instance: IFieldReferenceOperation field, TargetMethod.Name: "Pop" or "TryPop" or "Dequeue" or "TryDequeue" or "TryTake" or "Take" or "RemoveAt" or "Remove" or "TryRemove" or "TryRead" or "RemoveFirst" or "RemoveLast" or "Rent" }
                => SymbolEqualityComparer.Default.Equals(field.Field, store),
            ISimpleAssignmentOperation { Target: IArrayElementReferenceOperation { ArrayReference: IFieldReferenceOperation field }, Value: var value }
                => SymbolEqualityComparer.Default.Equals(field.Field, store) && value.WalkDownConversion() is IDefaultValueOperation or ILiteralOperation { ConstantValue: { HasValue: true, Value: null } },
            _ => false,
        };


    /// <summary>The operations of a body, without those of the lambdas and local functions inside it.</summary>
    public static IEnumerable<IOperation> OwnOperations(IOperation body)
    {
        Stack<IOperation> pending = new();
        pending.Push(body);
        while (pending.Count > 0)
        {
            IOperation current = pending.Pop();
            yield return current;
            foreach (IOperation child in current.ChildOperations)
            {
                if (child is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
                {
                    pending.Push(child);
                }
            }
        }
    }
}
