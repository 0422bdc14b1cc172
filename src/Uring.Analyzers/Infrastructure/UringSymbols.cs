using System.Collections.Concurrent;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Uring.Generators;
using Uring.Generators.Model;

namespace Uring.Analyzers.Infrastructure;

/// <summary>
/// The runtime and BCL symbols the rules key off, resolved once per compilation. Rules use the marker
/// attributes the runtime puts on its own API, never method names, so ops users declare are covered too.
/// </summary>
internal sealed class UringSymbols
{
    private readonly ConcurrentDictionary<IParameterSymbol, bool> _heldOpParameters = new(SymbolEqualityComparer.Default);

    private UringSymbols(Compilation compilation, INamedTypeSymbol ring)
    {
        Compilation = compilation;
        Ring = ring;
        RingOptions = compilation.GetTypeByMetadataName("Uring.RingOptions");
        SqeContext = compilation.GetTypeByMetadataName(KnownNames.SqeContext);
        UringOp = compilation.GetTypeByMetadataName(KnownNames.UringOpAttribute);
        HeldUntilCompletion = compilation.GetTypeByMetadataName(KnownNames.HeldUntilCompletionAttribute);
        ObservesCompletion = compilation.GetTypeByMetadataName("Uring.ObservesCompletionAttribute");
        IssuerThreadOnly = compilation.GetTypeByMetadataName("Uring.IssuerThreadOnlyAttribute");
        BindsIssuerThread = compilation.GetTypeByMetadataName("Uring.BindsIssuerThreadAttribute");
        ResumesOnIssuerThread = compilation.GetTypeByMetadataName("Uring.ResumesOnIssuerThreadAttribute");
        RunsOnIssuerThread = compilation.GetTypeByMetadataName("Uring.RunsOnIssuerThreadAttribute");
        BorrowedView = compilation.GetTypeByMetadataName("Uring.BorrowedViewAttribute");
        RentsPooledContext = compilation.GetTypeByMetadataName("Uring.RentsPooledContextAttribute");
        ReturnsPooledContext = compilation.GetTypeByMetadataName("Uring.ReturnsPooledContextAttribute");
        LendsProvidedBuffer = compilation.GetTypeByMetadataName("Uring.LendsProvidedBufferAttribute");
        RecyclesProvidedBuffer = compilation.GetTypeByMetadataName("Uring.RecyclesProvidedBufferAttribute");
        NothingLentWhenTrue = compilation.GetTypeByMetadataName("Uring.NothingLentWhenTrueAttribute");
        UringContext = compilation.GetTypeByMetadataName(KnownNames.UringContextAttribute);
        Span = compilation.GetTypeByMetadataName(KnownNames.Span);
        ReadOnlySpan = compilation.GetTypeByMetadataName(KnownNames.ReadOnlySpan);
        Memory = compilation.GetTypeByMetadataName("System.Memory`1");
        ReadOnlyMemory = compilation.GetTypeByMetadataName("System.ReadOnlyMemory`1");
        TimeSpan = compilation.GetTypeByMetadataName(KnownNames.TimeSpan);
        NativeBuffer = compilation.GetTypeByMetadataName("Uring.NativeBuffer");
        RequestKind = compilation.GetTypeByMetadataName("Uring.RequestKindAttribute");
        Sources = new SourceFacts(this);
    }

    /// <summary>Facts about the methods and fields of the compilation the rules follow calls and fields into.</summary>
    public SourceFacts Sources { get; }

    /// <summary>Marks a hand-written prep method with the kind of request it prepares (what <c>[UringOp]</c>'s Kind says for declared ops).</summary>
    public INamedTypeSymbol? RequestKind { get; }

    public Compilation Compilation { get; }

    public INamedTypeSymbol Ring { get; }

    public INamedTypeSymbol? RingOptions { get; }

    public INamedTypeSymbol? SqeContext { get; }

    public INamedTypeSymbol? UringOp { get; }

    public INamedTypeSymbol? HeldUntilCompletion { get; }

    public INamedTypeSymbol? ObservesCompletion { get; }

    public INamedTypeSymbol? IssuerThreadOnly { get; }

    public INamedTypeSymbol? BindsIssuerThread { get; }

    public INamedTypeSymbol? ResumesOnIssuerThread { get; }

    /// <summary>Marks delegate parameters (and a scheduler) whose code runs on an event loop's thread.</summary>
    public INamedTypeSymbol? RunsOnIssuerThread { get; }

    public INamedTypeSymbol? BorrowedView { get; }

    public INamedTypeSymbol? RentsPooledContext { get; }

    public INamedTypeSymbol? ReturnsPooledContext { get; }

    public INamedTypeSymbol? LendsProvidedBuffer { get; }

    public INamedTypeSymbol? RecyclesProvidedBuffer { get; }

    /// <summary>Marks a bool property of a lent buffer that is true when it holds nothing to give back (<c>LentBuffer.IsEmpty</c>).</summary>
    public INamedTypeSymbol? NothingLentWhenTrue { get; }

