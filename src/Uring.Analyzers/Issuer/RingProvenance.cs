using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Uring.Analyzers.Infrastructure;

namespace Uring.Analyzers.Issuer;

/// <summary>What is provably known about a bool option a ring was created with.</summary>
internal enum OptionValue
{
    /// <summary>The ring's creation is out of sight (a parameter, a call, another file).</summary>
    Unknown,
    /// <summary>Created with the option off (or left at its default, false).</summary>
    Off,
    /// <summary>Created with the option set to a constant true.</summary>
    On,
}

/// <summary>
/// Finds how a ring was created, to tell a single-issuer ring (<c>MultiIssuers</c> off) or a ring that
/// suppresses write completions (<c>NotifySucceed</c> off) from one whose options are out of sight. It
/// follows locals to their assignments, fields to their initializer and the assignments in the same file, a call of
/// a helper in the same file to what it returns, a <c>Lazy&lt;Ring&gt;</c>'s <c>Value</c> to its factory, a property
/// to its getter, and <c>new Ring(...)</c> to its <see cref="Uring.Analyzers.Infrastructure.UringSymbols.RingOptions"/>
/// object initializer or <c>with</c> expression. Anything else is <see cref="OptionValue.Unknown"/>.
/// </summary>
internal sealed class RingProvenance
{
    public const string MultiIssuers = "MultiIssuers";
    public const string NotifySucceed = "NotifySucceed";

    private const int MaxDepth = 8;

    private readonly UringSymbols _symbols;
    private readonly ConcurrentDictionary<(IFieldSymbol, string), OptionValue> _fields = new();

    public RingProvenance(UringSymbols symbols) => _symbols = symbols;

    /// <summary>
    /// The value of <paramref name="option"/> for the ring <paramref name="ring"/> evaluates to.
    /// <paramref name="model"/> stands in for operations of a control-flow graph, which have none.
    /// </summary>
    public OptionValue Of(IOperation ring, string option, LocalDefinitions definitions, SemanticModel? model = null)
        => Ring(ring, option, definitions, ring.SemanticModel ?? model, 0);

    private OptionValue Ring(IOperation operation, string option, LocalDefinitions definitions, SemanticModel? model, int depth)
    {
        if (depth > MaxDepth)
        {
            return OptionValue.Unknown;
        }

        switch (operation.WalkDownConversion())
        {
            case ILocalReferenceOperation local:
                return All(definitions.Of(local.Local), value => Ring(value, option, definitions, model, depth + 1));
            case IFieldReferenceOperation field when model is not null && DeclaredIn(field.Field, model.SyntaxTree):
                // Cached per field: the answer depends only on the field's own file.
                return _fields.GetOrAdd((field.Field, option), key => Field(key.Item1, key.Item2, model, definitions, depth));
            case IObjectCreationOperation creation when _symbols.IsRing(creation.Type):
                foreach (IArgumentOperation argument in creation.Arguments)
                {
                    if (argument.Parameter is { } parameter && SymbolEqualityComparer.Default.Equals(parameter.Type.OriginalDefinition, _symbols.RingOptions))
                    {
                        return argument.ArgumentKind == ArgumentKind.DefaultValue ? OptionValue.Off : Options(argument.Value, option, definitions, depth + 1);
                    }
                }

                return OptionValue.Off;
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                OptionValue whenTrue = Ring(conditional.WhenTrue, option, definitions, model, depth + 1);
                return whenTrue == Ring(whenFalse, option, definitions, model, depth + 1) ? whenTrue : OptionValue.Unknown;
            case ICoalesceAssignmentOperation coalesce:
                // s_ring ??= CreateRing(): the field, whose assignments include this one.
                return Ring(coalesce.Target, option, definitions, model, depth + 1);
            case ICoalesceOperation coalesce:
                OptionValue first = Ring(coalesce.Value, option, definitions, model, depth + 1);
                return first == Ring(coalesce.WhenNull, option, definitions, model, depth + 1) ? first : OptionValue.Unknown;
            case IInvocationOperation call when SourceFacts.Body(call.TargetMethod, model) is { } body:
                // A helper that creates the ring: what it returns.
                return Returned(body, option, model, depth);
            case IPropertyReferenceOperation { Property.Name: "Value", Instance: { } lazy } value when value.Property.ContainingType.IsType("System", "Lazy`1"):
                return Lazy(lazy, option, definitions, model, depth + 1);
            case IPropertyReferenceOperation { Property: { GetMethod: { } getter, IsIndexer: false } } when SourceFacts.Body(getter, model) is { } body:
                return Returned(body, option, model, depth);
            default:
                return OptionValue.Unknown;
        }
    }

    /// <summary>What a method, accessor or lambda body returns, on every return.</summary>
    private OptionValue Returned(IOperation body, string option, SemanticModel? model, int depth)
    {
        LocalDefinitions definitions = LocalDefinitions.For(new[] { body });
        List<IOperation?> values = new();
        foreach (IOperation node in Own(body))
        {
            if (node is IReturnOperation { ReturnedValue: { } value })
            {
                values.Add(value);
            }
        }

        return All(values, value => Ring(value, option, definitions, model, depth + 1));
    }

