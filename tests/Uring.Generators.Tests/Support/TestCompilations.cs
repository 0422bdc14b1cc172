using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Uring.Generators.Tests.Support;

/// <summary>
/// Builds the compilations the generator runs on: user sources plus metadata for the framework the tests
/// run on (from TRUSTED_PLATFORM_ASSEMBLIES) and the real Uring.Runtime assembly.
/// </summary>
internal static class TestCompilations
{
    /// <summary>
    /// C# 13: the oldest language a user's op compiles with, because its generated body passes a ref struct to
    /// <c>Ring.TryPrepare</c> (<c>allows ref struct</c>). The runtime targets .NET 10, whose SDK defaults to C# 14.
    /// </summary>
    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.CSharp13);

    public static ImmutableArray<MetadataReference> References { get; } = LoadReferences();

    public static SyntaxTree Parse(string source, string path = "Input.cs")
        => CSharpSyntaxTree.ParseText(source, ParseOptions, path);

    public static CSharpCompilation Create(string source, bool allowUnsafe = false)
        => Create(new[] { Parse(source) }, allowUnsafe);

    public static CSharpCompilation Create(IEnumerable<SyntaxTree> trees, bool allowUnsafe = false)
        => CSharpCompilation.Create(
            "Uring.Generators.TestInput",
            trees,
            References,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                allowUnsafe: allowUnsafe,
                nullableContextOptions: NullableContextOptions.Enable));

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        string frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        string trusted = (string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")
            ?? throw new InvalidOperationException("TRUSTED_PLATFORM_ASSEMBLIES is not set.");

        IEnumerable<string> framework = trusted
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => string.Equals(Path.GetDirectoryName(path), frameworkDirectory, StringComparison.Ordinal));

        return framework
            .Append(typeof(Ring).Assembly.Location)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }
}
