using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Uring.Generators.Tests.Support;
using Xunit;

namespace Uring.Generators.Tests.Generation;

/// <summary>
/// A real build compiles against reference assemblies, which hide the private fields of BCL structs (a
/// placeholder <c>_dummyPrimitive</c>, or nothing at all). The generator must not size such a struct from
/// what it sees: it knows the common ones, and refuses the others.
/// </summary>
public sealed class ReferenceAssemblyTests
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_referencePack = new(LoadReferencePack);

    [Fact]
    public void Known_bcl_structs_get_their_real_sizes()
    {
        GeneratorRun run = Run("""
            [UringContext]
            public partial struct Stamped
            {
                public DateTime When;
                public DateTimeOffset At;
                public TimeSpan Took;
                public Guid Id;
                public int? Count;
                public Half Ratio;
            }
            """);

        string layout = Assert.Single(run.Result.GeneratedTrees).ToString();
        Assert.Contains("public const int LayoutSize = 64;", layout, StringComparison.Ordinal);
        Assert.Contains("[global::System.Runtime.InteropServices.FieldOffset(8)] public global::System.DateTimeOffset At;", layout, StringComparison.Ordinal);
        Assert.Contains("[global::System.Runtime.InteropServices.FieldOffset(32)] public global::System.Guid Id;", layout, StringComparison.Ordinal);
        Assert.Contains("[global::System.Runtime.InteropServices.FieldOffset(56)] public global::System.Half Ratio;", layout, StringComparison.Ordinal);
        Assert.DoesNotContain("__CheckLayout", layout, StringComparison.Ordinal);
        GeneratedCodeAssert.CompilesCleanly(run);
    }

    [Fact]
    public void Structs_whose_fields_are_hidden_are_refused()
    {
        GeneratorRun run = Run("""
            [UringContext]
            public partial struct Placed
            {
                public System.Drawing.Point Where;
            }
            """);

        Assert.Empty(run.Result.GeneratedTrees);
        Assert.Empty(run.GeneratorDiagnostics);
    }

    private static GeneratorRun Run(string declarations)
    {
        SyntaxTree tree = TestCompilations.Parse("using System;\nusing Uring;\n\nnamespace App;\n\n" + declarations);
        CSharpCompilation compilation = CSharpCompilation.Create(
            "Uring.Generators.ReferencePackInput",
            new[] { tree },
            s_referencePack.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
        return GeneratorHarness.Run(compilation, GeneratorHarness.CreateDriver(new UringOpGenerator(), new UringContextGenerator()));
    }

    /// <summary>The SDK's Microsoft.NETCore.App.Ref pack for this runtime's major version, plus Uring.Runtime.</summary>
    private static ImmutableArray<MetadataReference> LoadReferencePack()
    {
        string runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        string root = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        string packs = Path.Combine(root, "packs", "Microsoft.NETCore.App.Ref");
        string major = Environment.Version.Major.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string? version = Directory.Exists(packs)
            ? Directory.GetDirectories(packs)
                .Select(Path.GetFileName)
                .Where(name => name!.StartsWith(major + ".", StringComparison.Ordinal))
                .OrderByDescending(name => Version.TryParse(name!.Split('-')[0], out Version? parsed) ? parsed : new Version())
                .FirstOrDefault()
            : null;
        Assert.True(version is not null, $"No Microsoft.NETCore.App.Ref {major}.x pack under {packs} (the .NET SDK installs it).");

        string directory = Path.Combine(packs, version!, "ref", "net" + major + ".0");
        return Directory.GetFiles(directory, "*.dll")
            .Append(typeof(Ring).Assembly.Location)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }
}
