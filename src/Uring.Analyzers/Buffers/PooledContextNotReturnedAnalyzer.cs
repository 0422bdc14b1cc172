using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Uring.Analyzers.Diagnostics;

namespace Uring.Analyzers.Buffers;

/// <summary>
/// URING0006: a pooled Extended or Indirect context (<c>[RentsPooledContext]</c>) that some path out of the
/// method neither returns (<c>[ReturnsPooledContext]</c>) nor hands to an op that queued it. Reported where it
/// was rented.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PooledContextNotReturnedAnalyzer : PooledHandleRule
{
    /// <summary>Creates the analyzer of <see cref="Descriptors.PooledContextNotReturned"/>.</summary>
    public PooledContextNotReturnedAnalyzer()
        : base(Descriptors.PooledContextNotReturned)
    {
    }

    internal override Diagnostic? StillHeld(HandleKind kind, string handle, IOperation rentedAt)
        => kind == HandleKind.RentsContext ? At(rentedAt, handle) : null;
}
