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

/// <summary>
/// Turns the symbol of an <c>[UringOp]</c> method into an <see cref="OpModel"/>, or null when the
/// declaration is malformed. Malformed declarations get no body (so the compiler reports the missing
/// implementation) and the Uring analyzers say what is wrong; the generator itself reports nothing.
/// </summary>
internal static class OpModelBuilder
{
    internal static readonly SymbolDisplayFormat s_typeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .WithMiscellaneousOptions(
            SymbolDisplayMiscellaneousOptions.UseSpecialTypes
            | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier
            | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    public static OpModel? Build(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method
            || context.TargetNode is not MethodDeclarationSyntax declaration
            || !method.IsPartialDefinition
            || method.PartialImplementationPart is not null
            || method.IsGenericMethod
            || method.ReturnType.SpecialType != SpecialType.System_Boolean
            || context.Attributes.Length != 1
            || IsInFileLocalType(method))
        {
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        AttributeData attribute = context.Attributes[0];
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not byte opcode)
        {
            return null;
        }

        string opcodeName = attribute.ConstructorArguments[0].Type is INamedTypeSymbol opType
            ? opType.GetMembers().OfType<IFieldSymbol>().FirstOrDefault(f => f.HasConstantValue && Equals(f.ConstantValue, opcode))?.Name ?? opcode.ToString()
            : opcode.ToString();

        int kind = 0;
        List<OpConstant> constants = new();
        foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
        {
            if (named.Key == "Kind")
            {
                kind = named.Value.Value is int k ? k : 0;
                continue;
            }

            int field = FieldOfConstant(named.Key);
            if (field == SqeFieldTable.None || !TryGetInteger(named.Value.Value, out long value))
            {
                return null;
            }

            constants.Add(new OpConstant(field, value));
        }

        bool isRingInstance = !method.IsStatic && IsOrDerivesFromRing(method.ContainingType);
        string? ringExpression = isRingInstance ? "this" : null;
        List<OpParameter> parameters = new();
        int contexts = 0;
        bool defaultsWritten = true;
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            cancellationToken.ThrowIfCancellationRequested();
            OpParameter? model = BuildParameter(parameter);
            if (model is null)
            {
                return null;
            }

            string? defaultValue = DefaultValueOf(parameter);
            defaultsWritten &= defaultValue is not null;
            model = model with
            {
                DefaultValue = defaultValue ?? string.Empty,
                Held = model.Encoding is ParameterEncoding.HeldSpan or ParameterEncoding.Address,
            };

            if (model.Encoding == ParameterEncoding.Context)
            {
                contexts++;
            }
            else if (model.Encoding == ParameterEncoding.Ring)
            {
                if (ringExpression is not null)
                {
                    return null;
                }

                ringExpression = "@" + parameter.Name;
            }

            parameters.Add(model);
        }

        if (contexts != 1 || ringExpression is null || WritesOneFieldTwice(parameters))
        {
            return null;
        }

