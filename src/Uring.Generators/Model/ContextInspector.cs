using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Uring.Generators.Model;

/// <summary>
/// The one definition of a well-formed <c>[UringContext]</c> and <c>[UringHandler]</c>, and the layout of a
/// context's unmanaged fields. The generator writes code only when it finds no problem; Uring.Analyzers
/// compiles this same file and reports the problems, so the two cannot disagree.
/// </summary>
internal static partial class ContextInspector
{
    /// <summary>Bytes of user data in an <c>ExtendedSqe</c>.</summary>
    public const int UserDataSize = 64;

    /// <summary><c>ContextPools.MaxManagedFields</c>.</summary>
    public const int MaxManagedFields = 8;

    public const string CompletionHandlerName = "Uring.CompletionHandler";
    public const string RingName = "Uring.Ring";
    public const string CqeViewName = "Uring.CqeView";
    public const string GeneratorName = "Uring.Generators";

    /// <summary>Names of the members the generator adds to a context.</summary>
    public static readonly string[] ReservedNames =
    {
        "Layout", "Ref", "In", "From", "Store", "Load", "TryRent", "Release", "Dispatch", "Handlers",
        "LayoutSize", "ManagedFieldCount", "__CheckLayout",
    };

    private const int MaxNesting = 16;

    public static ContextInspection Inspect(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        List<ContextProblem> problems = new();
        List<InspectedField> fields = new();
        string typeName = type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);

        string? shapeProblem = System.Array.IndexOf(ReservedNames, type.Name) >= 0
            ? "has the name of a member the generator adds to it"
            : ShapeProblem(type);
        if (shapeProblem is not null)
        {
            problems.Add(new ContextProblem(ContextRule.NotPartialStruct, type, typeName, shapeProblem));
        }

        foreach (ISymbol member in type.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (member.IsImplicitlyDeclared && member is not IFieldSymbol { AssociatedSymbol: IPropertySymbol })
            {
                continue;
            }

            if (IsReserved(member))
            {
                problems.Add(new ContextProblem(ContextRule.ReservedName, member, member.Name));
            }

            if (member is not IFieldSymbol { IsStatic: false, IsConst: false } field)
            {
                continue;
            }

            if (field.AssociatedSymbol is IPropertySymbol property)
            {
                problems.Add(new ContextProblem(ContextRule.UnsupportedField, property, property.Name, Display(property.Type), "is an auto-property; declare the members of a context as fields"));
                continue;
            }

            InspectedField? inspected = InspectField(field, out string? reason);
            if (inspected is not null && inspected.Kind == ContextFieldKind.Unmanaged && IsStructOtherThanPrimitive(field.Type) && IsInGenericType(type))
            {
                // The layout must be sequential there, and a struct field can turn a sequential layout into an
                // automatic one (DateTime does), which could move the fields.
                inspected = null;
                reason = "is a struct in a context nested in a generic type, where the runtime forbids explicit layouts; use primitive fields there";
            }

            if (inspected is null)
            {
                problems.Add(new ContextProblem(ContextRule.UnsupportedField, field, field.Name, Display(field.Type), reason!));
                continue;
            }

            fields.Add(inspected);
        }

        List<InspectedField> handlers = fields.Where(f => f.Kind == ContextFieldKind.Handler).ToList();
        for (int i = 1; i < handlers.Count; i++)
        {
            problems.Add(new ContextProblem(ContextRule.MoreThanOneHandler, handlers[i].Field, typeName, handlers[i].Field.Name));
        }

        int managedIndex = 0;
        foreach (InspectedField field in fields.Where(f => f.Kind == ContextFieldKind.Managed))
        {
            field.ManagedIndex = managedIndex++;
        }

