using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;
using Uring.Analyzers.Infrastructure;

namespace Uring.Analyzers.Buffers;

/// <summary>What kind of memory an expression handed to an op refers to.</summary>
internal enum MemoryKind
{
    /// <summary>Cannot tell (a parameter, a field, a call): never reported.</summary>
    Unknown,
    /// <summary>Native memory (a <c>NativeBuffer</c>'s too), a pinned array or a pin: it does not move.</summary>
    Stable,
    /// <summary><c>stackalloc</c>: dies with the frame.</summary>
    Stack,
    /// <summary>The storage of a local variable or by-value parameter: dies with the frame.</summary>
    LocalStorage,
    /// <summary>An ordinary managed array (also pool arrays): the GC may move it at any time.</summary>
    MovableArray,
}

/// <summary>The result of tracing one buffer argument back to where its memory comes from.</summary>
internal sealed class BufferTrace
{
    public MemoryKind Kind { get; set; }

    /// <summary>The expression that created the memory (<c>stackalloc</c>, <c>new T[n]</c>), for the message and the code fix.</summary>
    public IOperation? Origin { get; set; }

    /// <summary>Locals and parameters the memory is reached through, or whose release frees or unpins it.</summary>
    public HashSet<ISymbol> Owners { get; } = new(SymbolEqualityComparer.Default);

    /// <summary>Locals and parameters the memory is passed as a whole (no slice, offset or range), for reuse checks.</summary>
    public HashSet<ISymbol> WholeRoots { get; } = new(SymbolEqualityComparer.Default);
}

/// <summary>
/// Traces a buffer argument through conversions, <c>AsSpan</c>, slices, span constructors, pins and local
/// assignments to the memory behind it. The walk stops at anything it does not understand, which then
/// counts as <see cref="MemoryKind.Unknown"/>: the rules report only memory they can name.
/// </summary>
internal static class MemoryTrace
{
    private const int MaxDepth = 12;

    public static BufferTrace Trace(IOperation argument, LocalDefinitions definitions)
    {
        BufferTrace trace = new();
        trace.Kind = Walk(argument, definitions, trace, whole: true, depth: 0);
        return trace;
    }

    private static MemoryKind Walk(IOperation operation, LocalDefinitions definitions, BufferTrace trace, bool whole, int depth)
    {
        if (depth > MaxDepth)
        {
            return MemoryKind.Unknown;
        }

        if (operation.Syntax.IsKind(SyntaxKind.StackAllocArrayCreationExpression)
            || operation.Syntax.IsKind(SyntaxKind.ImplicitStackAllocArrayCreationExpression))
        {
            trace.Origin = operation;
            return MemoryKind.Stack;
        }

        switch (operation)
        {
            case IConversionOperation conversion:
                return Walk(conversion.Operand, definitions, trace, whole, depth + 1);
            case IArrayCreationOperation:
                trace.Origin = operation;
                return MemoryKind.MovableArray;
            case ILocalReferenceOperation local:
                return WalkLocal(local.Local, definitions, trace, whole, depth);
            case IParameterReferenceOperation parameter:
                trace.Owners.Add(parameter.Parameter);
                if (whole)
                {
                    trace.WholeRoots.Add(parameter.Parameter);
                }

                return MemoryKind.Unknown;
            case IAddressOfOperation address:
                return IsFrameStorage(address.Reference) ? MemoryKind.LocalStorage : MemoryKind.Unknown;
            case IBinaryOperation { LeftOperand.Type.TypeKind: TypeKind.Pointer } pointerMath:
                return Walk(pointerMath.LeftOperand, definitions, trace, whole: false, depth + 1);
            case IConditionalOperation conditional when conditional.WhenFalse is not null:
                MemoryKind whenTrue = Walk(conditional.WhenTrue, definitions, trace, whole, depth + 1);
                return IsUnstable(whenTrue) ? whenTrue : Walk(conditional.WhenFalse, definitions, trace, whole, depth + 1);
            case IObjectCreationOperation creation:
                return WalkCreation(creation, definitions, trace, whole, depth);
            case IPropertyReferenceOperation property:
                return WalkProperty(property, definitions, trace, whole, depth);
            case IInvocationOperation invocation:
                return WalkInvocation(invocation, definitions, trace, whole, depth);
            case IImplicitIndexerReferenceOperation range when range.Instance is not null:
                return Walk(range.Instance, definitions, trace, whole: false, depth + 1);
            default:
                return MemoryKind.Unknown;
        }
    }

