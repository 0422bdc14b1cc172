using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Uring.Analyzers.Diagnostics;
using Uring.Analyzers.Infrastructure;

namespace Uring.Analyzers.Buffers;

/// <summary>
/// URING0001 (an error: at run time it corrupts memory): memory that can move or die handed to a parameter whose
/// memory the kernel keeps until the completion. A plain managed array (a new or pool array, one a library call just
/// returned, a field only ever given such arrays, a pointer taken with <c>Unsafe.AsPointer</c> over one) is reported
/// at the call: the GC may move it at once. Stack memory and a local's storage, over the control-flow graph, only
/// when the method may return with the op in flight; so is a <c>fixed</c> or <c>using</c> pin that ends while the op
/// is in flight (<see cref="InFlightBufferWalker"/> finds both). Memory given to an op's <c>Memory&lt;T&gt;</c>
/// overload is never reported: the ring pins it until the completion. A <see cref="Uring.NativeBuffer"/>'s memory is stable.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnstableMemoryAnalyzer : InFlightBufferRule
{
    /// <summary>Diagnostic property naming the fix the origin allows: <c>stackalloc</c> or <c>array</c>.</summary>
    public const string OriginKindProperty = "OriginKind";

    /// <summary>Creates the analyzer of <see cref="Descriptors.UnstableMemory"/>.</summary>
    public UnstableMemoryAnalyzer()
        : base(Descriptors.UnstableMemory)
    {
    }

    private protected override void Register(CompilationStartAnalysisContext context, UringSymbols symbols)
    {
        base.Register(context, symbols);
        RegisterWithDefinitions(
            context,
            (operation, definitions) => AnalyzeInvocation(operation, (IInvocationOperation)operation.Operation, symbols, definitions),
            OperationKind.Invocation);
    }

    internal override Diagnostic? PinEnded(IOperation argument, string how)
        => At(argument, argument.Syntax.ToString(), how);

    internal override Diagnostic? FrameEnded(IOperation argument, MemoryKind kind, IOperation? origin)
        => Create(argument, kind, origin, " and the method returns before the completion is observed");

    /// <summary>
    /// A plain managed array moves at any GC, from the call on: reported at the call. Stack memory and a local's storage
    /// stay put until the frame ends, so the walker reports them only when the method may return with the op in flight.
    /// </summary>
    private static void AnalyzeInvocation(OperationAnalysisContext context, IInvocationOperation invocation, UringSymbols symbols, LocalDefinitions definitions)
    {
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            // Memory<T> handed to an op's Memory overload is pinned by the ring until the final completion.
            if (argument.Parameter is not { } parameter || argument.ArgumentKind == ArgumentKind.DefaultValue
                || !symbols.IsHeld(parameter) || symbols.IsPinnedByRing(parameter))
            {
                continue;
            }

            BufferTrace trace = MemoryTrace.Trace(argument.Value, definitions, symbols, invocation.SemanticModel);
            if (trace.Kind != MemoryKind.MovableArray || MemoryTrace.FixedPins(invocation, trace.Owners, definitions).Count > 0)
            {
                continue;
            }

            context.ReportDiagnostic(Create(argument.Value, trace.Kind, trace.Origin, string.Empty));
        }
    }

    private static Diagnostic Create(IOperation argument, MemoryKind kind, IOperation? origin, string suffix)
    {
        ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty;
        List<Location> additional = new();
        if (FixableOrigin(origin) is { } fix)
        {
            properties = properties.Add(OriginKindProperty, fix);
            additional.Add(origin!.Syntax.GetLocation());
        }

        return Diagnostic.Create(
            Descriptors.UnstableMemory,
            argument.Syntax.GetLocation(),
            additional,
            properties,
            argument.Syntax.ToString(),
            Describe(kind) + suffix);
    }

    private static string? FixableOrigin(IOperation? origin) => origin switch
    {
        IArrayCreationOperation { DimensionSizes.Length: 1, Initializer: null } => "array",
        { } stack when stack.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.StackAllocArrayCreationExpressionSyntax { Initializer: null } => "stackalloc",
        _ => null,
    };

    private static string Describe(MemoryKind kind) => kind switch
    {
        MemoryKind.Stack => "stack memory from stackalloc, which dies when the method returns",
        MemoryKind.LocalStorage => "the storage of a local variable, which dies when the method returns",
        _ => "an ordinary managed array, which the GC can move at any time",
    };
}
