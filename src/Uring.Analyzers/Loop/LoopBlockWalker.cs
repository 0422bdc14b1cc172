using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Uring.Analyzers.Flow;
using Uring.Analyzers.Infrastructure;
using Uring.Analyzers.Issuer;

namespace Uring.Analyzers.Loop;

/// <summary>
/// Follows the <see cref="LoopContext"/> through a method (code handed to a loop starts on it; <c>SwitchTo()</c> moves
/// there; <c>ConfigureAwait(false)</c> leaves) and reports a blocking wait on the loop's own work where every path is on
/// the loop thread.
/// </summary>
internal sealed class LoopBlockWalker : FlowWalker
{
    private readonly FlowState _initial;
    private readonly LoopThreadBlockedAnalyzer _rule;

    public LoopBlockWalker(ControlFlowGraph graph, FlowContext context, LoopThreadBlockedAnalyzer rule)
        : base(graph, context)
    {
        _rule = rule;
        _initial = FlowState.Empty(0).Set(LoopContext.Key, LoopContext.InitialOf(graph, context.Symbols));
    }

    protected override FlowState Initial => _initial;

    /// <summary><c>.Result</c>, <c>.Wait(...)</c>, <c>.GetResult()</c>, <c>Task.WaitAll</c>, <c>Task.WaitAny</c>.</summary>
    public static bool IsBlocking(IOperation operation) => operation switch
    {
        IPropertyReferenceOperation { Property.Name: "Result", Instance: not null } property => IsTaskLike(property.Property.ContainingType),
        IInvocationOperation { TargetMethod.Name: "Wait", Instance: not null } wait => IsTaskLike(wait.TargetMethod.ContainingType),
        IInvocationOperation { TargetMethod.Name: "GetResult", Instance: not null, Arguments.Length: 0 } => true,
        IInvocationOperation { TargetMethod.Name: "WaitAll" or "WaitAny" } all => all.TargetMethod.ContainingType.IsType("System.Threading.Tasks", "Task"),
        _ => false,
    };

    protected override FlowState Visit(IOperation operation, CallOutcome outcome, FlowState state)
    {
        if (operation is IAwaitOperation await)
        {
            AwaitEffect effect = LoopContext.Classify(await, Symbols, Context.Model);
            return state.Set(LoopContext.Key, LoopContext.After(effect, state.Get(LoopContext.Key)));
        }

        if (Reporting && state.Get(LoopContext.Key) == LoopContext.OnLoop && IsBlocking(operation))
        {
            foreach (IOperation blocked in BlockedTasks(operation))
            {
                if (LoopWork(blocked) is { } work)
                {
                    Report(_rule.Blocked(operation, Describe(operation), work));
                    break;
                }
            }
        }

        return state;
    }

    private IEnumerable<IOperation> BlockedTasks(IOperation operation)
    {
        switch (operation)
        {
            case IPropertyReferenceOperation { Instance: { } task }:
                yield return task;
                break;
            case IInvocationOperation { TargetMethod.Name: "GetResult", Instance: { } awaiter }:
                if (Uncaptured(awaiter).WalkDownConversion() is IInvocationOperation { TargetMethod.Name: "GetAwaiter", Instance: { } awaited })
                {
                    yield return awaited;
                }

                break;
            case IInvocationOperation { Instance: { } task }:
                yield return task;
                break;
            case IInvocationOperation all:
                foreach (IArgumentOperation argument in all.Arguments)
                {
                    IOperation value = Uncaptured(argument.Value).WalkDownConversion();
                    if (value is IArrayCreationOperation { Initializer: { } initializer })
                    {
                        foreach (IOperation element in initializer.ElementValues)
                        {
                            yield return element;
                        }
                    }
                    else
                    {
                        yield return value;
                    }
                }

                break;
        }
    }

    /// <summary>The loop operation a blocked task comes from, for the message, or null when it is not the loop's work.</summary>
    private string? LoopWork(IOperation task)
    {
        task = Strip(task);
        if (task is ILocalReferenceOperation local)
        {
            IReadOnlyList<IOperation?> values = Context.Definitions.Of(local.Local);
            if (values.Count == 0 || AwaitedSomewhere(local.Local))
            {
                return null;
            }

            string? common = null;
            foreach (IOperation? value in values)
            {
                if (value is null || LoopWork(value) is not { } work)
                {
                    return null;
                }

                common = work;
            }

            return common;
        }

        return task switch
        {
            IInvocationOperation call when LoopContext.IsLoopOperation(call.TargetMethod, Symbols) && IsTaskLike(call.TargetMethod.ReturnType as INamedTypeSymbol)
                => "'" + call.TargetMethod.Name + "'",
            IPropertyReferenceOperation { Property: { GetMethod: { } getter } property } when LoopContext.IsLoopOperation(getter, Symbols) && IsTaskLike(property.Type as INamedTypeSymbol)
                => "'" + property.Name + "'",
            _ => null,
        };
    }

    private IOperation Strip(IOperation task)
    {
        task = Uncaptured(task).WalkDownConversion();
        while (task is IInvocationOperation { TargetMethod.Name: "AsTask" or "ConfigureAwait", Instance: { } inner })
        {
            task = Uncaptured(inner).WalkDownConversion();
        }

        return task;
    }

    /// <summary>A task the method also awaits (or hands to <c>WhenAll</c>) may be complete when it is blocked on: stay silent.</summary>
    private bool AwaitedSomewhere(ILocalSymbol local)
    {
        foreach (IOperation node in AllOperations())
        {
            if (node is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                for (IOperation? parent = reference.Parent; parent is not null; parent = parent.Parent)
                {
                    if (parent is IAwaitOperation || parent is IInvocationOperation { TargetMethod.Name: "WhenAll" or "WhenAny" })
                    {
                        return true;
                    }

                    if (parent is IExpressionStatementOperation or IVariableDeclaratorOperation)
                    {
                        break;
                    }
                }
            }
        }

        return false;
    }

    private static string Describe(IOperation operation) => operation switch
    {
        IPropertyReferenceOperation => ".Result",
        IInvocationOperation { TargetMethod.Name: "GetResult" } => "GetAwaiter().GetResult()",
        IInvocationOperation { Instance: null } call => "Task." + call.TargetMethod.Name,
        IInvocationOperation call => "." + call.TargetMethod.Name + "()",
        _ => operation.Syntax.ToString(),
    };

    private static bool IsTaskLike(INamedTypeSymbol? type)
        => type is not null && type.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks"
           && type.MetadataName is "Task" or "Task`1" or "ValueTask" or "ValueTask`1";
}
