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
/// URING0001: memory that can move or die handed to a parameter whose memory the kernel keeps until the
/// completion. By kind of memory, at the call: <c>stackalloc</c>, a plain managed array (including pool
/// arrays) or the storage of a local. By scope, over the control-flow graph: a <c>fixed</c> or <c>using</c>
/// pin that ends while the op is in flight (<see cref="InFlightBufferWalker"/> finds the pin's end). Memory
/// given to an op's <c>Memory&lt;T&gt;</c> overload is never reported: the ring pins it until the completion.
/// A <see cref="Uring.NativeBuffer"/>'s memory is stable.
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

            BufferTrace trace = MemoryTrace.Trace(argument.Value, definitions);
            if (!MemoryTrace.IsUnstable(trace.Kind) || (trace.Kind == MemoryKind.MovableArray && MemoryTrace.FixedPins(invocation, trace.Owners, definitions).Count > 0))
            {
                continue;
            }

            ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty;
            List<Location> additional = new();
            if (FixableOrigin(trace.Origin) is { } kind)
            {
                properties = properties.Add(OriginKindProperty, kind);
                additional.Add(trace.Origin!.Syntax.GetLocation());
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.UnstableMemory,
                argument.Value.Syntax.GetLocation(),
                additional,
                properties,
                argument.Value.Syntax.ToString(),
                Describe(trace.Kind)));
        }
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
