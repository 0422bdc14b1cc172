using System.Collections.Immutable;
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
    }

    private static void Analyze(OperationAnalysisContext context, IInvocationOperation invocation, UringSymbols symbols, RingProvenance provenance, LocalDefinitions definitions)
    {
        if (!symbols.IsIssuerOnly(invocation.TargetMethod) || symbols.RingOf(invocation) is not { } ring)
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
        if (value.ReferencedSymbol() is not { } ringSymbol)
        {
            return;
        }

        // A ring that this code creates or starts is owned by the thread that runs it.
        if ((value == ring && ringSymbol.IsDeclaredWithin(function)) || StartsRing(function, ringSymbol, symbols))
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
            "inside code given to " + dispatch.Api + ", which runs on " + (dispatch.Kind == DispatchKind.Loop ? "the loop's thread" : "another thread")));
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
        if (ring.ReferencedSymbol() is not { } ringSymbol || invocation.TargetMethod.Name is "Stop" or "Dispose")
        {
            return;
        }

        foreach (IOperation node in invocation.Root().Descendants())
        {
            if (node is not IInvocationOperation start
                || !symbols.BindsIssuer(start.TargetMethod)
                || !SymbolEqualityComparer.Default.Equals(start.Instance?.ReferencedSymbol(), ringSymbol)
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

    internal static bool StartsRing(IOperation function, ISymbol ring, UringSymbols symbols)
    {
        foreach (IOperation node in function.Descendants())
        {
            if (node is IInvocationOperation call
                && symbols.BindsIssuer(call.TargetMethod)
                && SymbolEqualityComparer.Default.Equals(call.Instance?.ReferencedSymbol(), ring))
            {
                return true;
            }
        }

        return false;
    }
}
