using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Uring.Generators.Helpers;

namespace Uring.Generators.Model;

/// <summary>How each parameter of an op maps to SQE fields, and how its value is encoded there.</summary>
internal static partial class OpModelBuilder
{
    /// <summary>
    /// Two value parameters aimed at the same SQE bytes would be OR-ed into one store, which is never what
    /// a declaration means: reject it (the analyzers report URING0105). Flags and attribute constants are
    /// meant to be OR-ed and are not counted.
    /// </summary>
    private static bool WritesOneFieldTwice(List<OpParameter> parameters)
    {
        HashSet<int> groups = new();
        foreach (OpParameter parameter in parameters)
        {
            if (parameter.Encoding is ParameterEncoding.Context or ParameterEncoding.Options or ParameterEncoding.Ring or ParameterEncoding.Flag)
            {
                continue;
            }

            if (!groups.Add(SqeFieldTable.Group(parameter.Field))
                || (parameter.LengthField != SqeFieldTable.None && !groups.Add(SqeFieldTable.Group(parameter.LengthField))))
            {
                return true;
            }
        }

        return false;
    }

    private static OpParameter? BuildParameter(IParameterSymbol parameter)
    {
        if (parameter.RefKind == RefKind.Out)
        {
            // The generated body only reads its parameters; an out parameter would never be assigned.
            return null;
        }

        string name = "@" + parameter.Name;
        string type = parameter.Type.ToDisplayString(s_typeFormat);
        string modifiers = ModifiersOf(parameter);
        string metadataName = MetadataNameOf(parameter.Type);

        AttributeData? sqe = null;
        AttributeData? flag = null;
        foreach (AttributeData attribute in parameter.GetAttributes())
        {
            string? attributeName = attribute.AttributeClass is null ? null : MetadataNameOf(attribute.AttributeClass);
            if (attributeName == KnownNames.SqeAttribute)
            {
                sqe = attribute;
            }
            else if (attributeName == KnownNames.SqeFlagAttribute)
            {
                flag = attribute;
            }
        }

        if (sqe is null && flag is null)
        {
            return metadataName switch
            {
                KnownNames.SqeContext => Simple(ParameterEncoding.Context),
                KnownNames.OpOptions => Simple(ParameterEncoding.Options),
                KnownNames.Ring => Simple(ParameterEncoding.Ring),
                _ => null,
            };
        }

        if (sqe is not null && flag is not null)
        {
            return null;
        }

        if (flag is not null)
        {
            if (parameter.Type.SpecialType != SpecialType.System_Boolean
                || flag.ConstructorArguments.Length != 2
                || flag.ConstructorArguments[0].Value is not int flagField
                || !SqeFieldTable.IsScalar(flagField)
                || flag.ConstructorArguments[1].Kind == TypedConstantKind.Array
                || !TryGetInteger(flag.ConstructorArguments[1].Value, out long bits))
            {
                return null;
            }

            return new OpParameter(name, type, modifiers, ParameterEncoding.Flag, flagField, SqeFieldTable.None, false, 0, unchecked((ulong)bits));
        }

        if (sqe!.ConstructorArguments.Length != 1 || sqe.ConstructorArguments[0].Value is not int field || !SqeFieldTable.IsValid(field))
        {
            return null;
        }

        int lengthField = SqeFieldTable.None;
        bool staged = false;
        bool notEmpty = false;
        long bias = 0;
        foreach (KeyValuePair<string, TypedConstant> named in sqe.NamedArguments)
        {
            switch (named.Key)
            {
                case "LengthField" when named.Value.Value is int value:
                    lengthField = value;
                    break;
                case "Staged" when named.Value.Value is bool value:
                    staged = value;
                    break;
                case "NotEmpty" when named.Value.Value is bool value:
                    notEmpty = value;
                    break;
                case "Bias" when named.Value.Value is int value:
                    bias = value;
                    break;
            }
        }

        ParameterEncoding? encoding = field == SqeFieldTable.Cmd
            ? CommandEncodingOf(parameter.Type, metadataName, staged)
            : EncodingOf(parameter.Type, metadataName, staged);
        if (encoding is null
            || (lengthField != SqeFieldTable.None && !SqeFieldTable.IsScalar(lengthField))
            || (lengthField != SqeFieldTable.None && !CarriesLength(encoding.Value, parameter.Type))
            || (notEmpty && encoding is not (ParameterEncoding.HeldSpan or ParameterEncoding.StagedSpan))
            || (bias != 0 && encoding != ParameterEncoding.Scalar))
        {
            return null;
        }

        return new OpParameter(name, type, modifiers, encoding.Value, field, lengthField, notEmpty, bias, 0);

        OpParameter Simple(ParameterEncoding encoding)
            => new(name, type, modifiers, encoding, SqeFieldTable.None, SqeFieldTable.None, false, 0, 0);
    }

