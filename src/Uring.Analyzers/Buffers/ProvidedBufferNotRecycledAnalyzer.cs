using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Uring.Analyzers.Diagnostics;

namespace Uring.Analyzers.Buffers;

/// <summary>
/// URING0005: a provided buffer lent by a buffer ring (<c>[LendsProvidedBuffer]</c>) that some path out of the
/// method neither recycles (<c>[RecyclesProvidedBuffer]</c>) nor hands on. Reported where it was taken.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ProvidedBufferNotRecycledAnalyzer : PooledHandleRule
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ProvidedBufferNotRecycled);

    internal override Diagnostic? StillHeld(HandleKind kind, ILocalSymbol handle, IOperation rentedAt)
        => kind == HandleKind.LendsBuffer
            ? Diagnostic.Create(Descriptors.ProvidedBufferNotRecycled, rentedAt.Syntax.GetLocation(), handle.Name)
            : null;
}
