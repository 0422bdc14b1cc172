using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Uring.Generators.Model;

/// <summary>How each parameter of an op maps to SQE fields, how its value is encoded there, and what is wrong with it.</summary>
internal static partial class OpInspector
{
    /// <summary>
    /// One parameter: its encoding and fields, with every problem added to <paramref name="problems"/>.
    /// <paramref name="readable"/> is false when an attribute's arguments cannot be read (code the compiler
    /// rejects on its own).
    /// </summary>
    public static InspectedParameter InspectParameter(IParameterSymbol parameter, List<OpProblem> problems, out bool readable)
    {
        readable = true;
        if (parameter.RefKind == RefKind.Out)
        {
            // The generated body only reads its parameters; an out parameter would never be assigned.
            problems.Add(new OpProblem(OpRule.ParameterUnmapped, parameter, null, parameter.Name, "is an out parameter, which the generated body would never assign"));
        }

        AttributeData? sqe = SymbolFacts.FindAttribute(parameter, KnownNames.SqeAttribute);
        AttributeData? flag = SymbolFacts.FindAttribute(parameter, KnownNames.SqeFlagAttribute);
        if (sqe is null && flag is null)
        {
            ParameterEncoding? encoding = SymbolFacts.MetadataName(parameter.Type) switch
            {
                KnownNames.SqeContext => ParameterEncoding.Context,
                KnownNames.OpOptions => ParameterEncoding.Options,
                KnownNames.Ring => ParameterEncoding.Ring,
                _ => null,
            };
            if (encoding is null && InspectMembers(parameter, problems) is { } members)
            {
                return members;
            }

            if (encoding is null)
            {
                problems.Add(new OpProblem(OpRule.ParameterUnmapped, parameter, null, parameter.Name, "has no [Sqe] or [SqeFlag] and is not an SqeContext, OpOptions, Ring or a struct with [Sqe] members"));
            }

            return Unmapped(parameter, encoding);
        }

        if (sqe is not null && flag is not null)
        {
            problems.Add(new OpProblem(OpRule.ParameterUnmapped, parameter, null, parameter.Name, "has both [Sqe] and [SqeFlag]; a parameter maps one way"));
            return Unmapped(parameter, null);
        }

        return flag is not null
            ? InspectFlag(parameter, flag, problems, ref readable)
            : InspectSqe(parameter, sqe!, problems, ref readable);
    }

    /// <summary>
    /// True for a parameter whose memory the kernel keeps until the completion: an <c>[Sqe]</c> span passed by
    /// address, or a pointer. Staged data, paths and inline command bytes are copied when the op is prepared.
    /// </summary>
    public static bool IsHeld(IParameterSymbol parameter)
        => SymbolFacts.FindAttribute(parameter, KnownNames.SqeAttribute) is not null
           && InspectParameter(parameter, new List<OpProblem>(), out _).Held;

    private static InspectedParameter Unmapped(IParameterSymbol parameter, ParameterEncoding? encoding)
        => new(parameter, encoding, SqeFieldTable.None, SqeFieldTable.None, false, 0, 0);

    /// <summary><c>[SqeFlag(field, bits)]</c>: a bool that ORs constant bits into a field that holds a value.</summary>
    private static InspectedParameter InspectFlag(IParameterSymbol parameter, AttributeData flag, List<OpProblem> problems, ref bool readable)
    {
        bool valid = true;
        if (parameter.Type.SpecialType != SpecialType.System_Boolean)
        {
            problems.Add(new OpProblem(OpRule.InvalidFlag, parameter, null, parameter.Name, "must be a bool (it ORs constant bits into the field when true)"));
            valid = false;
        }

        if (flag.ConstructorArguments.Length != 2 || flag.ConstructorArguments[0].Value is not int field)
        {
            readable = false;
            return Unmapped(parameter, null);
        }

        if (!SqeFieldTable.IsScalar(field))
        {
            problems.Add(new OpProblem(OpRule.FieldNotScalar, parameter, flag, parameter.Name, SqeFieldTable.Member(field)));
            valid = false;
        }

        TypedConstant bits = flag.ConstructorArguments[1];
        long value = 0;
        if (bits.Kind == TypedConstantKind.Array || !TryGetInteger(bits.Value, out value))
        {
            problems.Add(new OpProblem(OpRule.InvalidFlag, parameter, flag, parameter.Name, "needs an integer or enum constant as its value"));
            valid = false;
        }

        return valid
            ? new InspectedParameter(parameter, ParameterEncoding.Flag, field, SqeFieldTable.None, false, 0, unchecked((ulong)value))
            : Unmapped(parameter, null);
    }

