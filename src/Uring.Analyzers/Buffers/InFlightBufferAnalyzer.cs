using System.Collections.Immutable;
using System.Threading;
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
public sealed class InFlightBufferAnalyzer : UringAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.UnstableMemory,
        Descriptors.ReleasedBeforeCompletion,
        Descriptors.ReusedWhileInFlight);

    private protected override void Register(CompilationStartAnalysisContext context, UringSymbols symbols)
    {
        context.RegisterOperationBlockStartAction(block =>
        {
            int submits = 0;
            block.RegisterOperationAction(
                operation =>
                {
                    foreach (IArgumentOperation argument in ((IInvocationOperation)operation.Operation).Arguments)
                    {
                        if (argument.Parameter is { } parameter && symbols.IsHeld(parameter))
                        {
                            Interlocked.Increment(ref submits);
                            return;
                        }
                    }
                },
                OperationKind.Invocation);
            block.RegisterOperationBlockEndAction(end =>
            {
                if (Volatile.Read(ref submits) == 0)
                {
                    return;
                }

                LocalDefinitions definitions = LocalDefinitions.For(end.OperationBlocks);
                foreach (ControlFlowGraph graph in FlowGraphs.Of(end))
                {
                    new InFlightBufferWalker(graph, end.ReportDiagnostic, symbols, definitions).Run();
                }
            });
        });
    }
}