    /// <summary>
    /// The pointers of the <c>fixed</c> statements around <paramref name="call"/> that pin one of
    /// <paramref name="owners"/> (<c>fixed (byte* p = array) { ring.TryPrepareRead(..., array); }</c>).
    /// </summary>
    public static List<ILocalSymbol> FixedPins(IOperation call, IEnumerable<ISymbol> owners, LocalDefinitions definitions)
    {
        List<ILocalSymbol> pins = new();
        foreach (ILocalSymbol pointer in definitions.FixedLocals)
        {
            if (definitions.FixedStatementOf(pointer)!.Span.Contains(call.Syntax.Span)
                && definitions.Of(pointer) is { Count: 1 } values
                && values[0] is { } pinned
                && PinnedLocals(pinned, definitions).Overlaps(owners))
            {
                pins.Add(pointer);
            }
        }

        return pins;
    }

    /// <summary>The locals a <c>fixed</c> initializer pins (its operation tree is not a public kind, so look inside).</summary>
    private static HashSet<ISymbol> PinnedLocals(IOperation initializer, LocalDefinitions definitions)
    {
        HashSet<ISymbol> pinned = Trace(initializer, definitions).Owners;
        foreach (IOperation node in initializer.DescendantsAndSelf())
        {
            if (node is ILocalReferenceOperation local)
            {
                pinned.Add(local.Local);
            }
        }

        return pinned;
    }

    public static bool IsUnstable(MemoryKind kind) => kind is MemoryKind.Stack or MemoryKind.LocalStorage or MemoryKind.MovableArray;

    private static MemoryKind WalkLocal(ILocalSymbol local, LocalDefinitions definitions, BufferTrace trace, bool whole, int depth)
    {
        if (!trace.Owners.Add(local))
        {
            return MemoryKind.Unknown;
        }

        if (whole)
        {
            trace.WholeRoots.Add(local);
        }

        if (definitions.FixedStatementOf(local) is not null)
        {
            // A fixed pointer is stable while its scope lasts; the flow rule checks the scope.
            return MemoryKind.Stable;
        }

        IReadOnlyList<IOperation?> values = definitions.Of(local);
        if (values.Count == 0)
        {
            return MemoryKind.Unknown;
        }

        // Several assignments: report only when every one of them is the same kind of unstable memory.
        MemoryKind? common = null;
        IOperation? origin = null;
        foreach (IOperation? value in values)
        {
            if (value is null)
            {
                return MemoryKind.Unknown;
            }

            trace.Origin = null;
            MemoryKind kind = Walk(value, definitions, trace, whole, depth + 1);
            if (common is null)
            {
                common = kind;
                origin = trace.Origin;
            }
            else if (common != kind)
            {
                common = MemoryKind.Unknown;
            }
        }

        trace.Origin = values.Count == 1 ? origin : null;
        if (common == MemoryKind.MovableArray && definitions.PinningHandleOf(local) is { } handle)
        {
            trace.Owners.Add(handle);
            return MemoryKind.Stable;
        }

        return common ?? MemoryKind.Unknown;
    }

    private static MemoryKind WalkCreation(IObjectCreationOperation creation, LocalDefinitions definitions, BufferTrace trace, bool whole, int depth)
    {
        if (creation.Constructor is not { } constructor || !IsSpanLike(creation.Type) || creation.Arguments.Length == 0)
        {
            return MemoryKind.Unknown;
        }

        IArgumentOperation first = creation.Arguments[0];
        if (first.Parameter?.RefKind is RefKind.Ref or RefKind.In or RefKind.RefReadOnlyParameter)
        {
            return IsFrameStorage(first.Value) ? MemoryKind.LocalStorage : MemoryKind.Unknown;
        }

        // new Span<T>(array), new Span<T>(array, start, length), new Span<T>(pointer, length).
        bool pointer = first.Value.WalkDownConversion().Type?.TypeKind == TypeKind.Pointer || constructor.Parameters[0].Type.TypeKind == TypeKind.Pointer;
        bool keepsWhole = whole && (pointer || creation.Arguments.Length == 1);
        return Walk(first.Value, definitions, trace, keepsWhole, depth + 1);
    }

    private static MemoryKind WalkProperty(IPropertyReferenceOperation property, LocalDefinitions definitions, BufferTrace trace, bool whole, int depth)
    {
        if (property.Instance is not { } instance)
        {
            return MemoryKind.Unknown;
        }

        ITypeSymbol? owner = property.Property.ContainingType;
        switch (property.Property.Name)
        {
            case "Span" when IsSpanLike(owner):
                return Walk(instance, definitions, trace, whole, depth + 1);
            case "Memory" when owner.IsType("System.Buffers", "IMemoryOwner`1"):
                return Walk(instance, definitions, trace, whole, depth + 1);
            case "Span" or "Memory" when owner.IsType("Uring", "NativeBuffer"):
                // Native memory that never moves; the buffer is what a Dispose releases.
                Walk(instance, definitions, trace, whole, depth + 1);
                return MemoryKind.Stable;
            case "Pointer" when owner.IsType("System.Buffers", "MemoryHandle"):
                // Pinned while the handle lives; the owners found behind it are what a release frees.
                Walk(instance, definitions, trace, whole, depth + 1);
                return MemoryKind.Stable;
            default:
                return MemoryKind.Unknown;
        }
    }

