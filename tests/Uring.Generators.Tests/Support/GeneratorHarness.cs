using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Uring.Generators.Tests.Support;

/// <summary>One generator run: the driver after it, its result, and the compilation with the output added.</summary>
internal sealed record GeneratorRun(
    GeneratorDriver Driver,
    GeneratorDriverRunResult Result,
    Compilation Output,
    ImmutableArray<Diagnostic> GeneratorDiagnostics);

/// <summary>Runs Uring's generators the way a compiler host does, with step tracking on.</summary>
internal static class GeneratorHarness
{
    public static GeneratorDriver CreateDriver() => CreateDriver(new UringOpGenerator());

    /// <summary>A driver for <paramref name="generators"/> (for example both of Uring's, as a user project has).</summary>
    public static GeneratorDriver CreateDriver(params IIncrementalGenerator[] generators)
        => CSharpGeneratorDriver.Create(
            System.Array.ConvertAll(generators, generator => generator.AsSourceGenerator()),
            parseOptions: TestCompilations.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs a fresh driver, or <paramref name="driver"/> again (keeping its cached state).</summary>
    public static GeneratorRun Run(Compilation input, GeneratorDriver? driver = null)
    {
        GeneratorDriver after = (driver ?? CreateDriver())
            .RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        return new GeneratorRun(after, after.GetRunResult(), output, diagnostics);
    }
}