    /// <summary>The ring a <c>Lazy&lt;Ring&gt;</c> makes: its factory's result, for every value the lazy is given.</summary>
    private OptionValue Lazy(IOperation lazy, string option, LocalDefinitions definitions, SemanticModel? model, int depth)
    {
        if (depth > MaxDepth)
        {
            return OptionValue.Unknown;
        }

        switch (lazy.WalkDownConversion())
        {
            case IObjectCreationOperation creation when creation.Type.IsType("System", "Lazy`1"):
                foreach (IArgumentOperation argument in creation.Arguments)
                {
                    switch (argument.Value.WalkDownConversion())
                    {
                        case IDelegateCreationOperation { Target: IAnonymousFunctionOperation factory }:
                            return Returned(factory.Body, option, model, depth + 1);
                        case IDelegateCreationOperation { Target: IMethodReferenceOperation { Method: { } method } } when SourceFacts.Body(method, model) is { } body:
                            return Returned(body, option, model, depth + 1);
                    }
                }

                return OptionValue.Unknown;
            case ILocalReferenceOperation local:
                return All(definitions.Of(local.Local), value => Lazy(value, option, definitions, model, depth + 1));
            case IFieldReferenceOperation field when model is not null && DeclaredIn(field.Field, model.SyntaxTree):
                return All(FieldValues(field.Field, model), value => Lazy(value!, option, definitions, model, depth + 1));
            default:
                return OptionValue.Unknown;
        }
    }

    /// <summary>The operations of a body, without those of the lambdas and local functions inside it.</summary>
    private static IEnumerable<IOperation> Own(IOperation body)
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

    private OptionValue Options(IOperation operation, string option, LocalDefinitions definitions, int depth)
    {
        if (depth > MaxDepth)
        {
            return OptionValue.Unknown;
        }

        switch (operation.WalkDownConversion())
        {
            case ILiteralOperation or IDefaultValueOperation:
                return OptionValue.Off;
            case ILocalReferenceOperation local:
                return All(definitions.Of(local.Local), value => Options(value, option, definitions, depth + 1));
            case IObjectCreationOperation creation when SymbolEqualityComparer.Default.Equals(creation.Type, _symbols.RingOptions):
                return Initialized(creation.Initializer, option) ?? OptionValue.Off;
            case IWithOperation with:
                return Initialized(with.Initializer, option) ?? Options(with.Operand, option, definitions, depth + 1);
            default:
                return OptionValue.Unknown;
        }
    }

    /// <summary>The value an object initializer gives <paramref name="option"/>, or null if it does not set it.</summary>
    private static OptionValue? Initialized(IObjectOrCollectionInitializerOperation? initializer, string option)
    {
        if (initializer is null)
        {
            return null;
        }

        foreach (IOperation member in initializer.Initializers)
        {
            if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment && property.Property.Name == option)
            {
                return assignment.Value.ConstantValue is { HasValue: true, Value: bool value }
                    ? (value ? OptionValue.On : OptionValue.Off)
                    : OptionValue.Unknown;
            }
        }

        return null;
    }

    private static bool DeclaredIn(IFieldSymbol field, SyntaxTree tree)
        => field.DeclaringSyntaxReferences.Length > 0 && field.DeclaringSyntaxReferences.All(reference => reference.SyntaxTree == tree);

    /// <summary>A field's initializer and every assignment to it in the same file must agree.</summary>
    private OptionValue Field(IFieldSymbol field, string option, SemanticModel model, LocalDefinitions definitions, int depth)
        => All(FieldValues(field, model), value => Ring(value!, option, definitions, model, depth + 1));

    /// <summary>A field's initializer and every assignment to it in its type, or a null entry when one is out of sight.</summary>
    private static List<IOperation?> FieldValues(IFieldSymbol field, SemanticModel model)
    {
        List<IOperation?> values = new();
        foreach (SyntaxReference reference in field.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree != model.SyntaxTree)
            {
                return new List<IOperation?> { null };
            }

            if (reference.GetSyntax() is VariableDeclaratorSyntax { Initializer: { } initializer })
            {
                values.Add(model.GetOperation(initializer.Value));
            }

            if (reference.GetSyntax().FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } type)
            {
                return new List<IOperation?> { null };
            }

            foreach (AssignmentExpressionSyntax assignment in type.DescendantNodes().OfType<AssignmentExpressionSyntax>())
            {
                if (SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(assignment.Left).Symbol, field))
                {
                    values.Add(model.GetOperation(assignment.Right));
                }
            }
        }

        return values;
    }

    private static OptionValue All(IReadOnlyList<IOperation?> values, System.Func<IOperation, OptionValue> classify)
    {
        if (values.Count == 0)
        {
            return OptionValue.Unknown;
        }

        OptionValue? common = null;
        foreach (IOperation? value in values)
        {
            OptionValue current = value is null ? OptionValue.Unknown : classify(value);
            if (current == OptionValue.Unknown || (common is not null && common != current))
            {
                return OptionValue.Unknown;
            }

            common = current;
        }

        return common ?? OptionValue.Unknown;
    }
}
