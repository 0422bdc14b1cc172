using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Uring.Generators.Tests.Support;

/// <summary>
/// Snapshots of a generator run: <c>Snapshots/{Class}.{Method}#{HintName}.verified.cs</c> per generated
/// file (first line <c>//HintName: x.cs</c>) and <c>Snapshots/{Class}.{Method}.verified.txt</c> with the
/// generator's diagnostics. {Class} is the calling file's name: one test class per file, named after it.
/// </summary>
internal static class GeneratorSnapshot
{
    public static void Verify(
        GeneratorDriverRunResult result,
        [CallerFilePath] string callerFile = "",
        [CallerMemberName] string callerMember = "")
    {
        string prefix = Path.GetFileNameWithoutExtension(callerFile) + "." + callerMember;
        List<SnapshotFile> files = result.Results
            .SelectMany(generator => generator.GeneratedSources)
            .OrderBy(source => source.HintName, System.StringComparer.Ordinal)
            .Select(source => new SnapshotFile(
                prefix + "#" + StripCsExtension(source.HintName) + ".verified.cs",
                "//HintName: " + source.HintName + "\n" + source.SourceText))
            .ToList();
        files.Add(new SnapshotFile(prefix + ".verified.txt", DiagnosticText.FormatAll(result.Diagnostics)));

        IReadOnlyList<string> problems = SnapshotStore.FromEnvironment().Check(prefix, files);
        if (problems.Count > 0)
        {
            Assert.Fail("Snapshot mismatch for " + prefix + ":\n" + string.Join("\n", problems));
        }
    }

    private static string StripCsExtension(string hintName)
        => hintName.EndsWith(".cs", System.StringComparison.Ordinal) ? hintName[..^3] : hintName;
}