        if (managedIndex > MaxManagedFields)
        {
            problems.Add(new ContextProblem(ContextRule.TooManyManagedFields, type, typeName, managedIndex.ToString(System.Globalization.CultureInfo.InvariantCulture), MaxManagedFields.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        int layoutSize = LayOut(fields);
        if (layoutSize > UserDataSize)
        {
            problems.Add(new ContextProblem(ContextRule.TooLarge, type, typeName, layoutSize.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return new ContextInspection(fields, problems, layoutSize);
    }

    /// <summary>
    /// True when the context or a type containing it is generic: its nested <c>Layout</c> is then generic
    /// too, and the runtime refuses explicit layouts for generic types, so the generator lays it out
    /// sequentially (in the same order, which gives the same offsets for primitive fields).
    /// </summary>
    public static bool IsInGenericType(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.IsGenericType)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Null for a well-formed handler, else why it is not <c>static void M(Ring ring, in CqeView cqe)</c>.</summary>
    public static string? HandlerProblem(IMethodSymbol method)
    {
        if (!method.IsStatic)
        {
            return "must be static (only static methods can be stored as function pointers)";
        }

        if (method.IsGenericMethod)
        {
            return "must not be generic";
        }

        if (!method.ReturnsVoid)
        {
            return "must return void";
        }

        if (method.Parameters.Length != 2
            || method.Parameters[0].RefKind != RefKind.None
            || SymbolFacts.MetadataName(method.Parameters[0].Type) != RingName
            || method.Parameters[1].RefKind != RefKind.In
            || SymbolFacts.MetadataName(method.Parameters[1].Type) != CqeViewName)
        {
            return "must take (Ring ring, in CqeView cqe)";
        }

        for (INamedTypeSymbol? current = method.ContainingType; current is not null; current = current.ContainingType)
        {
            if (current.IsGenericType)
            {
                return "must not be in a generic type (its address is taken without type arguments)";
            }
        }

        return null;
    }

    /// <summary>
    /// Places the unmanaged fields: the handler at 0, then by alignment (largest first, declaration order
    /// within one alignment), each at a multiple of its alignment. Returns the size rounded up to the
    /// largest alignment.
    /// </summary>
    private static int LayOut(List<InspectedField> fields)
    {
        IEnumerable<InspectedField> ordered = fields
            .Where(f => f.Kind != ContextFieldKind.Managed)
            .Select((field, index) => (field, index))
            .OrderBy(pair => pair.field.Kind == ContextFieldKind.Handler ? 0 : 1)
            .ThenByDescending(pair => pair.field.Alignment)
            .ThenBy(pair => pair.index)
            .Select(pair => pair.field);
        int offset = 0;
        int maxAlignment = 1;
        foreach (InspectedField field in ordered)
        {
            offset = AlignUp(offset, field.Alignment);
            field.Offset = offset;
            offset += field.Size;
            maxAlignment = System.Math.Max(maxAlignment, field.Alignment);
        }

        return AlignUp(offset, maxAlignment);
    }

    private static string? ShapeProblem(INamedTypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Struct)
        {
            return "is not a struct";
        }

        if (type.IsRefLikeType)
        {
            return "is a ref struct";
        }

        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.IsFileLocal)
            {
                return "is in a file-local type, which the generated part cannot reopen";
            }

            bool partial = current.DeclaringSyntaxReferences.Length > 0
                && current.DeclaringSyntaxReferences.All(reference =>
                    reference.GetSyntax() is TypeDeclarationSyntax declaration
                    && declaration.Modifiers.Any(SyntaxKind.PartialKeyword));
            if (!partial)
            {
                return ReferenceEquals(current, type)
                    ? "is not declared partial"
                    : "is nested in '" + current.Name + "', which is not declared partial";
            }
        }

        return null;
    }

    /// <summary>
    /// A user member with a generated member's name, or with the <c>__</c> prefix the generated code keeps
    /// for its own locals and fields (the generator's own members are marked [GeneratedCode]).
    /// </summary>
    private static bool IsReserved(ISymbol member)
    {
        if (System.Array.IndexOf(ReservedNames, member.Name) < 0 && !member.Name.StartsWith("__", System.StringComparison.Ordinal))
        {
            return false;
        }

        foreach (AttributeData attribute in member.GetAttributes())
        {
            if (attribute.AttributeClass is { } attributeClass
                && SymbolFacts.MetadataName(attributeClass) == "System.CodeDom.Compiler.GeneratedCodeAttribute"
                && attribute.ConstructorArguments.Length > 0
                && attribute.ConstructorArguments[0].Value is GeneratorName)
            {
                return false;
            }
        }

        return true;
    }

    private static InspectedField? InspectField(IFieldSymbol field, out string? reason)
    {
        ITypeSymbol type = field.Type;
        reason = null;
        if (field.IsFixedSizeBuffer)
        {
            reason = "is a fixed-size buffer; use an [InlineArray] struct instead";
            return null;
        }

        if (field.RefKind != RefKind.None)
        {
            reason = "is a ref field";
            return null;
        }

        if (SymbolFacts.MetadataName(type) == CompletionHandlerName)
        {
            return new InspectedField(field, ContextFieldKind.Handler, 8, 8, exactSize: true);
        }

        if (type.IsReferenceType)
        {
            return new InspectedField(field, ContextFieldKind.Managed, 0, 1, exactSize: true);
        }

        if (ContainsTypeParameter(type))
        {
            reason = "depends on a type parameter, so its size is not known when the code is generated";
            return null;
        }

        if (type.IsRefLikeType)
        {
            reason = "is a ref struct, which cannot outlive the call that made it";
            return null;
        }

        if (!type.IsUnmanagedType)
        {
            reason = "is a struct that contains references; store the references as separate fields";
            return null;
        }

        if (!TryMeasure(type, 0, out int size, out int alignment, out bool exact, out string? problem))
        {
            reason = problem ?? "has a layout the generator cannot compute";
            return null;
        }

        return new InspectedField(field, ContextFieldKind.Unmanaged, size, alignment, exact);
    }

    private static int AlignUp(int value, int alignment) => (value + alignment - 1) / alignment * alignment;

    private static string Display(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
}