    /// <summary><c>[Sqe(field, ...)]</c>: the encoding follows from the type, and the options must fit it.</summary>
    private static InspectedParameter InspectSqe(IParameterSymbol parameter, AttributeData sqe, List<OpProblem> problems, ref bool readable)
    {
        if (sqe.ConstructorArguments.Length != 1 || sqe.ConstructorArguments[0].Value is not int field)
        {
            readable = false;
            return Unmapped(parameter, null);
        }

        int lengthField = SqeFieldTable.None;
        bool staged = false;
        bool notEmpty = false;
        long bias = 0;
        bool carriesCloseOnExec = false;
        TypedConstant? refuses = null;
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
                case "CarriesCloseOnExec" when named.Value.Value is bool value:
                    carriesCloseOnExec = value;
                    break;
                case "Refuses":
                    refuses = named.Value;
                    break;
            }
        }

        if (field == (int)SqeField.Cmd)
        {
            bool hasOptions = staged || lengthField != SqeFieldTable.None || notEmpty || bias != 0 || carriesCloseOnExec || refuses is not null;
            return InspectCommand(parameter, sqe, staged, hasOptions, problems);
        }

        if (!SqeFieldTable.IsScalar(field))
        {
            problems.Add(new OpProblem(OpRule.FieldNotScalar, parameter, sqe, parameter.Name, SqeFieldTable.Member(field)));
            field = SqeFieldTable.None;
        }

        ParameterEncoding? encoding = EncodingOf(parameter, sqe, staged, problems);
        if (encoding is null)
        {
            return Unmapped(parameter, null);
        }

        if (lengthField != SqeFieldTable.None && !SqeFieldTable.IsScalar(lengthField))
        {
            problems.Add(new OpProblem(OpRule.FieldNotScalar, parameter, sqe, parameter.Name, SqeFieldTable.Member(lengthField)));
            lengthField = SqeFieldTable.None;
        }

        bool span = encoding is ParameterEncoding.HeldSpan or ParameterEncoding.StagedSpan;
        if (lengthField != SqeFieldTable.None && !CarriesLength(encoding.Value, parameter.Type))
        {
            problems.Add(new OpProblem(OpRule.OptionNotApplicable, parameter, sqe, "LengthField", parameter.Name, "span parameters and staged structs with an integer Length member"));
        }

        if (notEmpty && !span)
        {
            problems.Add(new OpProblem(OpRule.OptionNotApplicable, parameter, sqe, "NotEmpty", parameter.Name, "span parameters"));
        }

        if (bias != 0 && encoding != ParameterEncoding.Scalar)
        {
            problems.Add(new OpProblem(OpRule.OptionNotApplicable, parameter, sqe, "Bias", parameter.Name, "integer and enum parameters"));
        }

        InspectedParameter inspected = new(parameter, encoding, field, lengthField, notEmpty, bias, 0);
        InspectFileTargetOptions(inspected, sqe, carriesCloseOnExec, refuses, problems, ref readable);
        return inspected;
    }

    /// <summary>
    /// The inline command area (+48) takes a byte span, copied into the SQE itself, with no other option:
    /// the bytes are always copied, so Staged is implied and may not be written.
    /// </summary>
    private static InspectedParameter InspectCommand(IParameterSymbol parameter, AttributeData sqe, bool staged, bool hasOptions, List<OpProblem> problems)
    {
        if (!IsSpanOf(parameter.Type, SpecialType.System_Byte))
        {
            // Cmd holds bytes, not a value: the same verdict as None.
            problems.Add(new OpProblem(OpRule.FieldNotScalar, parameter, sqe, parameter.Name, SqeFieldTable.Member((int)SqeField.Cmd)));
            return Unmapped(parameter, null);
        }

        if (hasOptions)
        {
            problems.Add(new OpProblem(
                OpRule.OptionNotApplicable, parameter, sqe,
                staged ? "Staged" : "LengthField/NotEmpty/Bias/CarriesCloseOnExec/Refuses", parameter.Name, "fields other than Cmd (command bytes are always copied inline)"));
        }

        return new InspectedParameter(parameter, ParameterEncoding.Command, (int)SqeField.Cmd, SqeFieldTable.None, false, 0, 0);
    }

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
            if (memberType is not null && SymbolFacts.IsInteger(memberType.SpecialType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The encoding the parameter's type selects, or null (with the problem reported) when there is none.</summary>
    private static ParameterEncoding? EncodingOf(IParameterSymbol parameter, AttributeData sqe, bool staged, List<OpProblem> problems)
    {
        ITypeSymbol type = parameter.Type;
        string metadataName = SymbolFacts.MetadataName(type);
        if (metadataName == KnownNames.FileTarget)
        {
            return staged
                ? NotApplicable("Staged", "spans and structs other than FileTarget (a FileTarget is stored directly)")
                : ParameterEncoding.FileTarget;
        }

        if (staged && type.IsValueType && IsSlotStageable(type))
        {
            // Data with inner pointers (a msghdr and the iovecs and name it points at) cannot be copied as
            // one blob; the type stages its parts itself and returns the address of the top one.
            return ParameterEncoding.SelfStaged;
        }

        bool address = type.TypeKind == TypeKind.Pointer || type.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr;
        if (address || type.TypeKind == TypeKind.Enum || SymbolFacts.IsInteger(type.SpecialType))
        {
            if (staged)
            {
                return NotApplicable("Staged", "spans and structs (numbers and addresses are stored directly)");
            }

            return address ? ParameterEncoding.Address : ParameterEncoding.Scalar;
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
                if (metadataName != KnownNames.ReadOnlySpan)
                {
                    return Unencodable(" (a path is a ReadOnlySpan<char>)");
                }

                if (staged)
                {
                    return NotApplicable("Staged", "spans of data and structs (a ReadOnlySpan<char> path is always staged)");
                }

                return ParameterEncoding.Path;
            }

            if (!element.IsUnmanagedType)
            {
                return Unencodable(" (span elements must be unmanaged)");
            }

            return staged ? ParameterEncoding.StagedSpan : ParameterEncoding.HeldSpan;
        }

        if (type.IsValueType && type.IsUnmanagedType)
        {
            return staged
                ? ParameterEncoding.StagedStruct
                : Unencodable(" (an unmanaged struct needs Staged = true, which copies it into the ring's staging)");
        }

        return Unencodable(" (use an integer, enum, pointer, span, TimeSpan, ReadOnlySpan<char> path or staged unmanaged struct)");

        ParameterEncoding? Unencodable(string hint)
        {
            problems.Add(new OpProblem(OpRule.UnencodableType, parameter, null, parameter.Name, type.ToDisplayString(), hint));
            return null;
        }

        ParameterEncoding? NotApplicable(string option, string appliesTo)
        {
            problems.Add(new OpProblem(OpRule.OptionNotApplicable, parameter, sqe, option, parameter.Name, appliesTo));
            return null;
        }
    }

    private static bool IsSpanOf(ITypeSymbol type, SpecialType element)
        => type is INamedTypeSymbol { IsGenericType: true } named
           && SymbolFacts.MetadataName(type) is KnownNames.Span or KnownNames.ReadOnlySpan
           && named.TypeArguments[0].SpecialType == element;

    private static bool IsSlotStageable(ITypeSymbol type)
    {
        foreach (INamedTypeSymbol implemented in type.AllInterfaces)
        {
            if (SymbolFacts.MetadataName(implemented) == KnownNames.SlotStageable)
            {
                return true;
            }
        }

        return false;
    }

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
