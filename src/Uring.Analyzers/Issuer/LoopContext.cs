using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Uring.Analyzers.Flow;
using Uring.Analyzers.Infrastructure;

namespace Uring.Analyzers.Issuer;

/// <summary>What an <c>await</c> does to the thread the code after it runs on.</summary>
internal enum AwaitEffect
{
    /// <summary>An ordinary await: the continuation runs where the captured context says (the loop, when on it) or on the thread pool.</summary>
    Plain,

    /// <summary><c>ConfigureAwait(false)</c>: the continuation runs on whichever thread completed the task.</summary>
    LeavesContext,

    /// <summary><c>await loop.SwitchTo()</c> (an awaitable type marked <c>[ResumesOnIssuerThread]</c>): the continuation runs on the loop thread.</summary>
    SwitchesToLoop,

    /// <summary>An operation of the loop itself (a method marked, or of a type marked, <c>[ResumesOnIssuerThread]</c>): it resumes on the loop thread.</summary>
    LoopOperation,
}

/// <summary>
/// Which thread code runs on, as far as the event loop is concerned, as a flow fact: on a loop's thread (code given to
/// <c>EventLoop.Post</c>/<c>RunAsync</c>, or after <c>await loop.SwitchTo()</c>), off it (thread-pool code, or after
/// <c>ConfigureAwait(false)</c>), or unknown (a method body: its caller decides). On the loop, the loop's
/// <see cref="System.Threading.SynchronizationContext"/> brings every ordinary await back to the loop thread.
/// </summary>
internal static class LoopContext
{
    public const int OnLoop = 1;
    public const int OffLoop = 2;
    public const int Unknown = 4;

    /// <summary>The flow-state key of the current context.</summary>
    public static readonly object Key = new ContextKey();

    /// <summary>
    /// The flow-state key of which loop a <c>SwitchTo()</c> of this method moved to: a mask of loop bits (see
    /// <see cref="MayChangeLoop"/>), 0 before any switch. Joined paths OR their masks, so "definitely loop X" is X's
    /// bit alone.
    /// </summary>
    public static readonly object LoopKey = new LoopIdentityKey();

    /// <summary>The loop bit of a loop no stable name denotes (<c>await group.Next().SwitchTo()</c>).</summary>
    public const int UnnamedLoop = 1;

    /// <summary>The context a graph starts in: that of the code its lambda or local function is handed to.</summary>
    public static int InitialOf(ControlFlowGraph graph, UringSymbols symbols)
    {
        IOperation? function = graph.OriginalOperation switch
        {
            IAnonymousFunctionOperation lambda => lambda,
            ILocalFunctionOperation local => local,
            _ => null,
        };
        if (function is null || ThreadDispatch.Of(function, symbols) is not { } dispatch)
        {
            return Unknown;
        }

        return dispatch.Kind == DispatchKind.Loop ? OnLoop : OffLoop;
    }

    /// <summary>The context after an await, from the context before it.</summary>
    public static int After(AwaitEffect effect, int context) => effect switch
    {
        AwaitEffect.LeavesContext => OffLoop,
        AwaitEffect.SwitchesToLoop => OnLoop,
        _ => context,
    };

    /// <summary>
    /// True when the code after an await with <paramref name="effect"/> may run on another thread than the code before
    /// it; <paramref name="contextBefore"/> is a mask of the contexts the paths bring (on the loop only when it is <see cref="OnLoop"/> alone).
    /// </summary>
    public static bool MayMoveThread(AwaitEffect effect, int contextBefore) => effect switch
    {
        AwaitEffect.LeavesContext => true,
        // Onto the loop: from code known to run off it (thread-pool work, after ConfigureAwait(false)) that is
        // another thread; from a method body whose caller may be on the loop already it is not provably one.
        AwaitEffect.SwitchesToLoop or AwaitEffect.LoopOperation => contextBefore == OffLoop,
        _ => contextBefore != OnLoop,
    };

    /// <summary>
    /// True when <c>await X.SwitchTo()</c> (loop bit <paramref name="target"/>) may move code that is already on a loop
    /// (<paramref name="contextBefore"/> is <see cref="OnLoop"/> alone, having switched to the loops of
    /// <paramref name="loopsBefore"/>) to another loop's thread: unless every path is on the loop that same stable name
    /// denotes, the switch may land on another loop. Before any switch of the method (the loop of a posted lambda, or
    /// the caller's) nothing says which loop the code is on, and the switch is not reported.
    /// </summary>
    public static bool MayChangeLoop(AwaitEffect effect, int contextBefore, int loopsBefore, int target)
        => effect == AwaitEffect.SwitchesToLoop && contextBefore == OnLoop && loopsBefore != 0
           && !(loopsBefore == target && target != UnnamedLoop);

