using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Uring.Analyzers.Diagnostics;
using Uring.Analyzers.Infrastructure;

namespace Uring.Analyzers.Issuer;

/// <summary>
/// URING0009: an issuer-only call (submit, wait, stop, any op) on a single-issuer ring from a thread that does not own
/// it: inside a lambda or local function given to the thread pool, <c>Parallel</c>, a new thread, a timer, a process
/// event or an event loop (<see cref="ThreadDispatch"/>), the ring reaching it captured or as the callback's state
/// argument; or outside such code when it is the code that started the ring (a ring started in work posted to an
/// event loop belongs to the loop thread, not to <c>Post</c>'s caller). A ring created, or started, inside the code
/// that drives it belongs to that thread and is fine.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CrossThreadIssuerAnalyzer : UringAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.IssuerCallOnOtherThread);

    private protected override void Register(CompilationStartAnalysisContext context, UringSymbols symbols)
    {
        RingProvenance provenance = new(symbols);
        RegisterWithDefinitions(
            context,
            (operation, definitions) => Analyze(operation, (IInvocationOperation)operation.Operation, symbols, provenance, definitions),
            OperationKind.Invocation);
        RegisterWithDefinitions(
            context,
            (operation, definitions) => AnalyzeMethodGroup(operation, (IDelegateCreationOperation)operation.Operation, symbols, provenance, definitions),
            OperationKind.DelegateCreation);
    }

    private static void Analyze(OperationAnalysisContext context, IInvocationOperation invocation, UringSymbols symbols, RingProvenance provenance, LocalDefinitions definitions)
    {
        if (!symbols.IsIssuerOnly(invocation.TargetMethod))
        {
            AnalyzeCallee(context, invocation, symbols, provenance, definitions);
            return;
        }

        if (symbols.RingOf(invocation) is not { } ring)
        {
            return;
        }

        if (ThreadDispatch.EnclosingDispatched(invocation, symbols) is ({ } function, { } dispatch))
        {
            AnalyzeDispatched(context, invocation, ring, function, dispatch, symbols, provenance, definitions);
            return;
        }

        AnalyzeOutsideOwner(context, invocation, ring, symbols, provenance, definitions);
    }

    /// <summary>The call runs in code handed to another thread or a loop.</summary>
    private static void AnalyzeDispatched(
        OperationAnalysisContext context,
        IInvocationOperation invocation,
        IOperation ring,
        IOperation function,
        Dispatch dispatch,
        UringSymbols symbols,
        RingProvenance provenance,
        LocalDefinitions definitions)
    {
        // static state => ((Ring)state!).Submit(): the ring is the state argument the API passes.
        IOperation value = StateRing(ring, function, dispatch, definitions) ?? ring;
        if (RingReference.SymbolOf(value) is not { } ringSymbol)
        {
            return;
        }

        // A ring that this code creates or starts is owned by the thread that runs it; a loop's work may drive a ring
        // the loop started elsewhere, so there only a ring provably started off the loop is judged.
        if ((value == ring && ringSymbol.IsDeclaredWithin(function)) || StartsRing(function, ringSymbol, symbols)
            || (dispatch.Kind == DispatchKind.Loop && !StartedOffLoop(invocation, ringSymbol, symbols)))
        {
            return;
        }

        OptionValue multi = provenance.Of(value, RingProvenance.MultiIssuers, definitions);
        if (!IssuerPolicy.IsSingleIssuer(multi, context.Options, invocation.Syntax.SyntaxTree))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.IssuerCallOnOtherThread,
            invocation.Syntax.GetLocation(),
            invocation.TargetMethod.Name,
            ringSymbol.Name,
            "inside code given to " + dispatch.Api + ", which runs on " + ThreadOf(dispatch)));
    }

    /// <summary>
    /// The call runs in the method itself, where code handed to another thread or to a loop started the ring: the ring
    /// is that code's thread's (<c>loop.Post(() =&gt; ring.Start())</c> followed by <c>ring.Submit()</c>). Stopping
    /// is left alone: once a thread that owned a ring has ended, any thread may stop it.
    /// </summary>
    private static void AnalyzeOutsideOwner(
        OperationAnalysisContext context,
        IInvocationOperation invocation,
        IOperation ring,
        UringSymbols symbols,
        RingProvenance provenance,
        LocalDefinitions definitions)
    {
        if (RingReference.SymbolOf(ring) is not { } ringSymbol || invocation.TargetMethod.Name is "Stop" or "Dispose")
        {
            return;
        }

        foreach (IOperation node in invocation.Root().Descendants())
        {
            if (node is not IInvocationOperation start
                || !symbols.BindsIssuer(start.TargetMethod)
                || start.Instance is null
                || !SymbolEqualityComparer.Default.Equals(RingReference.SymbolOf(start.Instance), ringSymbol)
                || ThreadDispatch.EnclosingDispatched(start, symbols) is not ({ } owner, { } dispatch)
                || ringSymbol.IsDeclaredWithin(owner))
            {
                continue;
            }

            if (IssuerPolicy.IsSingleIssuer(provenance.Of(ring, RingProvenance.MultiIssuers, definitions), context.Options, invocation.Syntax.SyntaxTree))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.IssuerCallOnOtherThread,
                    invocation.Syntax.GetLocation(),
                    invocation.TargetMethod.Name,
                    ringSymbol.Name,
                    "outside the code given to " + dispatch.Api + ", whose thread started it"));
            }

            return;
        }
    }

    /// <summary>
    /// A method of the application called from code handed to another thread or a loop (<c>Parallel.ForEach(items,
    /// item =&gt; Process(item))</c>): the rings its body drives, in sight, are driven from that thread.
    /// </summary>
    private static void AnalyzeCallee(OperationAnalysisContext context, IInvocationOperation invocation, UringSymbols symbols, RingProvenance provenance, LocalDefinitions definitions)
    {
        IMethodSymbol method = invocation.TargetMethod;
        if (method.DeclaringSyntaxReferences.IsEmpty
            || invocation.Instance is not (null or IInstanceReferenceOperation)
            || ThreadDispatch.EnclosingDispatched(invocation, symbols) is not ({ } function, { } dispatch))
        {
            return;
        }

        foreach (DrivenRing driven in symbols.Sources.Drives(method, invocation.SemanticModel))
        {
            IOperation? ring = driven.Parameter < 0
                ? driven.Ring
                : invocation.Arguments.FirstOrDefault(argument => argument.Parameter?.Ordinal == driven.Parameter)?.Value;
            if (ring is null)
            {
                continue;
            }

            if (driven.Parameter >= 0)
            {
                ring = StateRing(ring, function, dispatch, definitions) ?? ring;
            }

            if (RingReference.SymbolOf(ring) is not { } ringSymbol
                || (driven.Parameter >= 0 && ringSymbol.IsDeclaredWithin(function))
                || StartsRing(function, ringSymbol, symbols)
                || (dispatch.Kind == DispatchKind.Loop && !StartedOffLoop(invocation, ringSymbol, symbols))
                || !IssuerPolicy.IsSingleIssuer(provenance.Of(ring, RingProvenance.MultiIssuers, definitions), context.Options, invocation.Syntax.SyntaxTree))
            {
                continue;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.IssuerCallOnOtherThread,
                invocation.Syntax.GetLocation(),
                driven.Call,
                ringSymbol.Name,
                "by '" + method.Name + "', called inside code given to " + dispatch.Api + ", which runs on " + ThreadOf(dispatch)));
            return;
        }
    }

    /// <summary>
    /// A method group handed to another thread or a loop (<c>new Timer(OnTick, ...)</c>, <c>timer.Elapsed += OnElapsed</c>,
    /// <c>ThreadPool.QueueUserWorkItem(Drain, ring)</c>): the rings its body drives, in sight, are driven from that thread.
    /// </summary>
    private static void AnalyzeMethodGroup(OperationAnalysisContext context, IDelegateCreationOperation creation, UringSymbols symbols, RingProvenance provenance, LocalDefinitions definitions)
    {
        if (creation.Target is not IMethodReferenceOperation { Method: { MethodKind: not MethodKind.LocalFunction } method } reference
            || method.DeclaringSyntaxReferences.IsEmpty
            || ThreadDispatch.OfDelegate(creation, symbols, 0) is not { } dispatch)
        {
            return;
        }

        foreach (DrivenRing driven in symbols.Sources.Drives(method, creation.SemanticModel))
        {
            IOperation? ring = driven.Parameter < 0 ? driven.Ring : driven.Parameter == 0 ? dispatch.State : null;
            if (ring is null
                || RingReference.SymbolOf(ring) is not { } ringSymbol
                || (dispatch.Kind == DispatchKind.Loop && !StartedOffLoop(creation, ringSymbol, symbols))
                || !IssuerPolicy.IsSingleIssuer(provenance.Of(ring, RingProvenance.MultiIssuers, definitions), context.Options, creation.Syntax.SyntaxTree))
            {
                continue;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.IssuerCallOnOtherThread,
                reference.Syntax.GetLocation(),
                driven.Call,
                ringSymbol.Name,
                "in '" + method.Name + "', which is given to " + dispatch.Api + " and runs on " + ThreadOf(dispatch)));
            return;
        }
    }

    private static string ThreadOf(Dispatch dispatch) => dispatch.Kind == DispatchKind.Loop ? "the loop's thread" : "another thread";

    /// <summary>
    /// The state argument a ring expression stands for: the dispatched lambda's first parameter (through casts and
    /// a local), when the API passes a state argument.
    /// </summary>
    private static IOperation? StateRing(IOperation ring, IOperation function, Dispatch dispatch, LocalDefinitions definitions)
    {
        if (dispatch.State is null || function is not IAnonymousFunctionOperation { Symbol.Parameters: { Length: > 0 } parameters })
        {
            return null;
        }

        IOperation current = ring.WalkDownConversion();
        if (current is ILocalReferenceOperation local && definitions.Of(local.Local) is { Count: 1 } values && values[0] is { } value)
        {
            current = value.WalkDownConversion();
        }

        return current is IParameterReferenceOperation parameter && SymbolEqualityComparer.Default.Equals(parameter.Parameter, parameters[0])
            ? dispatch.State
            : null;
    }

    /// <summary>The method around <paramref name="anywhere"/> starts <paramref name="ring"/> outside code handed to a loop.</summary>
    private static bool StartedOffLoop(IOperation anywhere, ISymbol ring, UringSymbols symbols)
    {
        foreach (IOperation node in anywhere.Root().Descendants())
        {
            if (node is IInvocationOperation { Instance: { } instance } call
                && symbols.BindsIssuer(call.TargetMethod)
                && SymbolEqualityComparer.Default.Equals(RingReference.SymbolOf(instance), ring)
                && ThreadDispatch.EnclosingDispatched(call, symbols).Dispatch?.Kind != DispatchKind.Loop)
            {
                return true;
            }
        }

        return false;
    }

    internal static bool StartsRing(IOperation function, ISymbol ring, UringSymbols symbols)
    {
        foreach (IOperation node in function.Descendants())
        {
            if (node is IInvocationOperation { Instance: { } instance } call
                && symbols.BindsIssuer(call.TargetMethod)
                && SymbolEqualityComparer.Default.Equals(RingReference.SymbolOf(instance), ring))
            {
                return true;
            }
        }

        return false;
    }
}
