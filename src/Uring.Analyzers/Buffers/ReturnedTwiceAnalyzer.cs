using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Uring.Analyzers.Diagnostics;

namespace Uring.Analyzers.Buffers;

/// <summary>
/// URING0007: a pooled context returned, or a provided buffer recycled, by a call that some path reaches after
/// it was given back already. Reported at the second call.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ReturnedTwiceAnalyzer : PooledHandleRule
{
    /// <summary>Creates the analyzer of <see cref="Descriptors.ReturnedTwice"/>.</summary>
    public ReturnedTwiceAnalyzer()
        : base(Descriptors.ReturnedTwice)
    {
    }

    internal override Diagnostic? ReturnedAgain(IInvocationOperation call, string handle)
        => At(call, handle);
}
