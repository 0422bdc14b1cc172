using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Uring.Analyzers.Declarations;
using Uring.Generators;
using Xunit;

namespace Uring.Analyzers.Tests.Declarations;

/// <summary>
/// The analyzer and the generator must agree: for every malformed declaration the generator writes no
/// source and the analyzer reports why; for every well-formed one the generator writes the body, the result
/// compiles, and the analyzer is silent. Both generators run, as in a build, for [UringOp] and [UringContext]
/// declarations alike.
/// </summary>
public sealed class GeneratorAgreementTests
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "netstandard.dll" or "mscorlib.dll")
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .Append(MetadataReference.CreateFromFile(typeof(Ring).Assembly.Location))
            .ToImmutableArray());

    [Theory]
    [MemberData(nameof(OpDeclarationCases.Malformed), MemberType = typeof(OpDeclarationCases))]
    public async Task The_generator_skips_what_the_analyzer_reports(string rule, string declaration)
    {
        (int generated, ImmutableArray<Diagnostic> reported, _) = await RunAsync(declaration);
        Assert.Equal(0, generated);
        Assert.Contains(reported, diagnostic => diagnostic.Id == rule);
    }

    [Theory]
    [MemberData(nameof(OpDeclarationCases.WellFormed), MemberType = typeof(OpDeclarationCases))]
    public async Task The_generator_implements_what_the_analyzer_accepts(string rule, string declaration)
    {
        (int generated, ImmutableArray<Diagnostic> reported, ImmutableArray<Diagnostic> errors) = await RunAsync(declaration);
        Assert.Equal(1, generated);
        Assert.Empty(reported);
        Assert.True(errors.IsEmpty, rule + ": " + string.Join("\n", errors));
    }

    [Theory]
    [MemberData(nameof(ContextDeclarationCases.Malformed), MemberType = typeof(ContextDeclarationCases))]
    public async Task The_context_generator_skips_what_the_analyzer_reports(string rule, string declaration)
    {
        (int generated, ImmutableArray<Diagnostic> reported, _) = await RunAsync(
            Support.Verify<UringContextDeclarationAnalyzer>.Usings + ContextDeclarationCases.Plain(declaration), new UringContextDeclarationAnalyzer());
        Assert.Equal(0, generated);
        Assert.Contains(reported, diagnostic => diagnostic.Id == rule);
    }

    [Theory]
    [MemberData(nameof(ContextDeclarationCases.WellFormed), MemberType = typeof(ContextDeclarationCases))]
    public async Task The_context_generator_implements_what_the_analyzer_accepts(int contexts, string declaration)
    {
        (int generated, ImmutableArray<Diagnostic> reported, ImmutableArray<Diagnostic> errors) = await RunAsync(
            Support.Verify<UringContextDeclarationAnalyzer>.Usings + ContextDeclarationCases.Plain(declaration), new UringContextDeclarationAnalyzer());

        // One layout file per context, plus a dispatcher for each with a handler slot.
        Assert.True(generated >= contexts && generated <= 2 * contexts, $"{generated} files for {contexts} context(s)");
        Assert.Empty(reported);
        Assert.True(errors.IsEmpty, declaration + ": " + string.Join("\n", errors));
    }

    private static Task<(int Generated, ImmutableArray<Diagnostic> Reported, ImmutableArray<Diagnostic> Errors)> RunAsync(string declaration)
        => RunAsync(Support.Verify<UringOpDeclarationAnalyzer>.Usings + OpDeclarationCases.Plain(declaration), new UringOpDeclarationAnalyzer());

    private static async Task<(int Generated, ImmutableArray<Diagnostic> Reported, ImmutableArray<Diagnostic> Errors)> RunAsync(string source, DiagnosticAnalyzer analyzer)
    {
        CSharpCompilation compilation = CSharpCompilation.Create(
            "Agreement",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp12), cancellationToken: TestContext.Current.CancellationToken)],
            s_references.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));

        GeneratorDriver driver = CSharpGeneratorDriver.Create(new UringOpGenerator(), new UringContextGenerator())
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _, TestContext.Current.CancellationToken);
        GeneratorDriverRunResult run = driver.GetRunResult();
        Assert.All(run.Results, result => Assert.Null(result.Exception));
        int generated = run.GeneratedTrees.Length;

        // The analyzer runs where it does in a build: on the compilation that includes the generated bodies.
        ImmutableArray<Diagnostic> reported = await output
            .WithAnalyzers([analyzer])
            .GetAnalyzerDiagnosticsAsync(TestContext.Current.CancellationToken);
        ImmutableArray<Diagnostic> errors = output.GetDiagnostics(TestContext.Current.CancellationToken)
            .Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error)
            .ToImmutableArray();
        return (generated, reported, errors);
    }
}
