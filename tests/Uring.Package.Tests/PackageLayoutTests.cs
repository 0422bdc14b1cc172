using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using Uring.Package.Tests.Support;
using Xunit;

namespace Uring.Package.Tests;

/// <summary>What is inside the packed .nupkg and .snupkg.</summary>
[Collection(PackageCollection.Name)]
public sealed class PackageLayoutTests(PackedPackage package, ITestOutputHelper output)
{
    private const string Analyzers = "analyzers/dotnet/cs/";
    private const string PropertiesPart = "package/services/metadata/core-properties/*.psmdcp";

    /// <summary>Every file of the package: the runtime and its docs, the Roslyn components, the README, NuGet's own parts.</summary>
    private static readonly string[] s_expectedFiles =
    [
        "[Content_Types].xml",
        "_rels/.rels",
        PropertiesPart,
        "Uring.nuspec",
        "README.md",
        "lib/net10.0/Uring.Runtime.dll",
        "lib/net10.0/Uring.Runtime.xml",
        Analyzers + "Uring.Generators.dll",
        Analyzers + "Uring.Analyzers.dll",
        Analyzers + "Uring.Analyzers.CodeFixes.dll",
    ];

    /// <summary>The Roslyn components and the Microsoft.CodeAnalysis assemblies each must reference.</summary>
    private static readonly (string File, string[] Required)[] s_roslynComponents =
    [
        ("Uring.Generators.dll", ["Microsoft.CodeAnalysis", "Microsoft.CodeAnalysis.CSharp"]),
        ("Uring.Analyzers.dll", ["Microsoft.CodeAnalysis", "Microsoft.CodeAnalysis.CSharp"]),
        ("Uring.Analyzers.CodeFixes.dll", ["Microsoft.CodeAnalysis", "Microsoft.CodeAnalysis.Workspaces"]),
    ];

    /// <summary>The oldest compiler the Roslyn components may need: 4.8 is SDK 8.0.1xx / VS 17.8.</summary>
    private static readonly Version s_roslynVersion = new(4, 8, 0, 0);

