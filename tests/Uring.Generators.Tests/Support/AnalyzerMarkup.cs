using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace Uring.Generators.Tests.Support;

/// <summary>
/// Analyzer tests in the markup of Microsoft.CodeAnalysis.Testing (<c>{|URING0150:text|}</c> marks where a
/// diagnostic is expected), run the way a build runs them: Uring's generators first, then the analyzer over
/// the output, so generated members are present and must not be reported.
/// </summary>
internal static partial class AnalyzerMarkup
{
    public static void Verify(DiagnosticAnalyzer analyzer, string markup, string idPrefix = "URING")
    {
        (string source, List<(string Id, TextSpan Span)> expected) = Parse(markup);
        GeneratorRun run = ContextSnapshot.Run(TestCompilations.Parse(source));
        ImmutableArray<Diagnostic> reported = run.Output
            .WithAnalyzers(ImmutableArray.Create(analyzer))
            .GetAnalyzerDiagnosticsAsync(TestContext.Current.CancellationToken).GetAwaiter().GetResult();

        string[] actual = reported
            .Where(d => d.Id.StartsWith(idPrefix, System.StringComparison.Ordinal))
            .Select(d => Describe(d.Id, d.Location.SourceSpan, d.Location.SourceTree?.FilePath ?? string.Empty, source, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)))
            .OrderBy(line => line, System.StringComparer.Ordinal)
            .ToArray();
        string[] wanted = expected
            .Select(e => Describe(e.Id, e.Span, "Input.cs", source, message: null))
            .OrderBy(line => line, System.StringComparer.Ordinal)
            .ToArray();
        Assert.True(
            wanted.SequenceEqual(actual.Select(StripMessage)),
            "Expected:\n" + string.Join("\n", wanted) + "\nReported:\n" + string.Join("\n", actual));
    }

    /// <summary>The diagnostics the analyzer reports for <paramref name="source"/> (after generation), as id lines.</summary>
    public static IReadOnlyList<Diagnostic> Run(DiagnosticAnalyzer analyzer, string source)
    {
        GeneratorRun run = ContextSnapshot.Run(TestCompilations.Parse(source));
        return run.Output
            .WithAnalyzers(ImmutableArray.Create(analyzer))
            .GetAnalyzerDiagnosticsAsync(TestContext.Current.CancellationToken).GetAwaiter().GetResult();
    }

    /// <summary>Strips <c>{|ID:text|}</c> markers (they may nest) and returns where each one was.</summary>
    public static (string Source, List<(string Id, TextSpan Span)> Expected) Parse(string markup)
    {
        StringBuilder source = new();
        List<(string, TextSpan)> expected = new();
        Stack<(string Id, int Start)> open = new();
        int i = 0;
        while (i < markup.Length)
        {
            Match start = Opening().Match(markup, i);
            if (start.Success && start.Index == i)
            {
                open.Push((start.Groups["id"].Value, source.Length));
                i += start.Length;
            }
            else if (open.Count > 0 && string.CompareOrdinal(markup, i, "|}", 0, 2) == 0)
            {
                (string id, int begin) = open.Pop();
                expected.Add((id, TextSpan.FromBounds(begin, source.Length)));
                i += 2;
            }
            else
            {
                source.Append(markup[i]);
                i++;
            }
        }

        Assert.Empty(open);
        return (source.ToString(), expected);
    }

    private static string Describe(string id, TextSpan span, string path, string source, string? message)
    {
        string where = System.IO.Path.GetFileName(path) == "Input.cs" ? "'" + source.Substring(span.Start, span.Length) + "'@" + span.Start : path + span;
        return message is null ? id + " " + where : id + " " + where + " | " + message;
    }

    private static string StripMessage(string line)
    {
        int bar = line.IndexOf(" | ", System.StringComparison.Ordinal);
        return bar < 0 ? line : line.Substring(0, bar);
    }

    [GeneratedRegex(@"\G\{\|(?<id>[A-Z]+[0-9]+):")]
    private static partial Regex Opening();
}
