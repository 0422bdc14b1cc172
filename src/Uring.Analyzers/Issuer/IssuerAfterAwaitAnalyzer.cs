using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Uring.Analyzers.Diagnostics;
using Uring.Analyzers.Flow;
using Uring.Analyzers.Infrastructure;

namespace Uring.Analyzers.Issuer;

/// <summary>
/// URING0010: an issuer-only call on a single-issuer ring that some path reaches after an <c>await</c>
/// (whose continuation may run on any thread; <c>await foreach</c> and <c>await using</c> included), with no
/// <c>[BindsIssuerThread]</c> call (<c>Start</c>) on that ring in between. Awaiting something marked
/// <c>[ResumesOnIssuerThread]</c> (an event loop's operations, <c>SwitchTo()</c>) does not count, nor does an ordinary
/// await in code that runs on an event loop (its synchronization context brings it back); <c>ConfigureAwait(false)</c> does.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class IssuerAfterAwaitAnalyzer : FlowAnalyzer
{
    /// <summary>Creates the analyzer of <see cref="Descriptors.IssuerCallAfterAwait"/>.</summary>
    public IssuerAfterAwaitAnalyzer()
        : base(Descriptors.IssuerCallAfterAwait)
    {
    }

    private protected override ImmutableArray<OperationKind> CandidateKinds { get; } =
        ImmutableArray.Create(OperationKind.Await, OperationKind.Loop, OperationKind.Using, OperationKind.UsingDeclaration);

    /// <summary>An await, written or implied (<c>await foreach</c>, <c>await using</c>).</summary>
    private protected override bool IsCandidate(IOperation operation, UringSymbols symbols) => operation switch
    {
        IAwaitOperation => true,
        IForEachLoopOperation loop => loop.IsAsynchronous,
        IUsingOperation @using => @using.IsAsynchronous,
        IUsingDeclarationOperation declaration => declaration.IsAsynchronous,
        _ => false,
    };

    private protected override FlowWalker? CreateWalker(ControlFlowGraph graph, FlowContext context)
        => IsAsync(graph, context) ? new AwaitHopWalker(graph, context) : null;

    /// <summary>Only an async body (method, lambda or local function) can resume elsewhere.</summary>
    private static bool IsAsync(ControlFlowGraph graph, FlowContext context) => graph.OriginalOperation switch
    {
        IAnonymousFunctionOperation lambda => lambda.Symbol.IsAsync,
        ILocalFunctionOperation local => local.Symbol.IsAsync,
        _ => context.OwningSymbol is IMethodSymbol { IsAsync: true },
    };
}
