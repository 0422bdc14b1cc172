using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Uring.Analyzers.Flow;

/// <summary>Finds the control-flow graphs of an operation block: the body, its local functions and lambdas.</summary>
internal static class FlowGraphs
{
    public static IEnumerable<ControlFlowGraph> Of(OperationBlockAnalysisContext context)
    {
        foreach (IOperation block in context.OperationBlocks)
        {
            if (block.Kind is not (OperationKind.MethodBody or OperationKind.ConstructorBody or OperationKind.Block))
            {
                continue;
            }

            ControlFlowGraph? graph = null;
            try
            {
                graph = context.GetControlFlowGraph(block);
            }
            catch (System.ArgumentException)
            {
                // Not a root the CFG builder accepts (for example a nested block); nothing to walk.
            }

            if (graph is null)
            {
                continue;
            }

            foreach (ControlFlowGraph nested in WithNested(graph))
            {
                yield return nested;
            }
        }
    }

    private static IEnumerable<ControlFlowGraph> WithNested(ControlFlowGraph graph)
    {
        yield return graph;
        foreach (IMethodSymbol local in graph.LocalFunctions)
        {
            foreach (ControlFlowGraph nested in WithNested(graph.GetLocalFunctionControlFlowGraph(local)))
            {
                yield return nested;
            }
        }

        foreach (BasicBlock block in graph.Blocks)
        {
            foreach (IOperation operation in block.Operations)
            {
                foreach (IFlowAnonymousFunctionOperation lambda in Lambdas(operation))
                {
                    foreach (ControlFlowGraph nested in WithNested(graph.GetAnonymousFunctionControlFlowGraph(lambda)))
                    {
                        yield return nested;
                    }
                }
            }

            if (block.BranchValue is { } value)
            {
                foreach (IFlowAnonymousFunctionOperation lambda in Lambdas(value))
                {
                    foreach (ControlFlowGraph nested in WithNested(graph.GetAnonymousFunctionControlFlowGraph(lambda)))
                    {
                        yield return nested;
                    }
                }
            }
        }
    }

    private static IEnumerable<IFlowAnonymousFunctionOperation> Lambdas(IOperation operation)
    {
        foreach (IOperation node in operation.DescendantsAndSelf())
        {
            if (node is IFlowAnonymousFunctionOperation lambda)
            {
                yield return lambda;
            }
        }
    }
}
