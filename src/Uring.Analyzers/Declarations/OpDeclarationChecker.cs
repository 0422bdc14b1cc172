using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Uring.Analyzers.Diagnostics;
using Uring.Analyzers.Infrastructure;

namespace Uring.Analyzers.Declarations;

/// <summary>
/// The acceptance rules of the generator's <c>OpModelBuilder</c>, restated with a reason for each
/// rejection. Keep the two in step: <c>GeneratorAgreementTests</c> fails when they drift.
/// </summary>
internal sealed class OpDeclarationChecker
{
    private readonly UringSymbols _symbols;
    private readonly INamedTypeSymbol? _sqeField;
    private readonly Action<Diagnostic> _report;

    public OpDeclarationChecker(UringSymbols symbols, INamedTypeSymbol? sqeField, Action<Diagnostic> report)
    {
        _symbols = symbols;
        _sqeField = sqeField;
        _report = report;
    }

    private enum Encoding
    {
        Rejected,
        Scalar,
        Address,
        Duration,
        Path,
        Span,
        StagedStruct,
        Command,
        SelfStaged,
    }

    public void Check(IMethodSymbol method)
    {
        Location at = method.Locations[0];
        if (!method.IsPartialDefinition || (method.PartialImplementationPart is { } implementation && !IsGenerated(implementation)))
        {
            _report(Diagnostic.Create(Descriptors.OpNotPartialDeclaration, at, method.Name));
        }

        if (method.IsGenericMethod)
        {
            _report(Diagnostic.Create(Descriptors.OpGeneric, at, method.Name));
        }

        if (method.ReturnType.SpecialType != SpecialType.System_Boolean)
        {
            _report(Diagnostic.Create(Descriptors.OpReturnType, at, method.Name, method.ReturnType.ToDisplayString()));
        }

        int contexts = 0;
        int rings = !method.IsStatic && DerivesFromRing(method.ContainingType) ? 1 : 0;
        List<(IParameterSymbol Parameter, string Group)> writes = new();
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            AttributeData? sqe = UringSymbols.Find(parameter, _symbols.Sqe);
            AttributeData? flag = UringSymbols.Find(parameter, _symbols.SqeFlag);
            if (sqe is null && flag is null)
            {
                if (Is(parameter.Type, _symbols.SqeContext))
                {
                    contexts++;
                }
                else if (_symbols.IsRing(parameter.Type))
                {
                    rings++;
                }
                else if (!Is(parameter.Type, _symbols.OpOptions))
                {
                    Report(Descriptors.OpParameterUnmapped, parameter, null, parameter.Name, "has no [Sqe] or [SqeFlag] and is not an SqeContext, OpOptions or Ring");
                }
            }
            else if (sqe is not null && flag is not null)
            {
                Report(Descriptors.OpParameterUnmapped, parameter, null, parameter.Name, "has both [Sqe] and [SqeFlag]; a parameter maps one way");
            }
            else if (flag is not null)
            {
                CheckFlag(parameter, flag);
            }
            else
            {
                CheckSqe(parameter, sqe!, writes);
            }
        }

        if (contexts != 1)
        {
            _report(Diagnostic.Create(Descriptors.OpContextCount, at, method.Name, contexts));
        }

        if (rings == 0)
        {
            _report(Diagnostic.Create(Descriptors.OpRing, at, method.Name, "has no ring to submit to: declare it as an instance method of Ring, or add a Ring parameter"));
        }
        else if (rings > 1)
        {
            _report(Diagnostic.Create(Descriptors.OpRing, at, method.Name, "has more than one ring: an instance method of Ring takes no Ring parameter, and a static op takes one"));
        }

