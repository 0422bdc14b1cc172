using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Uring.Analyzers.Infrastructure;

/// <summary>
/// The runtime and BCL symbols the rules key off, resolved once per compilation. Rules use the marker
/// attributes the runtime puts on its own API, never method names, so ops users declare are covered too.
/// </summary>
internal sealed class UringSymbols
{
    private UringSymbols(Compilation compilation, INamedTypeSymbol ring)
    {
        Compilation = compilation;
        Ring = ring;
        RingOptions = compilation.GetTypeByMetadataName("Uring.RingOptions");
        SqeContext = compilation.GetTypeByMetadataName("Uring.SqeContext");
        OpOptions = compilation.GetTypeByMetadataName("Uring.OpOptions");
        UringOp = compilation.GetTypeByMetadataName("Uring.UringOpAttribute");
        Sqe = compilation.GetTypeByMetadataName("Uring.SqeAttribute");
        SqeFlag = compilation.GetTypeByMetadataName("Uring.SqeFlagAttribute");
        HeldUntilCompletion = compilation.GetTypeByMetadataName("Uring.HeldUntilCompletionAttribute");
        ObservesCompletion = compilation.GetTypeByMetadataName("Uring.ObservesCompletionAttribute");
        IssuerThreadOnly = compilation.GetTypeByMetadataName("Uring.IssuerThreadOnlyAttribute");
        BindsIssuerThread = compilation.GetTypeByMetadataName("Uring.BindsIssuerThreadAttribute");
        ResumesOnIssuerThread = compilation.GetTypeByMetadataName("Uring.ResumesOnIssuerThreadAttribute");
        BorrowedView = compilation.GetTypeByMetadataName("Uring.BorrowedViewAttribute");
        RentsPooledContext = compilation.GetTypeByMetadataName("Uring.RentsPooledContextAttribute");
        ReturnsPooledContext = compilation.GetTypeByMetadataName("Uring.ReturnsPooledContextAttribute");
        LendsProvidedBuffer = compilation.GetTypeByMetadataName("Uring.LendsProvidedBufferAttribute");
        RecyclesProvidedBuffer = compilation.GetTypeByMetadataName("Uring.RecyclesProvidedBufferAttribute");
        Span = compilation.GetTypeByMetadataName("System.Span`1");
        ReadOnlySpan = compilation.GetTypeByMetadataName("System.ReadOnlySpan`1");
        Memory = compilation.GetTypeByMetadataName("System.Memory`1");
        ReadOnlyMemory = compilation.GetTypeByMetadataName("System.ReadOnlyMemory`1");
        TimeSpan = compilation.GetTypeByMetadataName("System.TimeSpan");
        SlotStageable = compilation.GetTypeByMetadataName("Uring.ISlotStageable");
    }

    public Compilation Compilation { get; }

    public INamedTypeSymbol Ring { get; }

    public INamedTypeSymbol? RingOptions { get; }

    public INamedTypeSymbol? SqeContext { get; }

    /// <summary><c>Uring.ISlotStageable</c>: an argument that stages itself (a msghdr with its iovecs and name).</summary>
    public INamedTypeSymbol? SlotStageable { get; }

