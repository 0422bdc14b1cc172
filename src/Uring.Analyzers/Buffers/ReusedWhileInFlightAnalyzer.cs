using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Uring.Analyzers.Diagnostics;

namespace Uring.Analyzers.Buffers;

/// <summary>
/// URING0003: a buffer an op still uses is written (an element store, <c>Clear</c>/<c>Fill</c>, a call that
/// writes a span), or submitted to a second op while either op writes it (two ops that only read it may share
/// it), before the completion is observed on every path. <see cref="InFlightBufferWalker"/> finds the write;
/// this rule reports it there.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ReusedWhileInFlightAnalyzer : InFlightBufferRule
{
    /// <summary>Creates the analyzer of <see cref="Descriptors.ReusedWhileInFlight"/>.</summary>
    public ReusedWhileInFlightAnalyzer()
        : base(Descriptors.ReusedWhileInFlight)
    {
    }

    internal override Diagnostic? BufferReused(IOperation at, string buffer, string how)
        => At(at, buffer, how);
}
