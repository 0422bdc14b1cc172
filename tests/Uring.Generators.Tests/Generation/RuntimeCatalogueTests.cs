using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Uring.Generators.Tests.Support;
using Xunit;

namespace Uring.Generators.Tests.Generation;

/// <summary>
/// The runtime's own op catalogue, read live from src/Uring.Runtime/Ops so the snapshots change in the same
/// commit as the declarations (a copied input would drift and keep testing stale ops). Only the Ops files
/// are compiled here, against the built runtime, so the rest of the runtime need not parse with this Roslyn.
/// Their partial Ring shadows the real one, so this output cannot be compiled here: the catalogue's
/// compile-after-generate is the runtime build itself, which treats warnings as errors.
/// </summary>
public sealed class RuntimeCatalogueTests
{
    [Fact]
    public void Catalogue_generates_one_clean_file_per_op()
    {
        SyntaxTree[] trees = Directory.GetFiles(RepoPaths.RuntimeOps, "*.cs")
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => TestCompilations.Parse(File.ReadAllText(path), Path.GetFileName(path)))
            .ToArray();
        Assert.NotEmpty(trees);

        GeneratorRun run = GeneratorHarness.Run(TestCompilations.Create(trees));

        Assert.Empty(run.GeneratorDiagnostics);
        int handWritten = OpDeclarations.HandWrittenIn(trees).Count();
        Assert.True(handWritten > 0, "The fixed-buffer and 128-byte wrappers ask for their context overloads.");
        Assert.Equal(OpDeclarations.In(trees).Count() + handWritten, run.Result.GeneratedTrees.Length);
        GeneratorSnapshot.Verify(run.Result);
    }
}
