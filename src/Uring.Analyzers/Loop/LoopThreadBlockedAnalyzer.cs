using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Uring.Analyzers.Diagnostics;
using Uring.Analyzers.Flow;
using Uring.Analyzers.Infrastructure;

namespace Uring.Analyzers.Loop;

/// <summary>
/// URING0012: code that runs on an event loop's thread (given to <c>Post</c>/<c>RunAsync</c> or the loop's
/// scheduler, or after <c>await loop.SwitchTo()</c>, on every path) blocks on the loop's own work:
/// <c>.Result</c>, <c>.Wait()</c>, <c>GetAwaiter().GetResult()</c>, <c>Task.WaitAll</c>/<c>WaitAny</c> on an operation of
/// a type marked <c>[ResumesOnIssuerThread]</c> (the loop, its connections). <see cref="LoopBlockWalker"/> tracks the
/// context and reports the blocking call.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LoopThreadBlockedAnalyzer : FlowAnalyzer
{
    /// <summary>Creates the analyzer of <see cref="Descriptors.LoopThreadBlocked"/>.</summary>
    public LoopThreadBlockedAnalyzer()
        : base(Descriptors.LoopThreadBlocked)
    {
    }

    private protected override ImmutableArray<OperationKind> CandidateKinds { get; } =
        ImmutableArray.Create(OperationKind.Invocation, OperationKind.PropertyReference);

    private protected override bool IsCandidate(IOperation operation, UringSymbols symbols)
        => symbols.RunsOnIssuerThread is not null && LoopBlockWalker.IsBlocking(operation);

    private protected override FlowWalker? CreateWalker(ControlFlowGraph graph, FlowContext context)
        => new LoopBlockWalker(graph, context, this);

    internal Diagnostic Blocked(IOperation call, string blocking, string work) => At(call, blocking, work);
}
