using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Uring.Analyzers.Diagnostics;
using Uring.Analyzers.Flow;
using Uring.Analyzers.Infrastructure;

namespace Uring.Analyzers.Buffers;

/// <summary>
/// The in-flight state machine of submitted buffers, over the control-flow graph: URING0002 (owner
/// disposed, returned, freed or unpinned while in flight), URING0003 (buffer written or submitted again
/// while in flight) and the scope half of URING0001 (a <c>fixed</c> or <c>using</c> pin that ends while in
/// flight). The graph is built only for methods that submit a held buffer.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InFlightBufferAnalyzer : FlowAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.UnstableMemory,
        Descriptors.ReleasedBeforeCompletion,
        Descriptors.ReusedWhileInFlight);

    private protected override bool IsCandidate(IOperation operation, UringSymbols symbols)
        => ((IInvocationOperation)operation).Arguments.Any(argument => argument.Parameter is { } parameter && symbols.IsHeld(parameter));

    private protected override FlowWalker? CreateWalker(ControlFlowGraph graph, FlowContext context)
        => new InFlightBufferWalker(graph, context);
}