    /// <summary>True if <paramref name="type"/> implements <see cref="SlotStageable"/>.</summary>
    public bool IsSlotStageable(ITypeSymbol type)
    {
        foreach (INamedTypeSymbol implemented in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented, SlotStageable))
            {
                return true;
            }
        }

        return false;
    }

    public INamedTypeSymbol? OpOptions { get; }

    public INamedTypeSymbol? UringOp { get; }

    public INamedTypeSymbol? Sqe { get; }

    public INamedTypeSymbol? SqeFlag { get; }

    public INamedTypeSymbol? HeldUntilCompletion { get; }

    public INamedTypeSymbol? ObservesCompletion { get; }

    public INamedTypeSymbol? IssuerThreadOnly { get; }

    public INamedTypeSymbol? BindsIssuerThread { get; }

    public INamedTypeSymbol? ResumesOnIssuerThread { get; }

    public INamedTypeSymbol? BorrowedView { get; }

    public INamedTypeSymbol? RentsPooledContext { get; }

    public INamedTypeSymbol? ReturnsPooledContext { get; }

    public INamedTypeSymbol? LendsProvidedBuffer { get; }

    public INamedTypeSymbol? RecyclesProvidedBuffer { get; }

    public INamedTypeSymbol? Span { get; }

    public INamedTypeSymbol? ReadOnlySpan { get; }

    public INamedTypeSymbol? Memory { get; }

    public INamedTypeSymbol? ReadOnlyMemory { get; }

    public INamedTypeSymbol? TimeSpan { get; }

    /// <summary>The symbols, or null when the compilation does not reference Uring.Runtime (then no rule runs).</summary>
    public static UringSymbols? TryCreate(Compilation compilation)
    {
        INamedTypeSymbol? ring = compilation.GetTypeByMetadataName("Uring.Ring");
        return ring is null ? null : new UringSymbols(compilation, ring);
    }

    public static bool Has(ISymbol symbol, INamedTypeSymbol? attribute)
    {
        if (attribute is null)
        {
            return false;
        }

        foreach (AttributeData data in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
            {
                return true;
            }
        }

        return false;
    }

    public static AttributeData? Find(ISymbol symbol, INamedTypeSymbol? attribute)
    {
        if (attribute is null)
        {
            return null;
        }

        foreach (AttributeData data in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
            {
                return data;
            }
        }

        return null;
    }

    /// <summary>The declaration that carries a partial method's attributes (either part works).</summary>
    public static IMethodSymbol Declaration(IMethodSymbol method)
        => method.PartialDefinitionPart ?? method.OriginalDefinition;

    public bool IsUringOp(IMethodSymbol method) => Has(Declaration(method), UringOp);

    /// <summary>
    /// The <c>[UringOp]</c> declaration a call reaches: the method itself, or, for the generic overload the
    /// generator writes beside every public op (<c>Prepare*&lt;TContext&gt;(in TContext context, ...)</c>,
    /// which carries no <c>[UringOp]</c>), the op of the same name in the same type whose parameters match
    /// once the <c>SqeContext</c> takes the place of the context. Any other method comes back unchanged.
    /// </summary>
    public IMethodSymbol OpBehind(IMethodSymbol method)
    {
        IMethodSymbol declaration = Declaration(method);
        if (Has(declaration, UringOp) || declaration.TypeParameters.Length != 1 || SqeContext is null)
        {
            return declaration;
        }

        ITypeParameterSymbol context = declaration.TypeParameters[0];
        foreach (ISymbol member in declaration.ContainingType.GetMembers(declaration.Name))
        {
            if (member is IMethodSymbol candidate
                && !candidate.IsGenericMethod
                && Has(Declaration(candidate), UringOp)
                && ParametersMatch(declaration, candidate, context))
            {
                return Declaration(candidate);
            }
        }

        return declaration;
    }

    private bool ParametersMatch(IMethodSymbol overload, IMethodSymbol op, ITypeParameterSymbol context)
    {
        if (overload.Parameters.Length != op.Parameters.Length)
        {
            return false;
        }

        for (int i = 0; i < op.Parameters.Length; i++)
        {
            ITypeSymbol expected = op.Parameters[i].Type;
            ITypeSymbol actual = overload.Parameters[i].Type;
            bool same = SymbolEqualityComparer.Default.Equals(actual, context)
                ? SymbolEqualityComparer.Default.Equals(expected, SqeContext)
                : SymbolEqualityComparer.Default.Equals(actual, expected);
            if (!same)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Submission, reaping, stopping: methods a single-issuer ring only accepts from its thread.</summary>
    public bool IsIssuerOnly(IMethodSymbol method)
    {
        IMethodSymbol declaration = Declaration(method);
        return Has(declaration, IssuerThreadOnly) || Has(declaration, UringOp);
    }

    public bool ObservesCompletionOf(IMethodSymbol method) => Has(Declaration(method), ObservesCompletion);

    public bool BindsIssuer(IMethodSymbol method) => Has(Declaration(method), BindsIssuerThread);

    public bool IsBorrowedView(ITypeSymbol? type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return type is not null && Has(type.OriginalDefinition, BorrowedView);
    }

    public bool IsRing(ITypeSymbol? type) => SymbolEqualityComparer.Default.Equals(type, Ring);

    public bool IsSpan(ITypeSymbol? type) => IsGeneric(type, Span);

    public bool IsReadOnlySpan(ITypeSymbol? type) => IsGeneric(type, ReadOnlySpan);

    public bool IsAnySpan(ITypeSymbol? type) => IsSpan(type) || IsReadOnlySpan(type);

    public bool IsAnyMemory(ITypeSymbol? type) => IsGeneric(type, Memory) || IsGeneric(type, ReadOnlyMemory);

    /// <summary>
    /// A parameter whose memory the kernel keeps until the completion: <c>[HeldUntilCompletion]</c>, or an
    /// <c>[Sqe]</c> span or pointer of a <c>[UringOp]</c> that is not <c>Staged</c>.
    /// </summary>
    public bool IsHeld(IParameterSymbol parameter)
    {
        if (Has(parameter, HeldUntilCompletion))
        {
            return true;
        }

        if (parameter.ContainingSymbol is not IMethodSymbol method || !IsUringOp(method))
        {
            return false;
        }

        IParameterSymbol declared = Declaration(method).Parameters.Length > parameter.Ordinal
            ? Declaration(method).Parameters[parameter.Ordinal]
            : parameter;
        AttributeData? sqe = Find(declared, Sqe);
        if (sqe is null || !IsMemoryCarrier(declared.Type) || IsInlineCommand(sqe))
        {
            return false;
        }

        foreach (System.Collections.Generic.KeyValuePair<string, TypedConstant> named in sqe.NamedArguments)
        {
            if (named.Key == "Staged" && named.Value.Value is true)
            {
                return false;
            }
        }

        return !IsPath(declared.Type);
    }

    /// <summary>
    /// <c>[Sqe(SqeField.Cmd)]</c>: the bytes are copied into the SQE when it is prepared, so the caller's
    /// memory is free right after the call.
    /// </summary>
    private static bool IsInlineCommand(AttributeData sqe)
        => sqe.ConstructorArguments.Length == 1
           && sqe.ConstructorArguments[0].Value is int field
           && sqe.AttributeClass?.ContainingNamespace?.ToDisplayString() == "Uring"
           && FieldName(sqe.AttributeClass, field) == "Cmd";

    private static string? FieldName(INamedTypeSymbol attributeClass, int field)
    {
        foreach (IMethodSymbol constructor in attributeClass.InstanceConstructors)
        {
            if (constructor.Parameters.Length == 1 && constructor.Parameters[0].Type is INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType)
            {
                foreach (ISymbol member in enumType.GetMembers())
                {
                    if (member is IFieldSymbol { HasConstantValue: true } constant && Equals(constant.ConstantValue, field))
                    {
                        return constant.Name;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>Kernel writes into the memory (a mutable span, or a read-like op).</summary>
    public bool KernelWrites(IParameterSymbol parameter)
    {
        if (IsSpan(parameter.Type))
        {
            return true;
        }

        return parameter.ContainingSymbol is IMethodSymbol method && OpKindOf(method) == 1;
    }

    /// <summary>
    /// The <c>UringOpKind</c> value of an op (0 other, 1 read-like, 2 write-like), or -1 for a non-op. A
    /// generated <c>Prepare*&lt;TContext&gt;</c> overload has the kind of the op it calls.
    /// </summary>
    public int OpKindOf(IMethodSymbol method)
    {
        AttributeData? op = Find(OpBehind(method), UringOp);
        if (op is null)
        {
            return -1;
        }

        foreach (System.Collections.Generic.KeyValuePair<string, TypedConstant> named in op.NamedArguments)
        {
            if (named.Key == "Kind" && named.Value.Value is int kind)
            {
                return kind;
            }
        }

        return 0;
    }

    /// <summary>
    /// The expression of the ring an issuer-only or op call drives: the receiver of a <see cref="Ring"/>
    /// method, else the argument of the op's <see cref="Ring"/> parameter.
    /// </summary>
    public IOperation? RingOf(IInvocationOperation invocation)
    {
        if (invocation.Instance is { } instance && IsRing(instance.Type))
        {
            return instance;
        }

        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Parameter is { } parameter && IsRing(parameter.Type))
            {
                return argument.Value;
            }
        }

        return null;
    }

    private bool IsMemoryCarrier(ITypeSymbol type)
        => type.TypeKind == TypeKind.Pointer
           || type.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr
           || IsAnySpan(type);

    private bool IsPath(ITypeSymbol type)
        => IsReadOnlySpan(type) && ((INamedTypeSymbol)type).TypeArguments[0].SpecialType == SpecialType.System_Char;

    private static bool IsGeneric(ITypeSymbol? type, INamedTypeSymbol? definition)
        => definition is not null && type is INamedTypeSymbol named
           && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, definition);
}
