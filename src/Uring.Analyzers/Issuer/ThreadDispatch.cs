using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Uring.Analyzers.Infrastructure;

namespace Uring.Analyzers.Issuer;

/// <summary>Where code handed over as a delegate runs.</summary>
internal enum DispatchKind
{
    /// <summary>On some other thread: the thread pool, a new thread, a timer, a process-wide event.</summary>
    OtherThread,

    /// <summary>On an event loop's thread (<c>[RunsOnIssuerThread]</c>: <c>EventLoop.Post</c>, <c>RunAsync</c>, its scheduler).</summary>
    Loop,
}

/// <summary>How a delegate is handed over: to which API, where, and with which state argument.</summary>
internal sealed class Dispatch
{
    public Dispatch(DispatchKind kind, string api, IOperation site, IOperation? state, IOperation? loop)
    {
        Kind = kind;
        Api = api;
        Site = site;
        State = state;
        Loop = loop;
    }

    public DispatchKind Kind { get; }

    /// <summary>The API's name for messages: <c>Task.Run</c>, <c>new Timer</c>, <c>EventLoop.Post</c>.</summary>
    public string Api { get; }

    /// <summary>The call, creation or event subscription that hands the delegate over.</summary>
    public IOperation Site { get; }

    /// <summary>The value the delegate's first parameter receives (a <c>state</c> argument), if the API passes one.</summary>
    public IOperation? State { get; }

    /// <summary>For <see cref="DispatchKind.Loop"/>: the loop (the receiver of <c>Post</c>, the owner of the scheduler).</summary>
    public IOperation? Loop { get; }
}

/// <summary>
/// Recognizes code handed to another thread or to an event loop: a lambda, anonymous method, local function or method
/// group given to <c>Task.Run</c>, <c>TaskFactory.StartNew</c>, <c>ContinueWith</c>, <c>ThreadPool.*</c>,
/// <c>Parallel.*</c>, <c>new Thread</c>, <c>new Timer</c>, <c>PosixSignalRegistration.Create</c>, subscribed to
/// <c>System.Timers.Timer.Elapsed</c>, <c>Console.CancelKeyPress</c> or <c>AppDomain.ProcessExit</c>, or to a
/// <c>[RunsOnIssuerThread]</c> parameter (an event loop's <c>Post</c> and <c>RunAsync</c>); also when the delegate is
/// first stored in a local that is handed over later.
/// </summary>
internal static class ThreadDispatch
{
    /// <summary>The nearest enclosing function of <paramref name="operation"/> that is handed to another thread or a loop.</summary>
    public static (IOperation? Function, Dispatch? Dispatch) EnclosingDispatched(IOperation operation, UringSymbols symbols)
    {
        for (IOperation? function = operation.EnclosingFunction(); function is not null; function = function.EnclosingFunction())
        {
            if (Of(function, symbols) is { } dispatch)
            {
                return (function, dispatch);
            }
        }

        return (null, null);
    }

    /// <summary>The API a lambda or local function that runs on another thread is handed to (loops included), or null.</summary>
    public static string? ApiOf(IOperation function, UringSymbols symbols) => Of(function, symbols)?.Api;

    /// <summary>How a lambda or local function is handed over, or null if it is not handed to another thread or loop.</summary>
    public static Dispatch? Of(IOperation function, UringSymbols symbols)
    {
        if (function is ILocalFunctionOperation local)
        {
            foreach (IOperation node in function.Root().Descendants())
            {
                if (node is IMethodReferenceOperation reference
                    && SymbolEqualityComparer.Default.Equals(reference.Method, local.Symbol)
                    && OfDelegate(reference.Parent, symbols, 0) is { } dispatch)
                {
                    return dispatch;
                }
            }

            return null;
        }

        return OfDelegate(function.Parent, symbols, 0);
    }

    /// <summary>How the delegate that <paramref name="creation"/> (a delegate creation) makes is handed over, or null.</summary>
    public static Dispatch? OfDelegate(IOperation? creation, UringSymbols symbols, int depth)
    {
        if (creation is not IDelegateCreationOperation || depth > 2)
        {
            return null;
        }

        IOperation? use = creation.Parent;
        while (use is IConversionOperation or IParenthesizedOperation)
        {
            use = use.Parent;
        }

        // Parallel.Invoke(() => A(), () => B()): each delegate is an element of the params array.
        if (use is IArrayInitializerOperation { Parent: IArrayCreationOperation { Parent: IArgumentOperation argument } })
        {
            use = argument;
        }

        return OfUse(use, symbols, depth);
    }