    private static MemoryKind WalkInvocation(IInvocationOperation invocation, LocalDefinitions definitions, BufferTrace trace, bool whole, int depth)
    {
        IMethodSymbol method = invocation.TargetMethod;
        INamedTypeSymbol type = method.ContainingType;
        IOperation? first = invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null;
        switch (method.Name)
        {
            case "AsSpan" or "AsMemory" when type.IsType("System", "MemoryExtensions") && first is not null:
                return Walk(first, definitions, trace, whole && invocation.Arguments.Length == 1, depth + 1);
            case "Slice" when invocation.Instance is not null && IsSpanLike(type):
                return Walk(invocation.Instance, definitions, trace, whole: false, depth + 1);
            case "GetSpan" when invocation.Instance is not null && type.IsType("Uring", "NativeBuffer"):
                Walk(invocation.Instance, definitions, trace, whole, depth + 1);
                return MemoryKind.Stable;
            case "Pin" when invocation.Instance is not null && IsSpanLike(type):
                Walk(invocation.Instance, definitions, trace, whole, depth + 1);
                return MemoryKind.Stable;
            case "AsBytes" or "Cast" when type.IsType("System.Runtime.InteropServices", "MemoryMarshal") && first is not null:
                return Walk(first, definitions, trace, whole, depth + 1);
            case "CreateSpan" or "CreateReadOnlySpan" when type.IsType("System.Runtime.InteropServices", "MemoryMarshal") && first is not null:
                return IsFrameStorage(first) ? MemoryKind.LocalStorage : MemoryKind.Unknown;
            case "AsPointer" when type.IsType("System.Runtime.CompilerServices", "Unsafe") && first is not null:
                return IsFrameStorage(first) ? MemoryKind.LocalStorage : MemoryKind.Unknown;
            case "Rent" when type.IsType("System.Buffers", "ArrayPool`1"):
                trace.Origin = invocation;
                return MemoryKind.MovableArray;
            case "Rent" when type.IsType("System.Buffers", "MemoryPool`1") && invocation.Instance is IPropertyReferenceOperation { Property.Name: "Shared" }:
                trace.Origin = invocation;
                return MemoryKind.MovableArray;
            case "AllocateArray" or "AllocateUninitializedArray" when type.IsType("System", "GC"):
                trace.Origin = invocation;
                return PinnedArgument(invocation) ? MemoryKind.Stable : MemoryKind.MovableArray;
            case "Alloc" or "AllocZeroed" or "AlignedAlloc" or "Realloc" or "AlignedRealloc" when type.IsType("System.Runtime.InteropServices", "NativeMemory"):
            case "AllocHGlobal" or "AllocCoTaskMem" when type.IsType("System.Runtime.InteropServices", "Marshal"):
                return MemoryKind.Stable;
            case "AddrOfPinnedObject" when type.IsType("System.Runtime.InteropServices", "GCHandle") && invocation.Instance is not null:
                Walk(invocation.Instance, definitions, trace, whole, depth + 1);
                return MemoryKind.Stable;
            default:
                return MemoryKind.Unknown;
        }
    }

    private static bool PinnedArgument(IInvocationOperation invocation)
    {
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == "pinned")
            {
                return argument.Value.ConstantValue is { HasValue: true, Value: true };
            }
        }

        return false;
    }

    /// <summary>A local or by-value parameter (or a field of one): storage in the current frame.</summary>
    private static bool IsFrameStorage(IOperation reference)
    {
        reference = reference.WalkDownConversion();
        while (reference is IFieldReferenceOperation { Instance: { } instance, Field.ContainingType.IsValueType: true })
        {
            reference = instance;
        }

        return reference switch
        {
            ILocalReferenceOperation local => !local.Local.IsRef,
            IParameterReferenceOperation parameter => parameter.Parameter.RefKind == RefKind.None,
            _ => false,
        };
    }

    private static bool IsSpanLike(ITypeSymbol? type)
        => type is not null && type.ContainingNamespace?.ToDisplayString() == "System"
           && type.MetadataName is "Span`1" or "ReadOnlySpan`1" or "Memory`1" or "ReadOnlyMemory`1";
}
