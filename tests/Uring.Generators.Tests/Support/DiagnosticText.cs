using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Uring.Generators.Tests.Support;

/// <summary>One line per diagnostic: id, severity, file(line,col)-(line,col), message.</summary>
internal static class DiagnosticText
{
    public static string Format(Diagnostic diagnostic)
        => diagnostic.Id + " " + diagnostic.Severity + " " + LocationOf(diagnostic.Location) + " "
            + diagnostic.GetMessage(CultureInfo.InvariantCulture);

    /// <summary>Sorted (by id, then location, then message) and joined with newlines.</summary>
    public static string FormatAll(IEnumerable<Diagnostic> diagnostics)
        => string.Join("\n", diagnostics.Select(Format).OrderBy(line => line, System.StringComparer.Ordinal));

    private static string LocationOf(Location location)
    {
        if (location == Location.None)
        {
            return "(no location)";
        }

        FileLinePositionSpan span = location.GetLineSpan();
        return string.Format(
            CultureInfo.InvariantCulture,
            "{0}({1},{2})-({3},{4})",
            Path.GetFileName(span.Path),
            span.StartLinePosition.Line + 1,
            span.StartLinePosition.Character + 1,
            span.EndLinePosition.Line + 1,
            span.EndLinePosition.Character + 1);
    }
}
