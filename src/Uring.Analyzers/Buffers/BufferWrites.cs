using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Uring.Analyzers.Infrastructure;

namespace Uring.Analyzers.Buffers;

/// <summary>
/// One place an operation writes memory: <see cref="Buffer"/> (an array, span or memory expression), or a field the
/// called method writes (<see cref="Field"/>); all of it, one element at <see cref="Start"/>, or the part
/// <see cref="Start"/>..<see cref="Length"/>.
/// </summary>
internal readonly struct BufferWrite
{
    public BufferWrite(IOperation at, IOperation? buffer, IFieldSymbol? field, IOperation? start, IOperation? length, bool element, string how)
    {
        At = at;
        Buffer = buffer;
        Field = field;
        Start = start;
        Length = length;
        Element = element;
        How = how;
    }

    /// <summary>Where the write is reported: the element store, the call, or the argument.</summary>
    public IOperation At { get; }

    public IOperation? Buffer { get; }

    public IFieldSymbol? Field { get; }

    public IOperation? Start { get; }

    public IOperation? Length { get; }

    public bool Element { get; }

    public string How { get; }
}

/// <summary>
/// What an operation writes: element stores (<c>buffer[i] = x</c>), <c>Clear</c>/<c>Fill</c>, <c>Array.Clear</c>/
/// <c>Fill</c>/<c>Copy</c>, a writable span or memory handed to a library call (<c>Encoding.GetBytes(text, span)</c>,
/// <c>source.CopyTo(span)</c>), an array handed to a library parameter that is a destination (<c>bytes</c>,
/// <c>buffer</c>, <c>destination</c>, ...), and, for methods of the same compilation in sight, the parameters and
/// fields their bodies write (<see cref="SourceFacts"/>).
/// </summary>
internal static class BufferWrites
{
    /// <summary>Array parameters of library calls that are destinations by name (<c>Encoding.GetBytes(..., byte[] bytes, ...)</c>, <c>Buffer.BlockCopy(..., dst, ...)</c>).</summary>
    private static readonly HashSet<string> s_destinationNames = new(System.StringComparer.Ordinal)
    {
        "bytes", "destination", "destinationArray", "dst", "dest",
    };

    private static readonly HashSet<string> s_inPlaceExtensions = new(System.StringComparer.Ordinal)
    {
        "Fill", "Clear", "Reverse", "Sort", "Replace", "CopyTo", "TryCopyTo",
    };

    public static IEnumerable<BufferWrite> Of(IOperation operation, UringSymbols symbols, SemanticModel? model, int depth)
    {
        switch (operation)
        {
            case ISimpleAssignmentOperation or ICompoundAssignmentOperation or IIncrementOrDecrementOperation:
                IOperation target = operation switch
                {
                    ISimpleAssignmentOperation simple => simple.Target,
                    ICompoundAssignmentOperation compound => compound.Target,
                    _ => ((IIncrementOrDecrementOperation)operation).Target,
                };
                if (ElementStore(target) is { } store)
                {
                    yield return store;
                }

                break;
            case IInvocationOperation invocation:
                foreach (BufferWrite write in OfCall(invocation, symbols, model, depth))
                {
                    yield return write;
                }

                break;
        }
    }

