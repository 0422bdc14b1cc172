using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Uring.Generators.Tests.Support;

/// <summary>Compile-after-generate: what the generator adds must build cleanly next to the user's code.</summary>
internal static class GeneratedCodeAssert
{
    /// <summary>
    /// No generator diagnostics, no error anywhere in the output compilation, and no warning inside a
    /// generated file (users build with warnings as errors).
    /// </summary>
    public static void CompilesCleanly(GeneratorRun run)
    {
        if (!run.GeneratorDiagnostics.IsEmpty)
        {
            Assert.Fail("The generator reported diagnostics (it must leave that to the analyzers):\n"
                + DiagnosticText.FormatAll(run.GeneratorDiagnostics));
        }

        HashSet<SyntaxTree> generated = run.Result.GeneratedTrees.ToHashSet();
        List<Diagnostic> problems = run.Output.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error
                || (d.Severity == DiagnosticSeverity.Warning && generated.Contains(d.Location.SourceTree!)))
            .ToList();
        if (problems.Count == 0)
        {
            return;
        }

        IEnumerable<string> offendingSources = problems
            .Select(d => d.Location.SourceTree)
            .Where(tree => tree is not null && generated.Contains(tree))
            .Distinct()
            .Select(tree => "--- " + tree!.FilePath + "\n" + tree.GetText());
        Assert.Fail("The output compilation does not build cleanly:\n" + DiagnosticText.FormatAll(problems)
            + "\n" + string.Join("\n", offendingSources));
    }
}