    /// <summary>Only a byte span can fill the inline command area; it is always copied, so Staged is implied.</summary>
    private static ParameterEncoding? CommandEncodingOf(ITypeSymbol type, string metadataName, bool staged)
        => type is INamedTypeSymbol { IsGenericType: true } named
           && metadataName is KnownNames.Span or KnownNames.ReadOnlySpan
           && named.TypeArguments[0].SpecialType == SpecialType.System_Byte
           && !staged
            ? ParameterEncoding.Command
            : null;

    /// <summary>
    /// Spans carry their element count; a staged struct carries the value of its integer <c>Length</c>
    /// member (a sockaddr's size, for example).
    /// </summary>
    private static bool CarriesLength(ParameterEncoding encoding, ITypeSymbol type)
    {
        if (encoding is ParameterEncoding.HeldSpan or ParameterEncoding.StagedSpan)
        {
            return true;
        }

        if (encoding != ParameterEncoding.StagedStruct)
        {
            return false;
        }

        foreach (ISymbol member in type.GetMembers("Length"))
        {
            ITypeSymbol? memberType = member switch
            {
                IPropertySymbol { IsStatic: false, GetMethod: not null } property => property.Type,
                IFieldSymbol { IsStatic: false } fieldSymbol => fieldSymbol.Type,
                _ => null,
            };
            if (memberType is not null && IsInteger(memberType.SpecialType))
            {
                return true;
            }
        }

        return false;
    }

    private static ParameterEncoding? EncodingOf(ITypeSymbol type, string metadataName, bool staged)
    {
        if (staged && type.IsValueType && IsSlotStageable(type))
        {
            // Data with inner pointers (a msghdr and the iovecs and name it points at) cannot be copied as
            // one blob; the type stages its parts itself and returns the address of the top one.
            return ParameterEncoding.SelfStaged;
        }

        if (type.TypeKind == TypeKind.Pointer
            || type.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr)
        {
            return staged ? null : ParameterEncoding.Address;
        }

        if (type.TypeKind == TypeKind.Enum || IsInteger(type.SpecialType))
        {
            return staged ? null : ParameterEncoding.Scalar;
        }

        if (metadataName == KnownNames.TimeSpan)
        {
            return ParameterEncoding.Duration;
        }

        if (type is INamedTypeSymbol { IsGenericType: true } named
            && metadataName is KnownNames.Span or KnownNames.ReadOnlySpan)
        {
            ITypeSymbol element = named.TypeArguments[0];
            if (element.SpecialType == SpecialType.System_Char)
            {
                return metadataName == KnownNames.ReadOnlySpan && !staged ? ParameterEncoding.Path : null;
            }

            if (!element.IsUnmanagedType)
            {
                return null;
            }

            return staged ? ParameterEncoding.StagedSpan : ParameterEncoding.HeldSpan;
        }

        if (type.IsValueType && type.IsUnmanagedType && staged)
        {
            return ParameterEncoding.StagedStruct;
        }

        return null;
    }

    private static bool IsSlotStageable(ITypeSymbol type)
    {
        foreach (INamedTypeSymbol implemented in type.AllInterfaces)
        {
            if (MetadataNameOf(implemented) == KnownNames.SlotStageable)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsInteger(SpecialType type) => type is SpecialType.System_Byte or SpecialType.System_SByte
        or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
        or SpecialType.System_Int64 or SpecialType.System_UInt64;

    private static int FieldOfConstant(string property) => property switch
    {
        "SqeFlags" => SqeFieldTable.Flags,
        "IoPrio" => SqeFieldTable.IoPrio,
        "Fd" => SqeFieldTable.Fd,
        "Off" => SqeFieldTable.Off,
        "Addr" => SqeFieldTable.Addr,
        "Len" => SqeFieldTable.Len,
        "OpFlags" => SqeFieldTable.OpFlags,
        "BufIndex" => SqeFieldTable.BufIndex,
        "FileIndex" => SqeFieldTable.FileIndex,
        "Addr3" => SqeFieldTable.Addr3,
        _ => SqeFieldTable.None,
    };

    private static bool TryGetInteger(object? value, out long result)
    {
        switch (value)
        {
            case byte v: result = v; return true;
            case sbyte v: result = v; return true;
            case short v: result = v; return true;
            case ushort v: result = v; return true;
            case int v: result = v; return true;
            case uint v: result = v; return true;
            case long v: result = v; return true;
            case ulong v: result = unchecked((long)v); return true;
            default: result = 0; return false;
        }
    }
}