    private static BufferWrite? ElementStore(IOperation target)
    {
        switch (target.WalkDownConversion())
        {
            case IArrayElementReferenceOperation { Indices.Length: 1 } element:
                return new BufferWrite(target, element.ArrayReference, null, element.Indices[0], null, true, "written");
            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } indexed, Arguments.Length: 1 } property when IsWritableSpanLike(indexed.Type):
                return new BufferWrite(target, indexed, null, property.Arguments[0].Value, null, true, "written");
            case IImplicitIndexerReferenceOperation { Instance: { } indexed } implicitIndex when IsWritableSpanLike(indexed.Type) || indexed.Type is IArrayTypeSymbol:
                return new BufferWrite(target, indexed, null, implicitIndex.Argument, null, true, "written");
            default:
                return null;
        }
    }

    private static IEnumerable<BufferWrite> OfCall(IInvocationOperation invocation, UringSymbols symbols, SemanticModel? model, int depth)
    {
        IMethodSymbol method = invocation.TargetMethod;
        if (invocation.Instance is { } instance && IsWritableSpanLike(method.ContainingType) && method.Name is "Clear" or "Fill")
        {
            yield return new BufferWrite(invocation, instance, null, null, null, false, "written by " + method.Name);
        }

        if (method.ContainingType.IsType("System", "Array") && method.Name is "Clear" or "Fill" && invocation.Arguments.Length >= 1)
        {
            IOperation? start = invocation.Arguments.Length >= 3 ? invocation.Arguments[invocation.Arguments.Length - 2].Value : null;
            IOperation? length = invocation.Arguments.Length >= 3 ? invocation.Arguments[invocation.Arguments.Length - 1].Value : null;
            yield return new BufferWrite(invocation, invocation.Arguments[0].Value, null, start, length, false, "written by Array." + method.Name);
            yield break;
        }

        bool inSight = depth < SourceFacts.MaxCallDepth && SourceFacts.Body(method, model) is not null;
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Parameter is not { } parameter || argument.ArgumentKind == ArgumentKind.DefaultValue || symbols.IsHeld(parameter))
            {
                continue;
            }

            if (inSight)
            {
                if (symbols.Sources.WritesParameter(method, parameter.Ordinal, model, depth + 1))
                {
                    yield return new BufferWrite(argument.Value, argument.Value, null, null, null, false, "passed to '" + method.Name + "', which writes it");
                }

                continue;
            }

            // Out of sight (a library, an interface, an abstract method): judge by the parameter's type and name.
            if (LoopContextless(method, symbols))
            {
                continue;
            }

            bool extensionThis = method.IsExtensionMethod && parameter.Ordinal == 0;
            bool writable = IsWritableSpanLike(parameter.Type) && (!extensionThis || s_inPlaceExtensions.Contains(method.Name));
            bool destinationArray = (parameter.Type is IArrayTypeSymbol || parameter.Type.IsType("System", "Array")) && !extensionThis && IsDestinationArray(method, parameter);
            if (writable || destinationArray)
            {
                yield return new BufferWrite(argument.Value, argument.Value, null, null, null, false, "passed to '" + method.Name + "', which writes it");
            }
        }

        // this.Encode(...): the fields of this object the method writes.
        if (inSight && (method.IsStatic || invocation.Instance?.WalkDownConversion() is IInstanceReferenceOperation))
        {
            foreach (IFieldSymbol field in symbols.Sources.WrittenFields(method, model, depth + 1))
            {
                yield return new BufferWrite(invocation, null, field, null, null, false, "written by '" + method.Name + "'");
            }
        }
    }

    /// <summary>
    /// An array a library call writes: a destination by name, the <c>buffer</c> of a call that reads or receives into
    /// it (<c>Stream.Read</c>, <c>Socket.Receive</c>, <c>Random.NextBytes</c>; not <c>Stream.Write</c>), the target of <c>CopyTo</c>.
    /// </summary>
    private static bool IsDestinationArray(IMethodSymbol method, IParameterSymbol parameter)
    {
        if (s_destinationNames.Contains(parameter.Name))
        {
            return true;
        }

        string name = method.Name;
        return parameter.Name switch
        {
            "buffer" => name.StartsWith("Read", System.StringComparison.Ordinal) || name.StartsWith("Receive", System.StringComparison.Ordinal)
                        || name.StartsWith("Fill", System.StringComparison.Ordinal) || name == "NextBytes",
            "array" => name is "CopyTo" or "TryCopyTo",
            _ => false,
        };
    }

    /// <summary>The event loop's own operations pin their memory: handing it to them is not a write by the caller.</summary>
    private static bool LoopContextless(IMethodSymbol method, UringSymbols symbols) => Issuer.LoopContext.IsLoopOperation(method, symbols);

    /// <summary><c>Span&lt;T&gt;</c> or <c>Memory&lt;T&gt;</c> (not the read-only ones) and arrays' span views.</summary>
    public static bool IsWritableSpanLike(ITypeSymbol? type)
        => type is not null && type.ContainingNamespace?.ToDisplayString() == "System" && type.MetadataName is "Span`1" or "Memory`1";
}