    [Fact]
    public void Package_holds_exactly_the_expected_files()
    {
        using ZipArchive zip = ZipFile.OpenRead(package.PackagePath);
        string[] actual = zip.Entries
            .Select(entry => entry.FullName)
            .Select(name => name.StartsWith("package/services/metadata/core-properties/", StringComparison.Ordinal) && name.EndsWith(".psmdcp", StringComparison.Ordinal) ? PropertiesPart : name)
            .Order(StringComparer.Ordinal)
            .ToArray();
        output.WriteLine($"{Path.GetFileName(package.PackagePath)}:\n  " + string.Join("\n  ", actual));

        string[] missing = s_expectedFiles.Except(actual, StringComparer.Ordinal).ToArray();
        string[] unexpected = actual.Except(s_expectedFiles, StringComparer.Ordinal).ToArray();
        Assert.True(
            missing.Length == 0 && unexpected.Length == 0 && actual.Length == s_expectedFiles.Length,
            $"The package's file list changed.\nMissing: {string.Join(", ", missing)}\nUnexpected: {string.Join(", ", unexpected)}\nActual:\n  {string.Join("\n  ", actual)}");

        // Said twice on purpose, because these are the mistakes that matter: a Roslyn DLL shipped beside ours
        // (it would shadow the host's compiler) or any assembly outside the two places assets belong.
        string[] dlls = actual.Where(name => name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)).ToArray();
        Assert.DoesNotContain(dlls, name => Path.GetFileName(name).StartsWith("Microsoft.CodeAnalysis", StringComparison.OrdinalIgnoreCase));
        Assert.All(dlls, name => Assert.True(name.StartsWith("lib/net10.0/", StringComparison.Ordinal) || name.StartsWith(Analyzers, StringComparison.Ordinal), $"{name} is outside lib/net10.0 and {Analyzers}"));
    }

    [Fact]
    public void Nuspec_has_the_metadata_and_no_dependencies()
    {
        XElement metadata = ReadNuspec(package.PackagePath).Root!.Elements().Single(element => element.Name.LocalName == "metadata");
        string Value(string name) => metadata.Elements().SingleOrDefault(element => element.Name.LocalName == name)?.Value.Trim() ?? "";

        Assert.Equal("Uring", Value("id"));
        Assert.Equal(package.Version, Value("version"));
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("expression", metadata.Elements().Single(element => element.Name.LocalName == "license").Attribute("type")?.Value);
        Assert.Equal("README.md", Value("readme"));
        Assert.False(string.IsNullOrWhiteSpace(Value("description")), "The nuspec has no description.");
        Assert.False(string.IsNullOrWhiteSpace(Value("releaseNotes")), "The nuspec has no release notes.");
        // A package with lib/ must not be a development dependency (it would not flow to consumers' outputs).
        Assert.NotEqual("true", Value("developmentDependency"));

        // The runtime depends on nothing; above all, nothing of the Roslyn projects (Uring.Generators,
        // Uring.Analyzers*, Microsoft.CodeAnalysis*) may leak into the dependency list.
        XElement[] dependencies = metadata.Descendants().Where(element => element.Name.LocalName == "dependency").ToArray();
        Assert.True(
            dependencies.Length == 0,
            "The package must have no dependencies, found: " + string.Join(", ", dependencies.Select(dependency => $"{dependency.Attribute("id")?.Value} {dependency.Attribute("version")?.Value}")));
        XElement[] groups = metadata.Descendants().Where(element => element.Name.LocalName == "group").ToArray();
        Assert.All(groups, group => Assert.Equal("net10.0", group.Attribute("targetFramework")?.Value));
    }

    [Fact]
    public void Package_readme_has_the_install_line()
    {
        using ZipArchive zip = ZipFile.OpenRead(package.PackagePath);
        using StreamReader reader = new(zip.GetEntry("README.md")!.Open());
        string readme = reader.ReadToEnd();
        Assert.Contains("dotnet add package Uring", readme, StringComparison.Ordinal);
        Assert.Contains("[UringOp(", readme, StringComparison.Ordinal);
        Assert.Contains("[UringContext]", readme, StringComparison.Ordinal);
        Assert.Contains("RLIMIT_MEMLOCK", readme, StringComparison.Ordinal);
        Assert.Contains("docs/analyzers/README.md", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void Symbols_package_holds_the_runtime_pdb_that_matches_the_dll()
    {
        Assert.True(File.Exists(package.SymbolsPackagePath), $"No symbols package: {package.SymbolsPackagePath}");
        using ZipArchive symbols = ZipFile.OpenRead(package.SymbolsPackagePath);
        string[] pdbs = symbols.Entries.Select(entry => entry.FullName).Where(name => name.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase)).ToArray();
        Assert.Equal(new[] { "lib/net10.0/Uring.Runtime.pdb" }, pdbs);

        // The PDB belongs to the DLL in the package: its id equals the DLL's CodeView debug directory entry.
        using ZipArchive zip = ZipFile.OpenRead(package.PackagePath);
        using PEReader dll = new(Read(zip, "lib/net10.0/Uring.Runtime.dll"));
        DebugDirectoryEntry codeView = dll.ReadDebugDirectory().Single(entry => entry.Type == DebugDirectoryEntryType.CodeView);
        Guid expected = dll.ReadCodeViewDebugDirectoryData(codeView).Guid;
        using MetadataReaderProvider pdb = MetadataReaderProvider.FromPortablePdbStream(Read(symbols, "lib/net10.0/Uring.Runtime.pdb"));
        Guid actual = new(pdb.GetMetadataReader().DebugMetadataHeader!.Id.AsSpan(0, 16));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Roslyn_components_reference_Microsoft_CodeAnalysis_4_8()
    {
        using ZipArchive zip = ZipFile.OpenRead(package.PackagePath);
        foreach ((string file, string[] required) in s_roslynComponents)
        {
            using PEReader pe = new(Read(zip, Analyzers + file));
            MetadataReader reader = pe.GetMetadataReader();
            Dictionary<string, Version> references = reader.AssemblyReferences
                .Select(handle => reader.GetAssemblyReference(handle))
                .ToDictionary(reference => reader.GetString(reference.Name), reference => reference.Version, StringComparer.Ordinal);
            output.WriteLine($"{file}: " + string.Join(", ", references.Select(pair => $"{pair.Key} {pair.Value}")));

            foreach (string name in required)
            {
                Assert.True(references.ContainsKey(name), $"{file} does not reference {name}; it references {string.Join(", ", references.Keys)}");
            }

            // Every compiler assembly at exactly 4.8.0.0: a newer one would make SDK 8 and 9 hosts skip ours (CS9057).
            foreach ((string name, Version version) in references.Where(pair => pair.Key.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)))
            {
                Assert.True(version == s_roslynVersion, $"{file} references {name} {version}; it must be {s_roslynVersion} so SDK 8, 9 and 10 hosts load it.");
            }

            // netstandard2.0 (RS1041): the compiler runs analyzers on .NET Framework too (Visual Studio).
            Assert.True(references.TryGetValue("netstandard", out Version? standard) && standard == new Version(2, 0, 0, 0), $"{file} does not target netstandard2.0.");
        }

        // Compiler extensions must not load workspace code (RS1038): only the code fix assembly references it.
        foreach (string file in new[] { "Uring.Generators.dll", "Uring.Analyzers.dll" })
        {
            using PEReader pe = new(Read(zip, Analyzers + file));
            MetadataReader reader = pe.GetMetadataReader();
            Assert.DoesNotContain(reader.AssemblyReferences, handle => reader.GetString(reader.GetAssemblyReference(handle).Name).Contains("Workspaces", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Runtime_assembly_references_no_compiler_assembly()
    {
        using ZipArchive zip = ZipFile.OpenRead(package.PackagePath);
        using PEReader pe = new(Read(zip, "lib/net10.0/Uring.Runtime.dll"));
        MetadataReader reader = pe.GetMetadataReader();
        string[] references = reader.AssemblyReferences.Select(handle => reader.GetString(reader.GetAssemblyReference(handle).Name)).ToArray();
        Assert.DoesNotContain(references, name => name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) || name.StartsWith("Uring.", StringComparison.Ordinal));
    }

    private static XDocument ReadNuspec(string nupkg)
    {
        using ZipArchive zip = ZipFile.OpenRead(nupkg);
        using Stream stream = zip.GetEntry("Uring.nuspec")!.Open();
        return XDocument.Load(stream);
    }

    /// <summary>A zip entry as a seekable stream (PEReader and the PDB reader need one).</summary>
    private static MemoryStream Read(ZipArchive zip, string name)
    {
        ZipArchiveEntry entry = zip.GetEntry(name) ?? throw new InvalidOperationException($"{name} is not in the package.");
        MemoryStream copy = new();
        using (Stream stream = entry.Open())
        {
            stream.CopyTo(copy);
        }

        copy.Position = 0;
        return copy;
    }
}
