using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;
using Uring.Analyzers.Infrastructure;

namespace Uring.Analyzers.Buffers;

/// <summary>
/// Traces a buffer argument through conversions, <c>AsSpan</c>, slices, span constructors, pins, local assignments,
/// fields of the type (whose every value is in sight), the memory properties of owners (<c>IMemoryOwner&lt;T&gt;</c>,
/// <c>NativeBuffer</c>, the application's own disposable types) and registered buffers, to the kind of memory it is
/// and the locals, parameters and fields it is reached through. Anything it cannot follow counts as
/// <see cref="MemoryKind.Unknown"/>: the rules report only memory they can name.
/// </summary>
internal static class MemoryTrace
{
    private const int MaxDepth = 12;

    public static BufferTrace Trace(IOperation argument, LocalDefinitions definitions, UringSymbols? symbols = null, SemanticModel? model = null)
    {
        BufferTrace trace = new();
        trace.Kind = new Walker(definitions, symbols, model ?? argument.SemanticModel, trace).Walk(argument, BufferRange.All, 0);
        return trace;
    }

    /// <summary>The buffers element <paramref name="index"/> of <paramref name="buffer"/> (an array or span) is part of.</summary>
    public static BufferTrace TraceElement(IOperation buffer, IOperation? index, LocalDefinitions definitions, UringSymbols? symbols, SemanticModel? model)
    {
        BufferTrace trace = new();
        long? at = index is null ? null : Constant(index);
        trace.Kind = new Walker(definitions, symbols, model ?? buffer.SemanticModel, trace).Walk(buffer, BufferRange.Slice(at, 1, BufferRange.All), 0);
        return trace;
    }

