using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Uring.Generators.Model;

/// <summary>The rules a <c>[UringContext]</c> or <c>[UringHandler]</c> declaration can break.</summary>
internal enum ContextRule
{
    /// <summary>Not a partial, non-ref struct in partial containing types; args: type, reason.</summary>
    NotPartialStruct,
    /// <summary>The unmanaged fields need more than 64 bytes; args: type, bytes.</summary>
    TooLarge,
    /// <summary>A member the generator cannot store; args: member, type, reason.</summary>
    UnsupportedField,
    /// <summary>More reference fields than the side table holds; args: type, count, maximum.</summary>
    TooManyManagedFields,
    /// <summary>A second <c>CompletionHandler</c> field; args: type, field.</summary>
    MoreThanOneHandler,
    /// <summary>A member named like a generated one; args: member.</summary>
    ReservedName,
    /// <summary>A <c>[UringHandler]</c> that is not <c>static void M(Ring, in CqeView)</c>; args: method, reason.</summary>
    HandlerShape,
}

/// <summary>How a context field is stored.</summary>
internal enum ContextFieldKind
{
    /// <summary>By value in the 64 bytes of user data.</summary>
    Unmanaged = 0,
    /// <summary>In the pool's GC-visible table of references.</summary>
    Managed = 1,
    /// <summary>The <c>CompletionHandler</c> slot, always at offset 0.</summary>
    Handler = 2,
}

/// <summary>One broken rule, with the symbol an analyzer reports it on.</summary>
internal sealed class ContextProblem
{
    public ContextProblem(ContextRule rule, ISymbol symbol, params string[] arguments)
    {
        Rule = rule;
        Symbol = symbol;
        Arguments = arguments;
    }

    public ContextRule Rule { get; }

    public ISymbol Symbol { get; }

    public string[] Arguments { get; }
}

/// <summary>A field of a context with its storage, size and (for unmanaged fields) offset.</summary>
internal sealed class InspectedField
{
    public InspectedField(IFieldSymbol field, ContextFieldKind kind, int size, int alignment, bool exactSize)
    {
        Field = field;
        Kind = kind;
        Size = size;
        Alignment = alignment;
        ExactSize = exactSize;
    }

    public IFieldSymbol Field { get; }

    public ContextFieldKind Kind { get; }

    public int Size { get; }

    public int Alignment { get; }

    /// <summary>False for structs whose size was computed from their fields: generated code re-checks it.</summary>
    public bool ExactSize { get; }

    public int Offset { get; set; } = -1;

    public int ManagedIndex { get; set; } = -1;
}

/// <summary>What <see cref="ContextInspector.Inspect"/> found: fields in declaration order, the layout, and every problem.</summary>
internal sealed class ContextInspection
{
    public ContextInspection(List<InspectedField> fields, List<ContextProblem> problems, int layoutSize)
    {
        Fields = fields;
        Problems = problems;
        LayoutSize = layoutSize;
    }

    public List<InspectedField> Fields { get; }

    public List<ContextProblem> Problems { get; }

    public int LayoutSize { get; }
}