        return new OpModel(
            HintName: HintNameFor(method),
            Namespace: method.ContainingNamespace.IsGlobalNamespace ? string.Empty : method.ContainingNamespace.ToDisplayString(),
            ContainingTypes: ContainingTypesOf(method.ContainingType).ToEquatableArray(),
            MethodModifiers: ModifiersOf(declaration),
            MethodName: method.Name,
            Parameters: parameters.ToEquatableArray(),
            RingExpression: ringExpression,
            Opcode: opcode,
            OpcodeName: opcodeName,
            Kind: kind,
            Constants: constants.ToEquatableArray(),
            UsesPointers: method.Parameters.Any(p => p.Type.TypeKind == TypeKind.Pointer),
            Overload: defaultsWritten ? ContextOverloadOf(method, declaration, context.SemanticModel.Compilation) : null);
    }

    /// <summary>
    /// The shape of the generic <c>in TContext context</c> overload, or null when none is written. An
    /// <c>override</c> gets none: C# treats an override as declared where the method was first declared, so
    /// an overload in the overriding type would be the only candidate of the most derived type and capture
    /// (and break) every call that passes an <c>SqeContext</c>; if the overridden method is an op, its own
    /// overload already calls the override virtually. An op that hides a base op (<c>new</c>) gets an
    /// overload that hides the base op's overload. A private op gets none either: it is an implementation
    /// detail behind a hand-written public method (which validates before reserving), and an overload nobody
    /// can call from outside would be dead code.
    /// </summary>
    private static ContextOverload? ContextOverloadOf(IMethodSymbol method, MethodDeclarationSyntax declaration, Compilation compilation)
    {
        if (method.IsOverride || method.DeclaredAccessibility == Accessibility.Private)
        {
            return null;
        }

        bool hides = InheritsContextOverload(method, compilation);

        List<string> accessibility = new();
        List<string> others = new();
        foreach (SyntaxToken modifier in declaration.Modifiers)
        {
            switch (modifier.Kind())
            {
                case SyntaxKind.PublicKeyword:
                case SyntaxKind.InternalKeyword:
                case SyntaxKind.ProtectedKeyword:
                case SyntaxKind.PrivateKeyword:
                    accessibility.Add(modifier.ValueText);
                    break;
                case SyntaxKind.StaticKeyword:
                case SyntaxKind.UnsafeKeyword:
                case SyntaxKind.ReadOnlyKeyword:
                    others.Add(modifier.ValueText);
                    break;
            }
        }

        if (hides)
        {
            accessibility.Add("new");
        }

        HashSet<string> taken = new(method.Parameters.Select(p => p.Name));
        for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            taken.UnionWith(type.TypeParameters.Select(p => p.Name));
        }

        string typeParameter = "TContext";
        for (int i = 2; taken.Contains(typeParameter); i++)
        {
            typeParameter = "TContext" + i.ToString(CultureInfo.InvariantCulture);
        }

        return new ContextOverload(
            Modifiers: string.Join(" ", accessibility.Concat(others)),
            TypeParameter: typeParameter,
            Target: method.IsStatic ? method.ContainingType.ToDisplayString(s_typeFormat) : "this");
    }

    /// <summary>
    /// True when a base type already has this op's generic overload: a base op in source with the same
    /// parameters (its overload is generated too), or the overload itself in metadata.
    /// </summary>
    private static bool InheritsContextOverload(IMethodSymbol method, Compilation compilation)
    {
        INamedTypeSymbol type = method.ContainingType;
        IEnumerable<INamedTypeSymbol> bases = type.TypeKind == TypeKind.Interface ? type.AllInterfaces : BaseTypesOf(type);
        foreach (INamedTypeSymbol baseType in bases)
        {
            foreach (ISymbol member in baseType.GetMembers(method.Name))
            {
                if (member is not IMethodSymbol candidate
                    || candidate.Parameters.Length != method.Parameters.Length
                    || !compilation.IsSymbolAccessibleWithin(candidate, type))
                {
                    continue;
                }

                bool inSource = candidate.Locations.Any(location => location.IsInSource);
                if (inSource
                    ? !candidate.IsGenericMethod && IsUringOp(candidate) && SameParameters(method, candidate, generic: false)
                    : candidate.TypeParameters.Length == 1 && SameParameters(method, candidate, generic: true))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static IEnumerable<INamedTypeSymbol> BaseTypesOf(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type.BaseType; current is not null; current = current.BaseType)
        {
            yield return current;
        }
    }

    /// <summary>
    /// Parameter types and by-reference-ness match (what hiding compares); with <paramref name="generic"/>
    /// the op's <c>SqeContext</c> must be the candidate's type parameter.
    /// </summary>
    private static bool SameParameters(IMethodSymbol op, IMethodSymbol candidate, bool generic)
    {
        for (int i = 0; i < op.Parameters.Length; i++)
        {
            IParameterSymbol mine = op.Parameters[i];
            IParameterSymbol theirs = candidate.Parameters[i];
            if (generic && MetadataNameOf(mine.Type) == KnownNames.SqeContext)
            {
                if (theirs.Type is not ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method })
                {
                    return false;
                }

                continue;
            }

            if ((mine.RefKind == RefKind.None) != (theirs.RefKind == RefKind.None)
                || !SymbolEqualityComparer.Default.Equals(mine.Type, theirs.Type))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsUringOp(IMethodSymbol method)
        => method.GetAttributes().Any(a => a.AttributeClass is not null && MetadataNameOf(a.AttributeClass) == KnownNames.UringOpAttribute);

    /// <summary>
    /// The parameter's default value as a C# expression the overload can repeat: empty without one, null
    /// when it cannot be written (then no overload is emitted). Enums are cast from their numeric value,
    /// so flag combinations need no member names.
    /// </summary>
    internal static string? DefaultValueOf(IParameterSymbol parameter)
    {
        if (!parameter.HasExplicitDefaultValue)
        {
            return string.Empty;
        }

        object? value = parameter.ExplicitDefaultValue;
        ITypeSymbol type = parameter.Type;
        bool nullable = false;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } wrapper)
        {
            type = wrapper.TypeArguments[0];
            nullable = true;
        }

        if (value is null)
        {
            return nullable || type.IsReferenceType || type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer
                ? "null"
                : "default";
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            string? number = IntegerLiteral(value);
            return number is null
                ? null
                : "(" + type.ToDisplayString(s_typeFormat) + ")" + (number.StartsWith("-", System.StringComparison.Ordinal) ? "(" + number + ")" : number);
        }

        if (type.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr)
        {
            // Only an int (nint) or uint (nuint) converts to a native integer as a constant.
            bool signed = type.SpecialType == SpecialType.System_IntPtr;
            long? number = value switch
            {
                System.IntPtr pointer => (long)pointer,
                System.UIntPtr pointer => (long)(ulong)pointer,
                int v => v,
                uint v => v,
                long v => v,
                ulong v when v <= uint.MaxValue => (long)v,
                _ => null,
            };
            if (number is not { } n || (signed ? n < int.MinValue || n > int.MaxValue : n < 0 || n > uint.MaxValue))
            {
                return null;
            }

            return signed
                ? "(nint)(" + n.ToString(CultureInfo.InvariantCulture) + ")"
                : "(nuint)" + n.ToString(CultureInfo.InvariantCulture) + "U";
        }

        return value switch
        {
            bool flag => flag ? "true" : "false",
            string text => SymbolDisplay.FormatLiteral(text, quote: true),
            char character => SymbolDisplay.FormatLiteral(character, quote: true),
            _ => IntegerLiteral(value),
        };
    }

    /// <summary>An integer constant as a literal of its own type (suffixes for the wide types).</summary>
    private static string? IntegerLiteral(object value) => value switch
    {
        byte v => v.ToString(CultureInfo.InvariantCulture),
        sbyte v => v.ToString(CultureInfo.InvariantCulture),
        short v => v.ToString(CultureInfo.InvariantCulture),
        ushort v => v.ToString(CultureInfo.InvariantCulture),
        int v => v.ToString(CultureInfo.InvariantCulture),
        uint v => v.ToString(CultureInfo.InvariantCulture) + "U",
        long v => v.ToString(CultureInfo.InvariantCulture) + "L",
        ulong v => v.ToString(CultureInfo.InvariantCulture) + "UL",
        _ => null,
    };

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

    private static bool IsOrDerivesFromRing(INamedTypeSymbol? type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (MetadataNameOf(current) == KnownNames.Ring)
            {
                return true;
            }
        }

        return false;
    }

    private static string MetadataNameOf(ITypeSymbol type)
    {
        if (type.ContainingNamespace is null || type.ContainingNamespace.IsGlobalNamespace)
        {
            return type.MetadataName;
        }

        return type.ContainingNamespace.ToDisplayString() + "." + type.MetadataName;
    }

    /// <summary>
    /// The declaration's modifiers exactly as written: the implementing part must repeat accessibility,
    /// <c>static</c>, <c>unsafe</c>, <c>readonly</c>, <c>virtual</c>/<c>override</c>/<c>sealed</c>/<c>new</c>
    /// (CS0764, CS8663, CS8800), and the declaration already has them in a valid order.
    /// </summary>
    private static string ModifiersOf(MethodDeclarationSyntax declaration)
        => string.Join(" ", declaration.Modifiers.Select(modifier => modifier.ValueText));

    /// <summary>A file-local type cannot be reopened from the generated file.</summary>
    private static bool IsInFileLocalType(IMethodSymbol method)
    {
        for (INamedTypeSymbol? current = method.ContainingType; current is not null; current = current.ContainingType)
        {
            if (current.IsFileLocal)
            {
                return true;
            }
        }

        return false;
    }

    private static string ModifiersOf(IParameterSymbol parameter)
    {
        StringBuilder builder = new();
        if (parameter.Ordinal == 0 && parameter.ContainingSymbol is IMethodSymbol { IsExtensionMethod: true })
        {
            builder.Append("this ");
        }

        if (parameter.ScopedKind == ScopedKind.ScopedRef || parameter.ScopedKind == ScopedKind.ScopedValue)
        {
            builder.Append("scoped ");
        }

        builder.Append(parameter.RefKind switch
        {
            RefKind.In => "in ",
            RefKind.Ref => "ref ",
            RefKind.Out => "out ",
            RefKind.RefReadOnlyParameter => "ref readonly ",
            _ => string.Empty,
        });
        return builder.ToString();
    }

    internal static IEnumerable<ContainingType> ContainingTypesOf(INamedTypeSymbol type)
    {
        Stack<ContainingType> chain = new();
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            string keyword = current switch
            {
                { IsRecord: true, IsValueType: true } => "record struct",
                { IsRecord: true } => "record",
                { TypeKind: TypeKind.Struct } => "struct",
                { TypeKind: TypeKind.Interface } => "interface",
                _ => "class",
            };
            string name = current.TypeParameters.Length == 0
                ? current.Name
                : current.Name + "<" + string.Join(", ", current.TypeParameters.Select(TypeParameterDeclaration)) + ">";
            chain.Push(new ContainingType(keyword, name));
        }

        return chain;
    }

    /// <summary>A type parameter as a partial declaration must repeat it: with its variance (CS1067).</summary>
    private static string TypeParameterDeclaration(ITypeParameterSymbol parameter) => parameter.Variance switch
    {
        VarianceKind.In => "in " + parameter.Name,
        VarianceKind.Out => "out " + parameter.Name,
        _ => parameter.Name,
    };

    /// <summary>Type name, method name and a hash of the parameter types, so overloads get distinct files.</summary>
    private static string HintNameFor(IMethodSymbol method)
    {
        string type = method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)
            .Replace("global::", string.Empty);
        string signature = string.Join(",", method.Parameters.Select(p => p.Type.ToDisplayString(s_typeFormat)));
        uint hash = 2166136261;
        foreach (char c in signature)
        {
            hash = unchecked((hash ^ c) * 16777619);
        }

        StringBuilder safe = new();
        foreach (char c in type)
        {
            safe.Append(char.IsLetterOrDigit(c) || c == '.' ? c : '_');
        }

        return $"{safe}.{method.Name}.{hash:x8}.g.cs";
    }
}