    /// <summary>The buffers a part <c>[start, start + length)</c> of <paramref name="buffer"/> belongs to.</summary>
    public static BufferTrace TraceSlice(IOperation buffer, IOperation? start, IOperation? length, LocalDefinitions definitions, UringSymbols? symbols, SemanticModel? model)
    {
        BufferTrace trace = new();
        BufferRange range = start is null && length is null ? BufferRange.All : BufferRange.Slice(start is null ? 0 : Constant(start), length is null ? null : Constant(length), BufferRange.All);
        trace.Kind = new Walker(definitions, symbols, model ?? buffer.SemanticModel, trace).Walk(buffer, range, 0);
        return trace;
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
                && PinnedSymbols(pinned, definitions).Overlaps(owners))
            {
                pins.Add(pointer);
            }
        }

        return pins;
    }

    /// <summary>The locals and fields a <c>fixed</c> initializer pins (its operation tree is not a public kind, so look inside).</summary>
    private static HashSet<ISymbol> PinnedSymbols(IOperation initializer, LocalDefinitions definitions)
    {
        HashSet<ISymbol> pinned = Trace(initializer, definitions).Owners;
        foreach (IOperation node in initializer.DescendantsAndSelf())
        {
            if (node is ILocalReferenceOperation or IFieldReferenceOperation && node.ReferencedSymbol() is { } symbol)
            {
                pinned.Add(symbol);
            }
        }

        return pinned;
    }

    public static bool IsUnstable(MemoryKind kind) => kind is MemoryKind.Stack or MemoryKind.LocalStorage or MemoryKind.MovableArray;

    /// <summary>True for memory that stays valid only while the frame lives (it moves with nothing, but dies at the return).</summary>
    public static bool DiesWithFrame(MemoryKind kind) => kind is MemoryKind.Stack or MemoryKind.LocalStorage;

    private sealed class Walker
    {
        private readonly LocalDefinitions _definitions;
        private readonly UringSymbols? _symbols;
        private readonly SemanticModel? _model;
        private readonly BufferTrace _trace;
        private readonly HashSet<ISymbol> _fieldsSeen = new(SymbolEqualityComparer.Default);

        public Walker(LocalDefinitions definitions, UringSymbols? symbols, SemanticModel? model, BufferTrace trace)
        {
            _definitions = definitions;
            _symbols = symbols;
            _model = model;
            _trace = trace;
        }

        public MemoryKind Walk(IOperation operation, BufferRange range, int depth)
        {
            if (depth > MaxDepth)
            {
                return MemoryKind.Unknown;
            }

            if (operation.Syntax.IsKind(SyntaxKind.StackAllocArrayCreationExpression)
                || operation.Syntax.IsKind(SyntaxKind.ImplicitStackAllocArrayCreationExpression))
            {
                _trace.Origin = operation;
                _trace.AddRoot(new InlineStackRoot(operation.Syntax), range);
                return MemoryKind.Stack;
            }

            switch (operation)
            {
                case IConversionOperation conversion:
                    return Walk(conversion.Operand, range, depth + 1);
                case IParenthesizedOperation parenthesized:
                    return Walk(parenthesized.Operand, range, depth + 1);
                case IArrayCreationOperation:
                    _trace.Origin = operation;
                    return MemoryKind.MovableArray;
                case ILocalReferenceOperation local:
                    return WalkLocal(local.Local, range, depth);
                case IParameterReferenceOperation parameter:
                    _trace.Owners.Add(parameter.Parameter);
                    _trace.AddRoot(parameter.Parameter, range);
                    return MemoryKind.Unknown;
                case IFieldReferenceOperation field:
                    return WalkField(field, range, depth);
                case IAddressOfOperation address:
                    return IsFrameStorage(address.Reference) ? MemoryKind.LocalStorage : MemoryKind.Unknown;
                case IBinaryOperation { LeftOperand.Type.TypeKind: TypeKind.Pointer } pointerMath:
                    return Walk(pointerMath.LeftOperand, BufferRange.Part, depth + 1);
                case IConditionalOperation conditional when conditional.WhenFalse is not null:
                    MemoryKind whenTrue = Walk(conditional.WhenTrue, range, depth + 1);
                    return IsUnstable(whenTrue) ? whenTrue : Walk(conditional.WhenFalse, range, depth + 1);
                case IObjectCreationOperation creation:
                    return WalkCreation(creation, range, depth);
                case IPropertyReferenceOperation property:
                    return WalkProperty(property, range, depth);
                case IInvocationOperation invocation:
                    return WalkInvocation(invocation, range, depth);
                case IImplicitIndexerReferenceOperation { Instance: { } instance } slice:
                    (long? start, long? length) = RangeOf(slice.Argument);
                    return Walk(instance, BufferRange.Slice(start, length, range), depth + 1);
                case IArrayElementReferenceOperation element when element.Type is { IsReferenceType: true }:
                    // jagged[i]: an element that is itself an array (or another object) is a reference the outer array
                    // holds, not the outer array's memory; what it points to is out of this trace's sight.
                    return MemoryKind.Unknown;
                case IArrayElementReferenceOperation element:
                    // ref array[i]: the array's memory, from element i.
                    long? index = element.Indices.Length == 1 ? Constant(element.Indices[0]) : null;
                    return Walk(element.ArrayReference, BufferRange.Slice(index, null, range), depth + 1);
                default:
                    return MemoryKind.Unknown;
            }
        }

        private MemoryKind WalkLocal(ILocalSymbol local, BufferRange range, int depth)
        {
            if (!_trace.Owners.Add(local))
            {
                return MemoryKind.Unknown;
            }

            _trace.AddRoot(local, range);
            if (_definitions.FixedStatementOf(local) is not null)
            {
                // A fixed pointer is stable while its scope lasts; the flow rule checks the scope.
                return MemoryKind.Stable;
            }

            IReadOnlyList<IOperation?> values = _definitions.Of(local);
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

                _trace.Origin = null;
                MemoryKind kind = Walk(value, range, depth + 1);
                if (common is null)
                {
                    common = kind;
                    origin = _trace.Origin;
                }
                else if (common != kind)
                {
                    common = MemoryKind.Unknown;
                }
            }

            _trace.Origin = values.Count == 1 ? origin : null;
            if (common == MemoryKind.MovableArray && _definitions.PinningHandleOf(local) is { } handle)
            {
                _trace.Owners.Add(handle);
                return MemoryKind.Stable;
            }

            return common ?? MemoryKind.Unknown;
        }

        /// <summary>
        /// A static field, or an instance field of <c>this</c>: an owner and a root like a local. Its kind is what every
        /// value it is given says (all in sight), unless the type pins it (a <c>GCHandle</c>, <c>fixed</c>, <c>Pin()</c>).
        /// </summary>
        private MemoryKind WalkField(IFieldReferenceOperation reference, BufferRange range, int depth)
        {
            IFieldSymbol field = reference.Field;
            if (!field.IsStatic && reference.Instance?.WalkDownConversion() is not IInstanceReferenceOperation)
            {
                return MemoryKind.Unknown;
            }

            _trace.Owners.Add(field);
            _trace.AddRoot(field, range);
            if (_symbols is null || !_fieldsSeen.Add(field) || _symbols.Sources.FieldValues(field, _model) is not { Count: > 0 } values)
            {
                return MemoryKind.Unknown;
            }

            MemoryKind? common = null;
            foreach (IOperation value in values)
            {
                BufferTrace inner = new();
                MemoryKind kind = new Walker(LocalDefinitions.For(new[] { value }), _symbols, _model, inner).Walk(value, BufferRange.All, depth + 1);
                common = common is null || common == kind ? kind : MemoryKind.Unknown;
            }

            if (common == MemoryKind.MovableArray && _symbols.Sources.IsPinnedInType(field, _model))
            {
                return MemoryKind.Stable;
            }

            return common == MemoryKind.Stable ? MemoryKind.Stable : common == MemoryKind.MovableArray ? MemoryKind.MovableArray : MemoryKind.Unknown;
        }

        private MemoryKind WalkCreation(IObjectCreationOperation creation, BufferRange range, int depth)
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
            if (pointer || creation.Arguments.Length == 1)
            {
                return Walk(first.Value, range, depth + 1);
            }

            long? start = Constant(creation.Arguments[1].Value);
            long? length = creation.Arguments.Length > 2 ? Constant(creation.Arguments[2].Value) : null;
            return Walk(first.Value, BufferRange.Slice(start, length, range), depth + 1);
        }

        private MemoryKind WalkProperty(IPropertyReferenceOperation property, BufferRange range, int depth)
        {
            ITypeSymbol? owner = property.Property.ContainingType;
            if (property.Instance is not { } instance)
            {
                if (IsAutoProperty(property.Property) && IsMemoryShaped(property.Type))
                {
                    _trace.Owners.Add(property.Property);
                    _trace.AddRoot(property.Property, range);
                }

                return MemoryKind.Unknown;
            }

            switch (property.Property.Name)
            {
                case "Span" when IsSpanLike(owner):
                    return Walk(instance, range, depth + 1);
                case "Memory" when owner.IsType("System.Buffers", "IMemoryOwner`1"):
                    return Walk(instance, range, depth + 1);
                case "Span" or "Memory" when owner.IsType("Uring", "NativeBuffer"):
                    // Native memory that never moves; the buffer is what a Dispose releases.
                    Walk(instance, range, depth + 1);
                    return MemoryKind.Stable;
                case "Pointer" when owner.IsType("System.Buffers", "MemoryHandle"):
                    // Pinned while the handle lives; the owners found behind it are what a release frees.
                    Walk(instance, range, depth + 1);
                    return MemoryKind.Stable;
            }

            if (instance.WalkDownConversion() is IInstanceReferenceOperation && IsAutoProperty(property.Property) && IsMemoryShaped(property.Type))
            {
                // An auto-property of this object holds its buffer like a field does.
                _trace.Owners.Add(property.Property);
                _trace.AddRoot(property.Property, range);
                return MemoryKind.Unknown;
            }

            if (!property.Property.IsIndexer && IsMemoryShaped(property.Type))
            {
                // The application's own owner (a pooled block, a pinned buffer) handing out its memory: the instance
                // owns it, and its Dispose or return to a pool releases it.
                AddOwnerInstance(instance, property.Property, range);
            }

            return MemoryKind.Unknown;
        }

        private MemoryKind WalkInvocation(IInvocationOperation invocation, BufferRange range, int depth)
        {
            IMethodSymbol method = invocation.TargetMethod;
            INamedTypeSymbol type = method.ContainingType;
            IOperation? first = invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null;
            switch (method.Name)
            {
                case "AsSpan" or "AsMemory" when type.IsType("System", "MemoryExtensions") && first is not null:
                    if (invocation.Arguments.Length == 1)
                    {
                        return Walk(first, range, depth + 1);
                    }

                    // AsSpan(start), AsSpan(start, length), AsSpan(range)
                    (long? start, long? length) = invocation.Arguments[1].Value.Type?.Name == "Range"
                        ? RangeOf(invocation.Arguments[1].Value)
                        : (Constant(invocation.Arguments[1].Value), invocation.Arguments.Length > 2 ? Constant(invocation.Arguments[2].Value) : null);
                    return Walk(first, BufferRange.Slice(start, length, range), depth + 1);
                case "Slice" when invocation.Instance is not null && IsSpanLike(type):
                    long? sliceStart = invocation.Arguments.Length > 0 ? Constant(invocation.Arguments[0].Value) : null;
                    long? sliceLength = invocation.Arguments.Length > 1 ? Constant(invocation.Arguments[1].Value) : null;
                    return Walk(invocation.Instance, BufferRange.Slice(sliceStart, sliceLength, range), depth + 1);
                case "GetSpan" when invocation.Instance is not null && type.IsType("Uring", "NativeBuffer"):
                    Walk(invocation.Instance, range, depth + 1);
                    return MemoryKind.Stable;
                case "RegisteredBuffer" when _symbols is not null && _symbols.IsRing(type) && first is not null:
                    if (RegisteredBufferRoot.Of(invocation.Instance, first) is { } registered)
                    {
                        _trace.AddRoot(registered, range);
                    }

                    return MemoryKind.Stable;
                case "Pin" when invocation.Instance is not null && IsSpanLike(type):
                    Walk(invocation.Instance, range, depth + 1);
                    return MemoryKind.Stable;
                case "AsBytes" or "Cast" when type.IsType("System.Runtime.InteropServices", "MemoryMarshal") && first is not null:
                    return Walk(first, range, depth + 1);
                case "GetArrayDataReference" when type.IsType("System.Runtime.InteropServices", "MemoryMarshal") && first is not null:
                    return Walk(first, range, depth + 1);
                case "CreateSpan" or "CreateReadOnlySpan" when type.IsType("System.Runtime.InteropServices", "MemoryMarshal") && first is not null:
                    return IsFrameStorage(first) ? MemoryKind.LocalStorage : Walk(first, range, depth + 1) == MemoryKind.MovableArray ? MemoryKind.MovableArray : MemoryKind.Unknown;
                case "AsPointer" when type.IsType("System.Runtime.CompilerServices", "Unsafe") && first is not null:
                    // Unsafe.AsPointer(ref local) dies with the frame; over an array element it moves with the array.
                    if (IsFrameStorage(first))
                    {
                        return MemoryKind.LocalStorage;
                    }

                    return Walk(first, range, depth + 1) switch
                    {
                        MemoryKind.MovableArray => MemoryKind.MovableArray,
                        MemoryKind.Stable => MemoryKind.Stable,
                        _ => MemoryKind.Unknown,
                    };
                case "Rent" when type.IsType("System.Buffers", "ArrayPool`1"):
                    _trace.Origin = invocation;
                    return MemoryKind.MovableArray;
                case "Rent" when type.IsType("System.Buffers", "MemoryPool`1") && invocation.Instance is IPropertyReferenceOperation { Property.Name: "Shared" }:
                    _trace.Origin = invocation;
                    return MemoryKind.MovableArray;
                case "AllocateArray" or "AllocateUninitializedArray" when type.IsType("System", "GC"):
                    _trace.Origin = invocation;
                    return PinnedArgument(invocation) ? MemoryKind.Stable : MemoryKind.MovableArray;
                case "Alloc" or "AllocZeroed" or "AlignedAlloc" or "Realloc" or "AlignedRealloc" when type.IsType("System.Runtime.InteropServices", "NativeMemory"):
                case "AllocHGlobal" or "AllocCoTaskMem" when type.IsType("System.Runtime.InteropServices", "Marshal"):
                    return MemoryKind.Stable;
                case "AddrOfPinnedObject" when type.IsType("System.Runtime.InteropServices", "GCHandle") && invocation.Instance is not null:
                    Walk(invocation.Instance, range, depth + 1);
                    return MemoryKind.Stable;
                case "Empty" when type.IsType("System", "Array"):
                    return MemoryKind.Unknown;
                case "Resize" when type.IsType("System", "Array"):
                    // Array.Resize(ref field, n) gives the field a new, unpinned array (see SourceFacts.FieldValues).
                    _trace.Origin = invocation;
                    return MemoryKind.MovableArray;
            }

            if (invocation.Instance is { } instance && !method.IsStatic && IsMemoryShaped(method.ReturnType)
                && method.ContainingType.SpecialType == SpecialType.None && !IsSpanLike(method.ContainingType)
                && method.DeclaringSyntaxReferences.Length > 0)
            {
                // owner.GetSpan() on the application's own owner type.
                AddOwnerInstance(instance, method, range);
                return MemoryKind.Unknown;
            }

            if (method.ReturnType is IArrayTypeSymbol && _symbols is not null && depth < MaxDepth
                && SourceFacts.Body(method, _model) is { } body && ReturnsOnlyNewArrays(body, depth))
            {
                // A helper of the application that builds and returns a new array (a serializer).
                _trace.Origin = invocation;
                return MemoryKind.MovableArray;
            }

            if (method.ReturnType is IArrayTypeSymbol && method.DeclaringSyntaxReferences.IsEmpty && !method.ReturnsByRef
                && (_symbols is null || !SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _symbols.Ring.ContainingAssembly)))
            {
                // A library call that returns an array (Encoding.GetBytes(string), ToArray()) returns a new, unpinned one.
                _trace.Origin = invocation;
                return MemoryKind.MovableArray;
            }

            return MemoryKind.Unknown;
        }

        /// <summary>Every value the body returns is a new, unpinned array (it returns none it keeps in a field).</summary>
        private bool ReturnsOnlyNewArrays(IOperation body, int depth)
        {
            LocalDefinitions definitions = LocalDefinitions.For(new[] { body });
            bool any = false;
            foreach (IOperation node in SourceFacts.OwnOperations(body))
            {
                if (node is IReturnOperation { ReturnedValue: { } value })
                {
                    BufferTrace inner = new();
                    if (new Walker(definitions, _symbols, _model, inner).Walk(value, BufferRange.All, depth + 2) != MemoryKind.MovableArray
                        || inner.Owners.Any(owner => owner is IFieldSymbol or IParameterSymbol))
                    {
                        return false;
                    }

                    any = true;
                }
            }

            return any;
        }

        /// <summary>The owner instance behind <c>owner.Memory</c> / <c>owner.GetSpan()</c>: a local, parameter or field of <c>this</c>.</summary>
        private void AddOwnerInstance(IOperation instance, ISymbol member, BufferRange range)
        {
            IOperation value = instance.WalkDownConversion();
            if (value is IFieldReferenceOperation field && !field.Field.IsStatic && field.Instance?.WalkDownConversion() is not IInstanceReferenceOperation)
            {
                return;
            }

            if (value.ReferencedSymbol() is { } symbol && value.Type is { } type && IsOwnerType(type))
            {
                _trace.Owners.Add(symbol);

                // A property names the same memory each time (block.Span); a method may hand out new memory on every
                // call (pool.Rent()), so only a property's memory is tracked for reuse.
                if (member is IPropertySymbol)
                {
                    _trace.AddRoot(new MemberRoot(symbol, member), range);
                }
            }
        }

        /// <summary>A type that releases what it hands out: disposable, or a class the application wrote (a pooled block).</summary>
        private static bool IsOwnerType(ITypeSymbol type)
        {
            foreach (INamedTypeSymbol candidate in type.AllInterfaces)
            {
                if (candidate.SpecialType == SpecialType.System_IDisposable)
                {
                    return true;
                }
            }

            return type.DeclaringSyntaxReferences.Length > 0 && type.TypeKind is TypeKind.Class or TypeKind.Struct;
        }
    }

    private static bool IsAutoProperty(IPropertySymbol property)
        => !property.IsIndexer && property.DeclaringSyntaxReferences.Length > 0
           && property.ContainingType.GetMembers().OfType<IFieldSymbol>().Any(field => SymbolEqualityComparer.Default.Equals(field.AssociatedSymbol, property));

    /// <summary>Span, memory, arrays and pointers: what an owner hands out for an op.</summary>
    private static bool IsMemoryShaped(ITypeSymbol? type)
        => type is IArrayTypeSymbol or IPointerTypeSymbol || IsSpanLike(type) || type?.SpecialType is SpecialType.System_IntPtr;

    /// <summary>The value of an integral constant, or null for anything else (a string, a float, a non-constant).</summary>
    public static long? Constant(IOperation operation)
        => operation.WalkDownConversion().ConstantValue is { HasValue: true, Value: { } value }
            ? value switch
            {
                int i => i,
                long l => l,
                short s => s,
                ushort us => us,
                byte b => b,
                sbyte sb => sb,
                uint ui => ui,
                ulong ul when ul <= long.MaxValue => (long)ul,
                char c => c,
                _ => null,
            }
            : null;

    /// <summary>A range <c>a..b</c> of constants from the start as (start, length); null parts when not constants or from the end.</summary>
    private static (long? Start, long? Length) RangeOf(IOperation argument)
    {
        if (argument.WalkDownConversion() is not IRangeOperation range)
        {
            return (Constant(argument), null);
        }

        long? start = range.LeftOperand is null ? 0 : FromStart(range.LeftOperand);
        long? end = range.RightOperand is null ? null : FromStart(range.RightOperand);
        return (start, start is { } s && end is { } e ? e - s : null);
    }

    private static long? FromStart(IOperation index)
        => index.WalkDownConversion() is IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat } ? null : Constant(index);

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