/// <summary>
/// The one definition of a well-formed <c>[UringContext]</c> and <c>[UringHandler]</c>, and the layout of a
/// context's unmanaged fields. The generator writes code only when it finds no problem; Uring.Analyzers
/// compiles this same file and reports the problems, so the two cannot disagree.
/// </summary>
internal static class ContextInspector
{
    /// <summary>Bytes of user data in an <c>ExtSqe</c>.</summary>
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
            || MetadataName(method.Parameters[0].Type) != RingName
            || method.Parameters[1].RefKind != RefKind.In
            || MetadataName(method.Parameters[1].Type) != CqeViewName)
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

    public static string MetadataName(ITypeSymbol type)
    {
        if (type.ContainingNamespace is null || type.ContainingNamespace.IsGlobalNamespace)
        {
            return type.MetadataName;
        }

        return type.ContainingNamespace.ToDisplayString() + "." + type.MetadataName;
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
                && MetadataName(attributeClass) == "System.CodeDom.Compiler.GeneratedCodeAttribute"
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

        if (MetadataName(type) == CompletionHandlerName)
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

    /// <summary>
    /// The managed size and alignment of an unmanaged type: exact for primitives, enums, pointers, the
    /// common BCL structs (<see cref="KnownStructs"/>) and <c>Nullable</c> of those; computed from the fields
    /// for other structs (sequential layout, <c>Pack</c>/<c>Size</c> and explicit offsets when declared in
    /// source, fixed buffers, <c>[InlineArray]</c>). A computed size is re-checked by the generated code
    /// against <c>Unsafe.SizeOf</c>, at no cost once jitted. Structs whose fields a reference assembly hides
    /// (the placeholder fields <c>_dummyPrimitive</c>/<c>_dummy</c>, or none at all) cannot be measured.
    /// </summary>
    private static bool TryMeasure(ITypeSymbol type, int depth, out int size, out int alignment, out bool exact, out string? problem)
    {
        exact = true;
        alignment = 1;
        size = 0;
        problem = null;
        if (depth > MaxNesting)
        {
            return false;
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean:
            case SpecialType.System_Byte:
            case SpecialType.System_SByte:
                size = alignment = 1;
                return true;
            case SpecialType.System_Char:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
                size = alignment = 2;
                return true;
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Single:
                size = alignment = 4;
                return true;
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_Double:
            case SpecialType.System_IntPtr:
            case SpecialType.System_UIntPtr:
                size = alignment = 8;
                return true;
            case SpecialType.System_Decimal:
                size = 16;
                alignment = 8;
                return true;
        }

        if (type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer)
        {
            size = alignment = 8;
            return true;
        }

        if (type is not INamedTypeSymbol named || type.TypeKind is not (TypeKind.Struct or TypeKind.Enum))
        {
            return false;
        }

        if (named.TypeKind == TypeKind.Enum)
        {
            return named.EnumUnderlyingType is { } underlying && TryMeasure(underlying, depth + 1, out size, out alignment, out exact, out problem);
        }

        if (KnownStructs.TryGetValue(MetadataName(named), out (int Size, int Alignment) known))
        {
            (size, alignment) = known;
            return true;
        }

        if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
        {
            // bool hasValue, then the value at its alignment: the runtime's layout of Nullable<T>.
            if (!TryMeasure(named.TypeArguments[0], depth + 1, out int valueSize, out alignment, out exact, out problem))
            {
                return false;
            }

            size = AlignUp(AlignUp(1, alignment) + valueSize, alignment);
            return true;
        }

        exact = false;
        return TryMeasureStruct(named, depth, out size, out alignment, out problem);
    }

    /// <summary>
    /// Sizes and alignments (64-bit Linux) of BCL structs whose fields reference assemblies hide, so they
    /// cannot be computed from what the compiler sees.
    /// </summary>
    private static readonly Dictionary<string, (int Size, int Alignment)> KnownStructs = new()
    {
        ["System.Guid"] = (16, 4),
        ["System.DateTime"] = (8, 8),
        ["System.DateTimeOffset"] = (16, 8),
        ["System.TimeSpan"] = (8, 8),
        ["System.DateOnly"] = (4, 4),
        ["System.TimeOnly"] = (8, 8),
        ["System.Half"] = (2, 2),
        ["System.Int128"] = (16, 16),
        ["System.UInt128"] = (16, 16),
        ["System.Index"] = (4, 4),
        ["System.Range"] = (8, 4),
        ["System.Numerics.Complex"] = (16, 8),
        ["System.Runtime.InteropServices.NFloat"] = (8, 8),
        ["System.Runtime.InteropServices.CLong"] = (8, 8),
        ["System.Runtime.InteropServices.CULong"] = (8, 8),
        ["Uring.SqeContext"] = (8, 8),
        ["Uring.ExtSqe"] = (8, 8),
        ["Uring.IndirectSqe"] = (8, 8),
    };

    private static bool TryMeasureStruct(INamedTypeSymbol type, int depth, out int size, out int alignment, out string? problem)
    {
        size = 0;
        alignment = 1;
        problem = null;
        IFieldSymbol[] fields = type.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic && !f.IsConst).ToArray();
        if (type.DeclaringSyntaxReferences.IsEmpty
            && (fields.Length == 0 || fields.Any(f => f.Name is "_dummyPrimitive" or "_dummy")))
        {
            problem = "is a struct whose fields the referenced (reference) assembly hides, so its size is unknown when the code is generated; store its parts as fields";
            return false;
        }

        ReadLayout(type, out bool isExplicit, out int pack, out int declaredSize, out int inlineLength);
        int end = 0;
        foreach (IFieldSymbol field in fields)
        {
            int fieldSize;
            int fieldAlignment;
            if (field.IsFixedSizeBuffer)
            {
                if (field.Type is not IPointerTypeSymbol pointer || !TryMeasure(pointer.PointedAtType, depth + 1, out int elementSize, out fieldAlignment, out _, out problem))
                {
                    return false;
                }

                fieldSize = elementSize * field.FixedSize;
            }
            else if (!TryMeasure(field.Type, depth + 1, out fieldSize, out fieldAlignment, out _, out problem))
            {
                return false;
            }

            if (inlineLength > 0)
            {
                fieldSize *= inlineLength;
            }

            if (pack > 0)
            {
                fieldAlignment = System.Math.Min(fieldAlignment, pack);
            }

            int offset;
            if (isExplicit)
            {
                if (!TryGetFieldOffset(field, out offset))
                {
                    return false;
                }
            }
            else
            {
                offset = AlignUp(end, fieldAlignment);
            }

            end = System.Math.Max(end, offset + fieldSize);
            alignment = System.Math.Max(alignment, fieldAlignment);
        }

        size = System.Math.Max(System.Math.Max(AlignUp(end, alignment), declaredSize), 1);
        size = AlignUp(size, alignment);
        return true;
    }

    /// <summary>The StructLayout (visible for types declared in source) and InlineArray attributes.</summary>
    private static void ReadLayout(INamedTypeSymbol type, out bool isExplicit, out int pack, out int declaredSize, out int inlineLength)
    {
        isExplicit = false;
        pack = 0;
        declaredSize = 0;
        inlineLength = 0;
        foreach (AttributeData attribute in type.GetAttributes())
        {
            string name = attribute.AttributeClass is null ? string.Empty : MetadataName(attribute.AttributeClass);
            if (name == "System.Runtime.CompilerServices.InlineArrayAttribute"
                && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is int length)
            {
                inlineLength = length;
            }
            else if (name == "System.Runtime.InteropServices.StructLayoutAttribute")
            {
                if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int or short)
                {
                    isExplicit = System.Convert.ToInt32(attribute.ConstructorArguments[0].Value, System.Globalization.CultureInfo.InvariantCulture) == 2;
                }

                foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
                {
                    if (named.Key == "Pack" && named.Value.Value is int packValue)
                    {
                        pack = packValue;
                    }
                    else if (named.Key == "Size" && named.Value.Value is int sizeValue)
                    {
                        declaredSize = sizeValue;
                    }
                }
            }
        }
    }

    private static bool TryGetFieldOffset(IFieldSymbol field, out int offset)
    {
        foreach (AttributeData attribute in field.GetAttributes())
        {
            if (attribute.AttributeClass is { } attributeClass
                && MetadataName(attributeClass) == "System.Runtime.InteropServices.FieldOffsetAttribute"
                && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is int value)
            {
                offset = value;
                return true;
            }
        }

        offset = 0;
        return false;
    }

    private static bool IsStructOtherThanPrimitive(ITypeSymbol type)
        => type.TypeKind == TypeKind.Struct && type.SpecialType == SpecialType.None;

    private static bool ContainsTypeParameter(ITypeSymbol type) => type switch
    {
        ITypeParameterSymbol => true,
        IArrayTypeSymbol array => ContainsTypeParameter(array.ElementType),
        IPointerTypeSymbol pointer => ContainsTypeParameter(pointer.PointedAtType),
        INamedTypeSymbol named => named.TypeArguments.Any(ContainsTypeParameter)
            || (named.ContainingType is { } containing && ContainsTypeParameter(containing)),
        _ => false,
    };

    private static int AlignUp(int value, int alignment) => (value + alignment - 1) / alignment * alignment;

    private static string Display(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
}
