using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Uring.Generators.Model;

/// <summary>How <see cref="ContextInspector"/> measures the size and alignment of an unmanaged field type.</summary>
internal static partial class ContextInspector
{
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

        if (KnownStructs.TryGetValue(SymbolFacts.MetadataName(named), out (int Size, int Alignment) known))
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
        ["Uring.ExtendedSqe"] = (8, 8),
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
            string name = attribute.AttributeClass is null ? string.Empty : SymbolFacts.MetadataName(attribute.AttributeClass);
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
                && SymbolFacts.MetadataName(attributeClass) == "System.Runtime.InteropServices.FieldOffsetAttribute"
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
}