    /// <summary><c>[UringContext]</c>: a typed context whose generated accessors (<c>In</c>, <c>Load</c>) read a pooled context.</summary>
    public INamedTypeSymbol? UringContext { get; }

    public INamedTypeSymbol? Span { get; }

    public INamedTypeSymbol? ReadOnlySpan { get; }

    public INamedTypeSymbol? Memory { get; }

    public INamedTypeSymbol? ReadOnlyMemory { get; }

    public INamedTypeSymbol? TimeSpan { get; }

    /// <summary>The runtime's owned buffer: its memory never moves, and its Dispose waits for the ring's pins.</summary>
    public INamedTypeSymbol? NativeBuffer { get; }

    /// <summary>The symbols, or null when the compilation does not reference Uring.Runtime (then no rule runs).</summary>
    public static UringSymbols? TryCreate(Compilation compilation)
    {
        INamedTypeSymbol? ring = compilation.GetTypeByMetadataName(KnownNames.Ring);
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
    /// The <c>[UringOp]</c> declaration a call reaches: the method itself, or, for an overload the generator
    /// writes beside a public op (which carries no <c>[UringOp]</c>), the op of the same name in the same type
    /// behind it: the generic <c>TryPrepare*&lt;TContext&gt;(in TContext context, ...)</c> whose parameters match once
    /// the <c>SqeContext</c> takes the place of the context, the <c>Memory&lt;T&gt;</c> overload whose parameters
    /// match once spans take the place of memory, and the generic form of that one. Any other method comes back
    /// unchanged.
    /// </summary>
    public IMethodSymbol OpBehind(IMethodSymbol method)
    {
        IMethodSymbol declaration = Declaration(method);
        if (Has(declaration, UringOp) || SqeContext is null)
        {
            return declaration;
        }

        // A generic context overload stands for the method it calls: the op, or the op's Memory<T> overload.
        IMethodSymbol target = declaration;
        if (declaration.TypeParameters.Length == 1)
        {
            foreach (ISymbol member in declaration.ContainingType.GetMembers(declaration.Name))
            {
                if (member is IMethodSymbol candidate && !candidate.IsGenericMethod
                    && OpInspector.IsContextOverloadOf(declaration, Declaration(candidate)))
                {
                    target = Declaration(candidate);
                    break;
                }
            }

            if (Has(target, UringOp))
            {
                return target;
            }
        }

        return MemoryOverloadOp(target) ?? declaration;
    }

    /// <summary>The non-generic method a generated <c>TryPrepare*&lt;TContext&gt;</c> overload calls, or null.</summary>
    private static IMethodSymbol? ContextOverloadTarget(IMethodSymbol declaration)
    {
        if (declaration.TypeParameters.Length != 1)
        {
            return null;
        }

        foreach (ISymbol member in declaration.ContainingType.GetMembers(declaration.Name))
        {
            if (member is IMethodSymbol candidate && !candidate.IsGenericMethod && OpInspector.IsContextOverloadOf(declaration, Declaration(candidate)))
            {
                return Declaration(candidate);
            }
        }

        return null;
    }

    /// <summary>The op a <c>Memory&lt;T&gt;</c> overload prepares, or null when <paramref name="overload"/> is none.</summary>
    private IMethodSymbol? MemoryOverloadOp(IMethodSymbol overload)
    {
        foreach (ISymbol member in overload.ContainingType.GetMembers(overload.Name))
        {
            if (member is IMethodSymbol candidate && !candidate.IsGenericMethod && Has(Declaration(candidate), UringOp)
                && OpInspector.IsMemoryOverloadOf(overload, Declaration(candidate)))
            {
                return Declaration(candidate);
            }
        }

        return null;
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

    public bool IsAnySpan(ITypeSymbol? type) => IsSpan(type) || IsGeneric(type, ReadOnlySpan);

    public bool IsAnyMemory(ITypeSymbol? type) => IsGeneric(type, Memory) || IsGeneric(type, ReadOnlyMemory);

    /// <summary>
    /// A held parameter of type <c>Memory&lt;T&gt;</c>: the op's <c>Memory&lt;T&gt;</c> overload pins it and the ring
    /// holds the pin until the final completion, so it can neither move nor lose its pin before then.
    /// </summary>
    public bool IsPinnedByRing(IParameterSymbol parameter) => IsAnyMemory(parameter.Type) && IsHeld(parameter);

    /// <summary>A <see cref="NativeBuffer"/>: its memory never moves, and its Dispose defers the free to the last pin.</summary>
    public bool IsNativeBuffer(ITypeSymbol? type) => NativeBuffer is not null && SymbolEqualityComparer.Default.Equals(type, NativeBuffer);

    /// <summary>
    /// A parameter whose memory the kernel keeps until the completion: <c>[HeldUntilCompletion]</c>, or a
    /// parameter of an <c>[UringOp]</c> that the generator encodes by address (<see cref="OpInspector.IsHeld"/>:
    /// an <c>[Sqe]</c> span or pointer that is not staged, not a path and not inline command bytes).
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

        IMethodSymbol declaration = Declaration(method);
        IParameterSymbol declared = declaration.Parameters.Length > parameter.Ordinal ? declaration.Parameters[parameter.Ordinal] : parameter;

        // Every call of an op asks again (several rules, each argument): inspect each op parameter once.
        return _heldOpParameters.GetOrAdd(declared, static p => OpInspector.IsHeld(p));
    }

    /// <summary>Kernel writes into the memory (a mutable span or memory, or a read-like op).</summary>
    public bool KernelWrites(IParameterSymbol parameter)
    {
        if (IsSpan(parameter.Type) || IsGeneric(parameter.Type, Memory))
        {
            return true;
        }

        return parameter.ContainingSymbol is IMethodSymbol method && OpKindOf(method) == UringOpKind.ReadLike;
    }

    /// <summary>
    /// The <see cref="UringOpKind"/> of an op, or null for a method that is not one. A generated
    /// <c>TryPrepare*&lt;TContext&gt;</c> overload has the kind of the op it calls.
    /// </summary>
    public UringOpKind? OpKindOf(IMethodSymbol method)
    {
        AttributeData? op = Find(OpBehind(method), UringOp);
        if (op is null)
        {
            // A hand-written wrapper (a fixed-buffer write) says its kind itself; its generic overload is the same request.
            IMethodSymbol declaration = Declaration(method);
            AttributeData? kind = Find(declaration, RequestKind);
            if (kind is null && ContextOverloadTarget(declaration) is { } target)
            {
                kind = Find(target, RequestKind);
            }

            return kind is { ConstructorArguments: { Length: 1 } arguments } && arguments[0].Value is int value ? (UringOpKind)value : null;
        }

        foreach (System.Collections.Generic.KeyValuePair<string, TypedConstant> named in op.NamedArguments)
        {
            if (named.Key == "Kind" && named.Value.Value is int kind)
            {
                return (UringOpKind)kind;
            }
        }

        return UringOpKind.Other;
    }

    /// <summary>
    /// The expression of the ring an issuer-only or op call drives: the receiver of a <see cref="Ring"/>
    /// method, else the argument of the op's <see cref="Ring"/> parameter.
    /// </summary>
    public IOperation? RingOf(IInvocationOperation invocation)
    {
        if (RingOfCall(invocation) is { } ring)
        {
            return ring;
        }

        // An issuer-only method of an object that drives a ring it holds (subscription.Cancel()): the ring the object
        // came from, when a field or property of this type received it from a call on a ring in sight.
        return invocation.Instance is { } holder && IsIssuerOnly(invocation.TargetMethod) ? RingBehind(holder, invocation.SemanticModel) : null;
    }

    /// <summary>
    /// The ring whose call gave <paramref name="instance"/> (a field or property of this object, or a static one) its
    /// value through an <c>out</c> argument (<c>MultishotSubscription.TryStartTimer(_ring, ..., out _ticks)</c>), searched
    /// in the declarations of the containing type in this syntax tree; null when there is no such call, or two rings.
    /// </summary>
    private IOperation? RingBehind(IOperation instance, SemanticModel? model)
    {
        instance = instance.WalkDownConversion();
        if (instance is IConditionalAccessInstanceOperation)
        {
            IOperation? parent = instance.Parent;
            while (parent is not null and not IConditionalAccessOperation)
            {
                parent = parent.Parent;
            }

            if (parent is not IConditionalAccessOperation access)
            {
                return null;
            }

            instance = access.Operation.WalkDownConversion();
        }

        ISymbol? holder = instance switch
        {
            IFieldReferenceOperation field when field.Instance is null || field.Instance.WalkDownConversion() is IInstanceReferenceOperation => field.Field,
            IPropertyReferenceOperation { Property.IsIndexer: false } property when property.Instance is null || property.Instance.WalkDownConversion() is IInstanceReferenceOperation => property.Property,
            _ => null,
        };
        if (holder is null || model is null || IsRing(instance.Type))
        {
            return null;
        }

        IOperation? found = null;
        foreach (SyntaxReference reference in holder.ContainingType.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree != model.SyntaxTree)
            {
                continue;
            }

            foreach (Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax syntax in reference.GetSyntax().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax>())
            {
                if (model.GetOperation(syntax) is not IInvocationOperation call)
                {
                    continue;
                }

                foreach (IArgumentOperation argument in call.Arguments)
                {
                    if (argument.Parameter?.RefKind != RefKind.Out
                        || !SymbolEqualityComparer.Default.Equals(argument.Value.WalkDownConversion().ReferencedSymbol(), holder)
                        || RingOfCall(call) is not { } ring)
                    {
                        continue;
                    }

                    if (found is not null && !SymbolEqualityComparer.Default.Equals(found.ReferencedSymbol(), ring.ReferencedSymbol()))
                    {
                        return null;
                    }

                    found = ring;
                }
            }
        }

        return found;
    }

    /// <summary>The ring receiver or argument of a call (without following held objects).</summary>
    private IOperation? RingOfCall(IInvocationOperation invocation)
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

    private static bool IsGeneric(ITypeSymbol? type, INamedTypeSymbol? definition)
        => definition is not null && type is INamedTypeSymbol named
           && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, definition);
}
