using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Uring.Analyzers.Diagnostics;
using Uring.Analyzers.Flow;
using Uring.Analyzers.Infrastructure;
using Uring.Generators.Model;
using Uring.Analyzers.Issuer;

namespace Uring.Analyzers.Buffers;

/// <summary>
/// URING0008: a blocking wait for completions that, on every path, only suppressed write-like ops can
/// deliver: the ring was created with <c>NotifySucceed</c> off, so a successful write posts nothing and
/// the wait blocks until its timeout (forever with an infinite one).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SuppressedCompletionAnalyzer : FlowAnalyzer
{
    /// <summary>Creates the analyzer of <see cref="Descriptors.SuppressedCompletionAwaited"/>.</summary>
    public SuppressedCompletionAnalyzer()
        : base(Descriptors.SuppressedCompletionAwaited)
    {
    }

    private protected override bool IsCandidate(IOperation operation, UringSymbols symbols)
        => symbols.OpKindOf(((IInvocationOperation)operation).TargetMethod) == UringOpKind.WriteLike;

    private protected override FlowWalker? CreateWalker(ControlFlowGraph graph, FlowContext context)
        => new SuppressedCompletionWalker(graph, context);
}
