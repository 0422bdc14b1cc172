using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Uring.Analyzers.Diagnostics;

namespace Uring.Analyzers.Buffers;

/// <summary>
/// URING0002: the owner of a buffer an op still uses is disposed, returned to its pool, freed or unpinned
/// before the completion is observed on every path. <see cref="InFlightBufferWalker"/> finds the release;
/// this rule reports it at the releasing call.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ReleasedBeforeCompletionAnalyzer : InFlightBufferRule
{
    /// <summary>Creates the analyzer of <see cref="Descriptors.ReleasedBeforeCompletion"/>.</summary>
    public ReleasedBeforeCompletionAnalyzer()
        : base(Descriptors.ReleasedBeforeCompletion)
    {
    }

    internal override Diagnostic? OwnerReleased(IInvocationOperation release, ISymbol owner, string how)
        => At(release, owner.Name, how);
}
