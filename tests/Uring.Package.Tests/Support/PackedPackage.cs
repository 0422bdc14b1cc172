using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Xunit;

namespace Uring.Package.Tests.Support;

/// <summary>The tests that share one packed package run in this collection, one after another.</summary>
[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackedPackage>
{
    /// <summary>The collection name.</summary>
    public const string Name = "Uring package";
}

/// <summary>
/// Packs the Uring and Uring.AspNetCore packages once for the collection: <c>dotnet pack src/Uring.Runtime -c Release</c>
/// and <c>dotnet pack src/Uring.AspNetCore -c Release</c> with one unique version (<c>0.0.0-ci-&lt;UTC time&gt;-&lt;pid&gt;</c>)
/// into <c>artifacts/packages</c>.
/// </summary>
/// <remarks>
/// The pack runs on a snapshot of <c>src/</c> (plus the root build files) copied to a temporary folder, not on
/// the repository itself. <c>dotnet test Uring.sln</c> runs test assemblies in parallel, and other test projects
/// build against the Debug outputs under <c>src/*/bin</c> and <c>src/*/obj</c> meanwhile (the analyzer misuse
/// build, for one). Packing in place would restore those projects again (the package version is part of the
/// restore inputs, so <c>obj/project.assets.json</c> would be rewritten under them) and compile the Roslyn
/// projects with the version as a global property; <c>--no-build</c> would pack whatever the Debug build left.
/// A private copy built in Release touches none of that, costs one Release build of four small projects, and is
/// what a release build from a clean checkout does.
/// </remarks>
public sealed class PackedPackage : IAsyncLifetime
{
    /// <summary>Files at the repository root that the src projects' build reads.</summary>
    private static readonly string[] s_rootBuildFiles =
        ["Directory.Build.props", "Directory.Packages.props", "global.json", "LICENSE", ".editorconfig", "NuGet.config"];

    private static readonly TimeSpan s_packTimeout = TimeSpan.FromMinutes(10);

    private readonly List<string> _log = [];

    /// <summary>The repository this test assembly was built from.</summary>
    public string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    /// <summary>The unique package version of this run.</summary>
    public string Version { get; } = $"0.0.0-ci-{DateTime.UtcNow:yyyyMMddHHmmss}-{Environment.ProcessId}";

    /// <summary>The local feed: <c>artifacts/packages</c>, which tests/PackageSmoke/NuGet.config points at.</summary>
    public string Feed => Path.Combine(RepositoryRoot, "artifacts", "packages");

    /// <summary>The packed .nupkg.</summary>
    public string PackagePath => Path.Combine(Feed, $"Uring.{Version}.nupkg");

    /// <summary>The packed symbols package.</summary>
    public string SymbolsPackagePath => Path.Combine(Feed, $"Uring.{Version}.snupkg");

    /// <summary>The packed Uring.AspNetCore .nupkg (Kestrel on io_uring; depends on Uring of the same version).</summary>
    public string AspNetCorePackagePath => Path.Combine(Feed, $"Uring.AspNetCore.{Version}.nupkg");

    /// <summary>
    /// The packages folder the smoke projects restore into: new for this run, so the package is extracted from the
    /// feed here and now (NuGet never re-extracts a version it has already cached).
    /// </summary>
    public string PackagesFolder => Path.Combine(WorkDirectory, "packages");

    /// <summary>This run's temporary folder (source snapshot, dedicated packages folder); deleted afterwards.</summary>
    public string WorkDirectory { get; } = Path.Combine(Path.GetTempPath(), "uring-package-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>What ran and how long it took, for the test output.</summary>
    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToArray();
            }
        }
    }

    /// <summary>Adds a line to <see cref="Log"/>.</summary>
    public void Record(string line)
    {
        lock (_log)
        {
            _log.Add(line);
        }
    }

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        string source = Path.Combine(WorkDirectory, "source");
        CopySources(source);
        Directory.CreateDirectory(Feed);
        PruneOldCiPackages();

        // The runtime first, then the Kestrel transport: the second build finds the runtime built already.
        foreach ((string name, string nupkg) in new[] { ("Uring.Runtime", PackagePath), ("Uring.AspNetCore", AspNetCorePackagePath) })
        {
            string project = Path.Combine(source, "src", name, name + ".csproj");
            CommandResult pack = await Dotnet.RunAsync(
                [
                    "pack", project,
                    "-c", "Release",
                    "-o", Feed,
                    "-p:Version=" + Version,
                    "-clp:NoSummary",
                    .. Dotnet.NoServers,
                ],
                source,
                s_packTimeout,
                TestContext.Current.CancellationToken);
            Record($"pack {name} {Version}: {pack.Elapsed.TotalSeconds:F1} s");
            if (pack.ExitCode != 0)
            {
                throw new InvalidOperationException(pack.Describe($"dotnet pack of src/{name} failed"));
            }

            if (!File.Exists(nupkg))
            {
                throw new InvalidOperationException($"dotnet pack succeeded but {nupkg} is missing.\n{pack.Tail}");
            }
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is not a test failure.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Copies <c>src/</c> without build outputs, and the root build files, to <paramref name="destination"/>.</summary>
    private void CopySources(string destination)
    {
        CopyTree(Path.Combine(RepositoryRoot, "src"), Path.Combine(destination, "src"));
        foreach (string name in s_rootBuildFiles)
        {
            string file = Path.Combine(RepositoryRoot, name);
            if (File.Exists(file))
            {
                File.Copy(file, Path.Combine(destination, name));
            }
        }
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (string directory in Directory.EnumerateDirectories(from))
        {
            string name = Path.GetFileName(directory);
            if (name is "bin" or "obj")
            {
                continue;
            }

            CopyTree(directory, Path.Combine(to, name));
        }
    }

    /// <summary>CI versions from earlier runs (older than an hour, so a concurrent run keeps its own) go.</summary>
    private void PruneOldCiPackages()
    {
        DateTime cutoff = DateTime.UtcNow - TimeSpan.FromHours(1);
        foreach (string file in Directory.EnumerateFiles(Feed, "Uring.*0.0.0-ci-*"))
        {
            if (File.GetLastWriteTimeUtc(file) < cutoff)
            {
                File.Delete(file);
            }
        }
    }

    private static string Metadata(string key)
        => typeof(PackedPackage).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(attribute => attribute.Key == key).Value
           ?? throw new InvalidOperationException($"Assembly metadata {key} is missing.");
}
