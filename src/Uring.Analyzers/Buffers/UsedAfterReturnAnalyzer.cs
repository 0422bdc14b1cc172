using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Uring.Analyzers.Diagnostics;

namespace Uring.Analyzers.Buffers;

/// <summary>
/// URING0013: a provided buffer, or a pooled context, read after every path gave it back (<c>[RecyclesProvidedBuffer]</c>,
/// <c>[ReturnsPooledContext]</c>): its memory (<c>buffer.Data</c>, a span read from it before, a context's user data)
/// may already hold another request's bytes. Reported at the use.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UsedAfterReturnAnalyzer : PooledHandleRule
{
    /// <summary>Creates the analyzer of <see cref="Descriptors.UsedAfterReturn"/>.</summary>
    public UsedAfterReturnAnalyzer()
        : base(Descriptors.UsedAfterReturn)
    {
    }

    internal override Diagnostic? UsedAfterReturn(IOperation use, string handle)
        => At(use, handle);
}