    /// <summary>
    /// The stable name of the loop <c>await X.SwitchTo()</c> moves to: X's symbol when X is a local assigned once, a
    /// parameter, a field or a property; null for anything else (<c>group.Next()</c> may be another loop each time).
    /// </summary>
    public static ISymbol? SwitchTarget(IAwaitOperation await, LocalDefinitions definitions)
    {
        IOperation awaited = await.Operation.WalkDownConversion();
        if (awaited is not IInvocationOperation { Instance: { } instance })
        {
            return null;
        }

        return instance.WalkDownConversion() switch
        {
            ILocalReferenceOperation local when definitions.Of(local.Local) is { Count: 1 } => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            IFieldReferenceOperation field => field.Field,
            IPropertyReferenceOperation property => property.Property,
            _ => null,
        };
    }

    /// <summary>
    /// Classifies an await. <paramref name="model"/> stands in for the graph's operations, which have none: an
    /// <c>await foreach</c> is an implicit await of <c>MoveNextAsync</c> whose collection is looked up through it.
    /// </summary>
    public static AwaitEffect Classify(IAwaitOperation await, UringSymbols symbols, SemanticModel? model)
    {
        IOperation awaited = await.Operation;
        if (await.IsImplicit && await.Syntax is CommonForEachStatementSyntax loop && model is not null
            && model.GetOperation(loop.Expression) is { } collection)
        {
            // await foreach (var c in loop.AcceptConnectionsAsync(listener).ConfigureAwait(false))
            awaited = collection;
        }

        return ClassifyAwaited(awaited, symbols);
    }

    private static AwaitEffect ClassifyAwaited(IOperation awaited, UringSymbols symbols)
    {
        awaited = awaited.WalkDownConversion();
        if (awaited is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Arguments.Length: >= 1 } configure)
        {
            IOperation argument = configure.Arguments[configure.Arguments.Length - 1].Value;
            if (LeavesCapturedContext(argument))
            {
                return AwaitEffect.LeavesContext;
            }

            IOperation? inner = configure.Instance ?? (configure.Arguments.Length == 2 ? configure.Arguments[0].Value : null);
            return inner is null ? AwaitEffect.Plain : ClassifyAwaited(inner, symbols);
        }

        if (awaited is IInvocationOperation { TargetMethod.Name: "AsTask", Instance: { } valueTask })
        {
            return ClassifyAwaited(valueTask, symbols);
        }

        if (awaited.Type is { } type && UringSymbols.Has(type.OriginalDefinition, symbols.ResumesOnIssuerThread))
        {
            return AwaitEffect.SwitchesToLoop;
        }

        if (awaited is IInvocationOperation call && IsLoopOperation(call.TargetMethod, symbols))
        {
            return AwaitEffect.LoopOperation;
        }

        return AwaitEffect.Plain;
    }

    /// <summary>A method marked <c>[ResumesOnIssuerThread]</c>, or one of a type so marked (the loop, its connections).</summary>
    public static bool IsLoopOperation(IMethodSymbol method, UringSymbols symbols)
    {
        IMethodSymbol declaration = UringSymbols.Declaration(method);
        for (INamedTypeSymbol? type = declaration.ContainingType; type is not null; type = type.ContainingType)
        {
            if (UringSymbols.Has(type.OriginalDefinition, symbols.ResumesOnIssuerThread))
            {
                return true;
            }
        }

        return UringSymbols.Has(declaration, symbols.ResumesOnIssuerThread);
    }

    /// <summary><c>false</c>, or <c>ConfigureAwaitOptions</c> without <c>ContinueOnCapturedContext</c>.</summary>
    private static bool LeavesCapturedContext(IOperation argument)
    {
        if (argument.ConstantValue is not { HasValue: true, Value: { } value })
        {
            return false;
        }

        if (value is bool continueOnCapturedContext)
        {
            return !continueOnCapturedContext;
        }

        // ConfigureAwaitOptions.ContinueOnCapturedContext is 1.
        return argument.Type?.TypeKind == TypeKind.Enum && value is int options && (options & 1) == 0;
    }

    private sealed class ContextKey
    {
        public override string ToString() => "loop context";
    }

    private sealed class LoopIdentityKey
    {
        public override string ToString() => "loop switched to";
    }
}
