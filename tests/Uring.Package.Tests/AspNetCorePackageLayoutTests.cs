using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using Uring.Package.Tests.Support;
using Xunit;

namespace Uring.Package.Tests;

/// <summary>What is inside the packed Uring.AspNetCore .nupkg: one assembly, its docs and README, and two dependencies only.</summary>
[Collection(PackageCollection.Name)]
public sealed class AspNetCorePackageLayoutTests(PackedPackage package, ITestOutputHelper output)
{
    private const string PropertiesPart = "package/services/metadata/core-properties/*.psmdcp";

    private static readonly string[] s_expectedFiles =
    [
        "[Content_Types].xml",
        "_rels/.rels",
        PropertiesPart,
        "Uring.AspNetCore.nuspec",
        "README.md",
        "lib/net10.0/Uring.AspNetCore.dll",
        "lib/net10.0/Uring.AspNetCore.xml",
    ];

    [Fact]
    public void Package_holds_exactly_the_transport_assembly_its_docs_and_the_readme()
    {
        using ZipArchive zip = ZipFile.OpenRead(package.AspNetCorePackagePath);
        string[] actual = zip.Entries
            .Select(entry => entry.FullName)
            .Select(name => name.StartsWith("package/services/metadata/core-properties/", StringComparison.Ordinal) ? PropertiesPart : name)
            .Order(StringComparer.Ordinal)
            .ToArray();
        output.WriteLine($"{Path.GetFileName(package.AspNetCorePackagePath)}:\n  " + string.Join("\n  ", actual));
        Assert.Equal(s_expectedFiles.Order(StringComparer.Ordinal), actual);
    }

    [Fact]
    public void Nuspec_depends_on_Uring_of_the_same_version_and_the_ASP_NET_Core_framework_only()
    {
        XElement metadata = ReadNuspec().Root!.Elements().Single(element => element.Name.LocalName == "metadata");
        string Value(string name) => metadata.Elements().SingleOrDefault(element => element.Name.LocalName == name)?.Value.Trim() ?? "";

        Assert.Equal("Uring.AspNetCore", Value("id"));
        Assert.Equal(package.Version, Value("version"));
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("README.md", Value("readme"));
        Assert.False(string.IsNullOrWhiteSpace(Value("releaseNotes")), "The nuspec has no release notes.");

        // Uring, exactly this build's version; nothing of the Roslyn projects (the analyzers are a private build tool).
        XElement dependency = Assert.Single(metadata.Descendants(), element => element.Name.LocalName == "dependency");
        Assert.Equal("Uring", dependency.Attribute("id")?.Value);
        Assert.Equal(package.Version, dependency.Attribute("version")?.Value);
        Assert.All(metadata.Descendants().Where(element => element.Name.LocalName == "group"), group => Assert.Equal("net10.0", group.Attribute("targetFramework")?.Value));

        // The shared framework, which the SDK has, as a framework reference (no ASP.NET Core package).
        XElement framework = Assert.Single(metadata.Descendants(), element => element.Name.LocalName == "frameworkReference");
        Assert.Equal("Microsoft.AspNetCore.App", framework.Attribute("name")?.Value);
    }

    [Fact]
    public void Transport_assembly_references_the_runtime_and_the_framework_only()
    {
        using ZipArchive zip = ZipFile.OpenRead(package.AspNetCorePackagePath);
        ZipArchiveEntry entry = zip.GetEntry("lib/net10.0/Uring.AspNetCore.dll")!;
        using MemoryStream copy = new();
        using (Stream stream = entry.Open())
        {
            stream.CopyTo(copy);
        }

        copy.Position = 0;
        using PEReader pe = new(copy);
        MetadataReader reader = pe.GetMetadataReader();
        string[] references = reader.AssemblyReferences.Select(handle => reader.GetString(reader.GetAssemblyReference(handle).Name)).ToArray();
        output.WriteLine(string.Join(", ", references));
        Assert.Contains("Uring.Runtime", references);
        Assert.All(references, name => Assert.True(
            name == "Uring.Runtime" || name.StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal) || name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) || name.StartsWith("System.", StringComparison.Ordinal),
            $"{name} is neither the runtime nor part of the ASP.NET Core shared framework"));
    }

    private XDocument ReadNuspec()
    {
        using ZipArchive zip = ZipFile.OpenRead(package.AspNetCorePackagePath);
        using Stream stream = zip.GetEntry("Uring.AspNetCore.nuspec")!.Open();
        return XDocument.Load(stream);
    }
}
