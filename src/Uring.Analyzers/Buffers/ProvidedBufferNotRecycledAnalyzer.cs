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
    /// <summary>Creates the analyzer of <see cref="Descriptors.ProvidedBufferNotRecycled"/>.</summary>
    public ProvidedBufferNotRecycledAnalyzer()
        : base(Descriptors.ProvidedBufferNotRecycled)
    {
    }

    internal override Diagnostic? StillHeld(HandleKind kind, string handle, IOperation rentedAt)
        => kind == HandleKind.LendsBuffer ? At(rentedAt, handle) : null;
}
