using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Uring.Analyzers.Declarations;
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

    /// <summary>Both generators, then the analyzer where it runs in a build: on the compilation that includes the generated bodies.</summary>
    private static async Task<(int Generated, ImmutableArray<Diagnostic> Reported, ImmutableArray<Diagnostic> Errors)> RunAsync(string source, DiagnosticAnalyzer analyzer)
    {
        (ImmutableArray<string> generated, ImmutableArray<Diagnostic> reported, ImmutableArray<Diagnostic> errors) = await DeclarationCompilation.RunAsync(source, analyzer);
        return (generated.Length, reported, errors);
    }
}
