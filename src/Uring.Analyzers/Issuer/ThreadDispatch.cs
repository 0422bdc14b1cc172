using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Uring.Analyzers.Infrastructure;

namespace Uring.Analyzers.Issuer;

/// <summary>
/// Recognizes code handed to another thread: a lambda, anonymous method or local function given to
/// <c>Task.Run</c>, <c>TaskFactory.StartNew</c>, <c>ContinueWith</c>, <c>ThreadPool.*</c>,
/// <c>Parallel.*</c>, <c>new Thread</c>, <c>new Timer</c>, or subscribed to <c>System.Timers.Timer.Elapsed</c>.
/// </summary>
internal static class ThreadDispatch
{
    /// <summary>The nearest enclosing function of <paramref name="operation"/> that runs on another thread.</summary>
    public static (IOperation? Function, string? Api) EnclosingDispatched(IOperation operation)
    {
        for (IOperation? function = operation.EnclosingFunction(); function is not null; function = function.EnclosingFunction())
        {
            if (ApiOf(function) is { } api)
            {
                return (function, api);
            }
        }

        return (null, null);
    }

    /// <summary>The API a lambda or local function is handed to, or null if it is not handed to one.</summary>
    public static string? ApiOf(IOperation function)
    {
        if (function is ILocalFunctionOperation local)
        {
            foreach (IOperation node in function.Root().Descendants())
            {
                if (node is IMethodReferenceOperation reference
                    && SymbolEqualityComparer.Default.Equals(reference.Method, local.Symbol)
                    && ApiOfDelegate(reference.Parent) is { } api)
                {
                    return api;
                }
            }

            return null;
        }

        return ApiOfDelegate(function.Parent);
    }

    private static string? ApiOfDelegate(IOperation? creation)
    {
        if (creation is not IDelegateCreationOperation)
        {
            return null;
        }

        IOperation? use = creation.Parent;
        while (use is IConversionOperation)
        {
            use = use.Parent;
        }

        switch (use)
        {
            case IArgumentOperation { Parent: IInvocationOperation invocation }:
                return ApiOf(invocation.TargetMethod);
            case IArgumentOperation { Parent: IObjectCreationOperation { Constructor: { } constructor } }:
                return ApiOf(constructor);
            case IEventAssignmentOperation { EventReference: IEventReferenceOperation { Event: { } @event }, Adds: true }
                when @event.ContainingType.IsType("System.Timers", "Timer"):
                return "a System.Timers.Timer event";
            default:
                return null;
        }
    }

    private static string? ApiOf(IMethodSymbol method)
    {
        INamedTypeSymbol type = method.ContainingType;
        if (type.IsType("System.Threading.Tasks", "Task") && method.Name is "Run" or "ContinueWith"
            || type.IsType("System.Threading.Tasks", "Task`1") && method.Name == "ContinueWith")
        {
            return "Task." + method.Name;
        }

        if ((type.IsType("System.Threading.Tasks", "TaskFactory") || type.IsType("System.Threading.Tasks", "TaskFactory`1")) && method.Name == "StartNew")
        {
            return "TaskFactory.StartNew";
        }

        if (type.IsType("System.Threading", "ThreadPool") || type.IsType("System.Threading.Tasks", "Parallel"))
        {
            return type.Name + "." + method.Name;
        }

        if (method.MethodKind == MethodKind.Constructor && (type.IsType("System.Threading", "Thread") || type.IsType("System.Threading", "Timer")))
        {
            return "new " + type.Name;
        }

        return null;
    }
}