        CheckDuplicates(writes);
    }

    private void CheckFlag(IParameterSymbol parameter, AttributeData flag)
    {
        if (parameter.Type.SpecialType != SpecialType.System_Boolean)
        {
            Report(Descriptors.OpInvalidFlag, parameter, null, parameter.Name, "must be a bool (it ORs constant bits into the field when true)");
        }

        if (flag.ConstructorArguments.Length != 2)
        {
            return;
        }

        object? field = flag.ConstructorArguments[0].Value;
        if (!SqeFields.IsScalar(_sqeField, field))
        {
            Report(Descriptors.OpFieldNotScalar, parameter, flag, parameter.Name, SqeFields.NameOf(_sqeField, field));
        }

        TypedConstant bits = flag.ConstructorArguments[1];
        if (bits.Kind == TypedConstantKind.Array || !IsInteger(bits.Value))
        {
            Report(Descriptors.OpInvalidFlag, parameter, flag, parameter.Name, "needs an integer or enum constant as its value");
        }
    }

    private void CheckSqe(IParameterSymbol parameter, AttributeData sqe, List<(IParameterSymbol, string)> writes)
    {
        if (sqe.ConstructorArguments.Length != 1)
        {
            return;
        }

        object? field = sqe.ConstructorArguments[0].Value;
        object? lengthField = null;
        bool staged = false;
        bool notEmpty = false;
        bool bias = false;
        foreach (KeyValuePair<string, TypedConstant> named in sqe.NamedArguments)
        {
            switch (named.Key)
            {
                case "LengthField" when named.Value.Value is int value && value != 0:
                    lengthField = value;
                    break;
                case "Staged":
                    staged = named.Value.Value is true;
                    break;
                case "NotEmpty":
                    notEmpty = named.Value.Value is true;
                    break;
                case "Bias":
                    bias = named.Value.Value is int b && b != 0;
                    break;
            }
        }

        if (SqeFields.IsCommand(_sqeField, field))
        {
            CheckCommand(parameter, sqe, staged, lengthField is not null || notEmpty || bias);
            return;
        }

        bool fieldOk = SqeFields.IsScalar(_sqeField, field);
        if (!fieldOk)
        {
            Report(Descriptors.OpFieldNotScalar, parameter, sqe, parameter.Name, SqeFields.NameOf(_sqeField, field));
        }

        Encoding encoding = EncodingOf(parameter, sqe, staged);
        if (encoding == Encoding.Rejected)
        {
            return;
        }

        bool span = encoding == Encoding.Span;
        bool carriesLength = span || (encoding == Encoding.StagedStruct && HasIntegerLength(parameter.Type));
        if (lengthField is not null && !SqeFields.IsScalar(_sqeField, lengthField))
        {
            Report(Descriptors.OpFieldNotScalar, parameter, sqe, parameter.Name, SqeFields.NameOf(_sqeField, lengthField));
            lengthField = null;
        }

        if (lengthField is not null && !carriesLength)
        {
            Report(Descriptors.OpOptionNotApplicable, parameter, sqe, "LengthField", parameter.Name, "span parameters and staged structs with an integer Length member");
        }

        if (notEmpty && !span)
        {
            Report(Descriptors.OpOptionNotApplicable, parameter, sqe, "NotEmpty", parameter.Name, "span parameters");
        }

        if (bias && encoding != Encoding.Scalar)
        {
            Report(Descriptors.OpOptionNotApplicable, parameter, sqe, "Bias", parameter.Name, "integer and enum parameters");
        }

        if (fieldOk)
        {
            writes.Add((parameter, SqeFields.GroupOf(SqeFields.NameOf(_sqeField, field))));
        }

        if (lengthField is not null)
        {
            writes.Add((parameter, SqeFields.GroupOf(SqeFields.NameOf(_sqeField, lengthField))));
        }
    }

    /// <summary>
    /// The inline command area (+48) takes a byte span, copied into the SQE itself, with no other option;
    /// mirrors the generator's <c>CommandEncodingOf</c>.
    /// </summary>
    private void CheckCommand(IParameterSymbol parameter, AttributeData sqe, bool staged, bool hasOtherOptions)
    {
        bool byteSpan = _symbols.IsAnySpan(parameter.Type)
            && ((INamedTypeSymbol)parameter.Type).TypeArguments[0].SpecialType == SpecialType.System_Byte;
        if (!byteSpan)
        {
            // Cmd holds bytes, not a value: the same verdict as None (URING0110).
            Report(Descriptors.OpFieldNotScalar, parameter, sqe, parameter.Name, SqeFields.NameOf(_sqeField, "Cmd"));
        }
        else if (staged || hasOtherOptions)
        {
            Report(Descriptors.OpOptionNotApplicable, parameter, sqe, staged ? "Staged" : "LengthField/NotEmpty/Bias", parameter.Name,
                "fields other than Cmd (command bytes are always copied inline)");
        }
    }

    /// <summary>A staged struct can fill a length field from its integer <c>Length</c> member (a sockaddr's size).</summary>
    private static bool HasIntegerLength(ITypeSymbol type)
    {
        foreach (ISymbol member in type.GetMembers("Length"))
        {
            ITypeSymbol? memberType = member switch
            {
                IPropertySymbol { IsStatic: false, GetMethod: not null } property => property.Type,
                IFieldSymbol { IsStatic: false } field => field.Type,
                _ => null,
            };
            if (memberType is not null && IsIntegerType(memberType.SpecialType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The generator's <c>EncodingOf</c>, reporting why a type is rejected.</summary>
    private Encoding EncodingOf(IParameterSymbol parameter, AttributeData sqe, bool staged)
    {
        ITypeSymbol type = parameter.Type;
        if (staged && type.IsValueType && _symbols.IsSlotStageable(type))
        {
            // Mirrors the generator: a type with inner pointers (a msghdr) stages its own parts.
            return Encoding.SelfStaged;
        }

        if (type.TypeKind == TypeKind.Pointer || type.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr
            || type.TypeKind == TypeKind.Enum || IsIntegerType(type.SpecialType))
        {
            if (staged)
            {
                Report(Descriptors.OpOptionNotApplicable, parameter, sqe, "Staged", parameter.Name, "spans and structs (numbers and addresses are stored directly)");
                return Encoding.Rejected;
            }

            return type.TypeKind == TypeKind.Pointer || type.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr ? Encoding.Address : Encoding.Scalar;
        }

        if (Is(type, _symbols.TimeSpan))
        {
            return Encoding.Duration;
        }

        if (_symbols.IsAnySpan(type))
        {
            ITypeSymbol element = ((INamedTypeSymbol)type).TypeArguments[0];
            if (element.SpecialType == SpecialType.System_Char)
            {
                if (!_symbols.IsReadOnlySpan(type))
                {
                    Unencodable(parameter, " (a path is a ReadOnlySpan<char>)");
                    return Encoding.Rejected;
                }

                if (staged)
                {
                    Report(Descriptors.OpOptionNotApplicable, parameter, sqe, "Staged", parameter.Name, "spans of data and structs (a ReadOnlySpan<char> path is always staged)");
                    return Encoding.Rejected;
                }

                return Encoding.Path;
            }

            if (!element.IsUnmanagedType)
            {
                Unencodable(parameter, " (span elements must be unmanaged)");
                return Encoding.Rejected;
            }

            return Encoding.Span;
        }

        if (type.IsValueType && type.IsUnmanagedType)
        {
            if (staged)
            {
                return Encoding.StagedStruct;
            }

            Unencodable(parameter, " (an unmanaged struct needs Staged = true, which copies it into the ring's staging)");
            return Encoding.Rejected;
        }

        Unencodable(parameter, " (use an integer, enum, pointer, span, TimeSpan, ReadOnlySpan<char> path or staged unmanaged struct)");
        return Encoding.Rejected;
    }

    private void CheckDuplicates(List<(IParameterSymbol Parameter, string Group)> writes)
    {
        Dictionary<string, IParameterSymbol> owners = new(StringComparer.Ordinal);
        foreach ((IParameterSymbol parameter, string group) in writes)
        {
            if (owners.TryGetValue(group, out IParameterSymbol? first))
            {
                Report(Descriptors.OpDuplicateField, parameter, null, first.Name, parameter.Name, group);
            }
            else
            {
                owners.Add(group, parameter);
            }
        }
    }

    private void Unencodable(IParameterSymbol parameter, string hint)
        => Report(Descriptors.OpUnencodableType, parameter, null, parameter.Name, parameter.Type.ToDisplayString(), hint);

    private void Report(DiagnosticDescriptor descriptor, IParameterSymbol parameter, AttributeData? attribute, params object[] arguments)
    {
        Location location = attribute?.ApplicationSyntaxReference?.GetSyntax().GetLocation() ?? parameter.Locations[0];
        _report(Diagnostic.Create(descriptor, location, arguments));
    }

    /// <summary>The body the Uring generator wrote (as opposed to one the author wrote).</summary>
    private static bool IsGenerated(IMethodSymbol implementation)
    {
        foreach (SyntaxReference reference in implementation.DeclaringSyntaxReferences)
        {
            if (!reference.SyntaxTree.FilePath.Contains("Uring.Generators.UringOpGenerator")
                && !reference.SyntaxTree.GetText().ToString(new Microsoft.CodeAnalysis.Text.TextSpan(0, System.Math.Min(120, reference.SyntaxTree.Length))).Contains("Generated by Uring.Generators"))
            {
                return false;
            }
        }

        return true;
    }

    private bool DerivesFromRing(INamedTypeSymbol? type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (_symbols.IsRing(current))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Is(ITypeSymbol type, INamedTypeSymbol? expected) => SymbolEqualityComparer.Default.Equals(type, expected);

    private static bool IsIntegerType(SpecialType type) => type is SpecialType.System_Byte or SpecialType.System_SByte
        or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
        or SpecialType.System_Int64 or SpecialType.System_UInt64;

    private static bool IsInteger(object? value) => value is byte or sbyte or short or ushort or int or uint or long or ulong;
}