    private static Dispatch? OfUse(IOperation? use, UringSymbols symbols, int depth)
    {
        switch (use)
        {
            case IArgumentOperation { Parent: IInvocationOperation invocation } argument:
                return OfCall(invocation, invocation.TargetMethod, invocation.Instance, argument, invocation.Arguments, symbols);
            case IArgumentOperation { Parent: IObjectCreationOperation { Constructor: { } constructor } creation } argument:
                return OfCall(creation, constructor, null, argument, creation.Arguments, symbols);
            case IEventAssignmentOperation { EventReference: IEventReferenceOperation { Event: { } @event }, Adds: true } subscription:
                return EventApi(@event) is { } api ? new Dispatch(DispatchKind.OtherThread, api, subscription, null, null) : null;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: { } local } }:
                return OfLocal(local, use, symbols, depth);
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation { Local: { } target } } assignment:
                return OfLocal(target, assignment, symbols, depth);
            default:
                return null;
        }
    }

    /// <summary>A delegate stored in a local first: handed over where the local is passed on.</summary>
    private static Dispatch? OfLocal(ILocalSymbol local, IOperation store, UringSymbols symbols, int depth)
    {
        foreach (IOperation node in store.Root().Descendants())
        {
            if (node is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                IOperation? use = reference.Parent;
                while (use is IConversionOperation or IParenthesizedOperation or IDelegateCreationOperation)
                {
                    use = use.Parent;
                }

                if (use is IArgumentOperation or IEventAssignmentOperation && OfUse(use, symbols, depth + 1) is { } dispatch)
                {
                    return dispatch;
                }
            }
        }

        return null;
    }

    private static Dispatch? OfCall(
        IOperation site,
        IMethodSymbol method,
        IOperation? instance,
        IArgumentOperation delegateArgument,
        System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments,
        UringSymbols symbols)
    {
        IOperation? state = StateArgument(arguments, delegateArgument);
        if (delegateArgument.Parameter is { } parameter && UringSymbols.Has(parameter.OriginalDefinition, symbols.RunsOnIssuerThread))
        {
            return new Dispatch(DispatchKind.Loop, method.ContainingType.Name + "." + method.Name, site, state, instance);
        }

        INamedTypeSymbol type = method.ContainingType;
        bool taskRun = type.IsType("System.Threading.Tasks", "Task") && method.Name is "Run" or "ContinueWith"
            || type.IsType("System.Threading.Tasks", "Task`1") && method.Name == "ContinueWith";
        bool startNew = (type.IsType("System.Threading.Tasks", "TaskFactory") || type.IsType("System.Threading.Tasks", "TaskFactory`1")) && method.Name == "StartNew";
        if (taskRun || startNew)
        {
            // A scheduler decides where the work runs: the loop's own one, the default pool, or one out of sight.
            foreach (IArgumentOperation argument in arguments)
            {
                if (argument.Parameter?.Type.IsType("System.Threading.Tasks", "TaskScheduler") != true || argument.ArgumentKind == ArgumentKind.DefaultValue)
                {
                    continue;
                }

                IOperation scheduler = argument.Value.WalkDownConversion();
                if (scheduler is IPropertyReferenceOperation { Property: { } property } loopScheduler && UringSymbols.Has(property.OriginalDefinition, symbols.RunsOnIssuerThread))
                {
                    return new Dispatch(DispatchKind.Loop, (startNew ? "TaskFactory.StartNew" : "Task." + method.Name) + " on the loop's scheduler", site, state, loopScheduler.Instance);
                }

                if (scheduler is not IPropertyReferenceOperation { Property.Name: "Default" })
                {
                    return null;
                }
            }

            return new Dispatch(DispatchKind.OtherThread, startNew ? "TaskFactory.StartNew" : "Task." + method.Name, site, state, null);
        }

        if (type.IsType("System.Threading", "ThreadPool") || type.IsType("System.Threading.Tasks", "Parallel"))
        {
            return new Dispatch(DispatchKind.OtherThread, type.Name + "." + method.Name, site, state, null);
        }

        if (type.IsType("System.Runtime.InteropServices", "PosixSignalRegistration") && method.Name == "Create")
        {
            return new Dispatch(DispatchKind.OtherThread, "PosixSignalRegistration.Create", site, null, null);
        }

        if (method.MethodKind == MethodKind.Constructor && type.IsType("System.Threading", "Timer"))
        {
            return new Dispatch(DispatchKind.OtherThread, "new Timer", site, state, null);
        }

        if (method.MethodKind == MethodKind.Constructor && type.IsType("System.Threading", "Thread"))
        {
            return new Dispatch(DispatchKind.OtherThread, "new Thread", site, ThreadStartArgument(site), null);
        }

        return null;
    }

    /// <summary>The argument of the API's <c>state</c> parameter (the value its callback receives), if any.</summary>
    private static IOperation? StateArgument(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, IArgumentOperation callback)
    {
        foreach (IArgumentOperation argument in arguments)
        {
            if (argument != callback && argument.Parameter?.Name == "state" && argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                return argument.Value;
            }
        }

        return null;
    }

    /// <summary>For <c>new Thread(callback)</c>: the argument of the thread's <c>Start(object)</c> call, when it is in sight.</summary>
    private static IOperation? ThreadStartArgument(IOperation creation)
    {
        ILocalSymbol? thread = creation.Parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } => target.Local,
            _ => null,
        };
        if (creation.Parent is IInvocationOperation { TargetMethod.Name: "Start", Arguments.Length: 1 } direct && direct.Instance == creation)
        {
            return direct.Arguments[0].Value;
        }

        if (thread is null)
        {
            return null;
        }

        foreach (IOperation node in creation.Root().Descendants())
        {
            if (node is IInvocationOperation { TargetMethod.Name: "Start", Arguments.Length: 1, Instance: ILocalReferenceOperation receiver } start
                && SymbolEqualityComparer.Default.Equals(receiver.Local, thread))
            {
                return start.Arguments[0].Value;
            }
        }

        return null;
    }

    /// <summary>Events raised on a thread of their own: timers, Ctrl+C, process exit.</summary>
    private static string? EventApi(IEventSymbol @event)
    {
        INamedTypeSymbol type = @event.ContainingType;
        if (type.IsType("System.Timers", "Timer"))
        {
            return "a System.Timers.Timer event";
        }

        if (type.IsType("System", "Console") && @event.Name == "CancelKeyPress")
        {
            return "Console.CancelKeyPress";
        }

        if (type.IsType("System", "AppDomain") && @event.Name is "ProcessExit" or "UnhandledException" or "DomainUnload")
        {
            return "AppDomain." + @event.Name;
        }

        if (type.IsType("System.Runtime.Loader", "AssemblyLoadContext") && @event.Name == "Unloading")
        {
            return "AssemblyLoadContext.Unloading";
        }

        return null;
    }
}
