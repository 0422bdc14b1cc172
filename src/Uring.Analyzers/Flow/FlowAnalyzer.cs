using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Uring.Analyzers.Infrastructure;
using Uring.Analyzers.Issuer;

namespace Uring.Analyzers.Flow;

/// <summary>
/// The shape every control-flow rule shares (one rule per analyzer): while a method's operations are visited, count the ones that
/// make the rule relevant; only if there are any, build the method's control-flow graphs (the body, its
/// local functions and lambdas) and walk each. Building graphs is the expensive part, so most methods never
/// pay for it.
/// </summary>
public abstract class FlowAnalyzer : UringAnalyzer
{
    /// <summary>A flow analyzer reports one rule, <paramref name="rule"/>.</summary>
    private protected FlowAnalyzer(DiagnosticDescriptor rule)
    {
        Rule = rule;
        SupportedDiagnostics = ImmutableArray.Create(rule);
    }

    /// <inheritdoc/>
    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

    /// <summary>The one rule this analyzer reports.</summary>
    private protected DiagnosticDescriptor Rule { get; }

    /// <summary>Registers the walk; a rule that also judges single operations adds its own actions after this.</summary>
    private protected override void Register(CompilationStartAnalysisContext context, UringSymbols symbols)
    {
        RingProvenance provenance = new(symbols);
        context.RegisterOperationBlockStartAction(block =>
        {
            int candidates = 0;
            block.RegisterOperationAction(
                operation =>
                {
                    if (IsCandidate(operation.Operation, symbols))
                    {
                        Interlocked.Increment(ref candidates);
                    }
                },
                CandidateKinds);
            block.RegisterOperationBlockEndAction(end =>
            {
                if (Volatile.Read(ref candidates) == 0)
                {
                    return;
                }

                FlowContext flow = new(end, symbols, provenance);
                foreach (ControlFlowGraph graph in FlowGraphs.Of(end))
                {
                    CreateWalker(graph, flow)?.Run();
                }
            });
        });
    }

    private static readonly ImmutableArray<OperationKind> s_invocations = ImmutableArray.Create(OperationKind.Invocation);

    /// <summary>The operation kinds <see cref="IsCandidate"/> looks at (invocations unless overridden).</summary>
    private protected virtual ImmutableArray<OperationKind> CandidateKinds => s_invocations;

    /// <summary>True for an operation that makes walking the method worthwhile.</summary>
    private protected abstract bool IsCandidate(IOperation operation, UringSymbols symbols);

    /// <summary>The walker for one graph, or null to skip it.</summary>
    private protected abstract FlowWalker? CreateWalker(ControlFlowGraph graph, FlowContext context);

    /// <summary>The rule's diagnostic at <paramref name="operation"/>, with the message arguments.</summary>
    private protected Diagnostic At(IOperation operation, params object[] arguments)
        => Diagnostic.Create(Rule, operation.Syntax.GetLocation(), arguments);
}
