using System.Collections.Immutable;
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
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.PooledContextNotReturned);

    internal override Diagnostic? StillHeld(HandleKind kind, ILocalSymbol handle, IOperation rentedAt)
        => kind == HandleKind.RentsContext
            ? Diagnostic.Create(Descriptors.PooledContextNotReturned, rentedAt.Syntax.GetLocation(), handle.Name)
            : null;
}
