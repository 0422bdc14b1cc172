using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Uring.Generators;
using Xunit;

namespace Uring.Analyzers.Tests.Declarations;

/// <summary>
/// Compiles declaration source as a build does (against the runtime, both generators running) and returns what
/// the generators wrote and what an analyzer reported on the result: the real output tests assert.
/// </summary>
internal static class DeclarationCompilation
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "netstandard.dll" or "mscorlib.dll")
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .Append(MetadataReference.CreateFromFile(typeof(Ring).Assembly.Location))
            .ToImmutableArray());

    /// <summary>
    /// The hint names of the generated files, the analyzer's diagnostics on the compilation that includes them (where
    /// it runs in a build), and the compiler errors of that compilation.
    /// </summary>
    public static async Task<(ImmutableArray<string> Generated, ImmutableArray<Diagnostic> Reported, ImmutableArray<Diagnostic> Errors)> RunAsync(string source, DiagnosticAnalyzer analyzer)
    {
        CSharpCompilation compilation = CSharpCompilation.Create(
            "Declarations",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp12), cancellationToken: TestContext.Current.CancellationToken)],
            s_references.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new UringOpGenerator(), new UringContextGenerator())
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _, TestContext.Current.CancellationToken);
        GeneratorDriverRunResult run = driver.GetRunResult();
        Assert.All(run.Results, result => Assert.Null(result.Exception));
        ImmutableArray<string> generated = run.Results.SelectMany(result => result.GeneratedSources).Select(generatedSource => generatedSource.HintName).ToImmutableArray();
        ImmutableArray<Diagnostic> reported = await output.WithAnalyzers([analyzer]).GetAnalyzerDiagnosticsAsync(TestContext.Current.CancellationToken);
        ImmutableArray<Diagnostic> errors = output.GetDiagnostics(TestContext.Current.CancellationToken)
            .Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error && !NeedsCSharp13(diagnostic))
            .ToImmutableArray();
        return (generated, reported, errors);
    }

    /// <summary>
    /// The one error this host cannot avoid: a user's op passes its generated arguments ref struct to
    /// <c>Ring.TryPrepare</c>, a C# 13 type argument (<c>allows ref struct</c>) that this Roslyn (4.8, pinned so the
    /// analyzers load in it) rejects with CS0306. A user's build (the .NET 10 SDK) accepts it, and the generator tests
    /// compile these same bodies with Roslyn 4.14; every other error still fails the test.
    /// </summary>
    private static bool NeedsCSharp13(Diagnostic diagnostic)
        => diagnostic.Id == "CS0306"
            && diagnostic.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true
            && diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("Arguments_", StringComparison.Ordinal);
}
