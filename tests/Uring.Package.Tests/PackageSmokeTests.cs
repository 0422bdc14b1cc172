using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Uring.Package.Tests.Support;
using Xunit;

namespace Uring.Package.Tests;

/// <summary>
/// Installs the packed package from the local feed the way a user does (tests/PackageSmoke: its own
/// Directory.Build.props, Directory.Packages.props and NuGet.config, none of the repository's build settings),
/// into a packages folder of its own, then builds and runs it.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class PackageSmokeTests(PackedPackage package, ITestOutputHelper output)
{
    /// <summary>The smoke program's exit code when io_uring is unavailable (see its Program.cs).</summary>
    private const int IoUringUnavailable = 3;

    private static readonly TimeSpan s_restoreTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan s_buildTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan s_runTimeout = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Diagnostics a host reports when it cannot use an analyzer or generator from the package: CS8032 (cannot
    /// create an instance), CS9057 (built against a newer compiler), CS8784/CS8785 (generator failed).
    /// </summary>
    private static readonly string[] s_loadFailures = ["CS8032", "CS9057", "CS8784", "CS8785", "AD0001"];

    [Fact(Timeout = 1_200_000)]
    public async Task Installed_package_runs_a_user_declared_op_on_a_real_ring()
    {
        ReportPack();
        string project = SmokeProject("Uring.PackageSmoke");
        CommandResult build = await RestoreAndBuildAsync(project);
        Assert.True(build.ExitCode == 0, build.Describe("The smoke program did not build from the package (CS8795 means the generator did not run)"));
        AssertAnalyzersLoaded(build);

        string program = Path.Combine(Path.GetDirectoryName(project)!, "bin", "Release", "net10.0", "Uring.PackageSmoke.dll");
        Assert.True(File.Exists(program), $"The build produced no {program}.\n{build.Tail}");
        CommandResult run = await Dotnet.RunAsync([program], Path.GetDirectoryName(project)!, s_runTimeout, TestContext.Current.CancellationToken);
        Report("run Uring.PackageSmoke", run);

        if (run.ExitCode == IoUringUnavailable)
        {
            string reason = run.Output.Trim();
            if (Environment.GetEnvironmentVariable("URING_REQUIRE_KERNEL") == "1")
            {
                Assert.Fail($"URING_REQUIRE_KERNEL=1 but the smoke program found io_uring unavailable: {reason}");
            }

            Assert.Skip($"io_uring is unavailable here: {reason}");
        }

        Assert.True(run.ExitCode == 0, run.Describe("The smoke program failed"));
        Assert.Contains("echo: context 7, result 4321", run.Output, StringComparison.Ordinal);
        Assert.Contains("typed context: sequence 42, label typed, result 99", run.Output, StringComparison.Ordinal);
        Assert.Contains("combined: sequence 43, label combined, result 98", run.Output, StringComparison.Ordinal);
        Assert.Contains("memory: read 'memory the ring!' through pinned memory", run.Output, StringComparison.Ordinal);
        Assert.Contains("package smoke: ok", run.Output, StringComparison.Ordinal);
    }

    [Fact(Timeout = 1_200_000)]
    public async Task Installed_AspNetCore_package_runs_a_real_Kestrel_app_on_io_uring()
    {
        ReportPack();
        string project = SmokeProject("Uring.PackageSmoke.AspNetCore");
        CommandResult build = await RestoreAndBuildAsync(project);
        Assert.True(build.ExitCode == 0, build.Describe("The ASP.NET Core smoke app did not build from the packages"));
        string extracted = Path.Combine(package.PackagesFolder, "uring.aspnetcore", package.Version);
        Assert.True(File.Exists(Path.Combine(extracted, "lib", "net10.0", "Uring.AspNetCore.dll")), $"Restore did not extract Uring.AspNetCore {package.Version} into {package.PackagesFolder}.");

        string program = Path.Combine(Path.GetDirectoryName(project)!, "bin", "Release", "net10.0", "Uring.PackageSmoke.AspNetCore.dll");
        Assert.True(File.Exists(program), $"The build produced no {program}.\n{build.Tail}");
        CommandResult run = await Dotnet.RunAsync([program], Path.GetDirectoryName(project)!, s_runTimeout, TestContext.Current.CancellationToken);
        Report("run Uring.PackageSmoke.AspNetCore", run);

        if (run.ExitCode == IoUringUnavailable)
        {
            string reason = run.Output.Trim();
            if (Environment.GetEnvironmentVariable("URING_REQUIRE_KERNEL") == "1")
            {
                Assert.Fail($"URING_REQUIRE_KERNEL=1 but the smoke app found io_uring unavailable: {reason}");
            }

            Assert.Skip($"io_uring is unavailable here: {reason}");
        }

        Assert.True(run.ExitCode == 0, run.Describe("The ASP.NET Core smoke app failed"));
        Assert.Contains("kestrel on io_uring: 2 event loops", run.Output, StringComparison.Ordinal);
        Assert.Contains("GET / -> hello from io_uring", run.Output, StringComparison.Ordinal);
        Assert.Contains("POST /echo -> 1048576 bytes back intact", run.Output, StringComparison.Ordinal);
        Assert.Contains("aspnetcore smoke: ok", run.Output, StringComparison.Ordinal);
    }

    [Fact(Timeout = 1_200_000)]
    public async Task Installed_package_reports_misuse_with_a_URING_diagnostic()
    {
        ReportPack();
        string project = SmokeProject("Uring.PackageSmoke.Misuse");
        CommandResult build = await RestoreAndBuildAsync(project);

        // URING0001 is an error by default (the kernel would write into a dead frame): the build must fail, with it.
        Assert.True(build.ExitCode != 0, build.Describe("The misuse smoke project built, so URING0001 did not fail it"));
        AssertAnalyzersLoaded(build);

        // The analyzer from analyzers/dotnet/cs of the package, at the line that hands stack memory to the kernel.
        string[] reported = build.Output.Split('\n')
            .Where(line => line.Contains("error URING0001:", StringComparison.Ordinal))
            .ToArray();
        Assert.True(reported.Length > 0, $"The build did not report URING0001 as an error, so the analyzers did not load from the package.\n{build.Tail}");
        Assert.Contains(reported, line => line.Contains("StackBuffer.cs(12,", StringComparison.Ordinal));
    }

    /// <summary>
    /// Restores <paramref name="project"/> from the local feed into this run's own packages folder, then builds it
    /// (Release, so nothing is shared with a Debug build someone runs by hand).
    /// </summary>
    private async Task<CommandResult> RestoreAndBuildAsync(string project)
    {
        string directory = Path.GetDirectoryName(project)!;
        // A fresh compile every time: an up-to-date project would print no diagnostics at all, and an old
        // project.assets.json could point at another version.
        foreach (string folder in new[] { "obj", "bin" })
        {
            string path = Path.Combine(directory, folder);
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }

        string version = "-p:UringVersion=" + package.Version;
        CommandResult restore = await Dotnet.RunAsync(
            ["restore", project, "--packages", package.PackagesFolder, version, .. Dotnet.NoServers],
            directory,
            s_restoreTimeout,
            TestContext.Current.CancellationToken);
        Report("restore " + Path.GetFileName(project), restore);
        Assert.True(restore.ExitCode == 0, restore.Describe($"Restoring {Path.GetFileName(project)} from the local feed failed"));

        // The package was extracted from the feed for this run, not found in some cache.
        string extracted = Path.Combine(package.PackagesFolder, "uring", package.Version);
        Assert.True(Directory.Exists(extracted), $"Restore did not extract Uring {package.Version} into {package.PackagesFolder}.\n{restore.Tail}");
        Assert.True(File.Exists(Path.Combine(extracted, "analyzers", "dotnet", "cs", "Uring.Analyzers.dll")), $"No analyzers in {extracted}");

        CommandResult build = await Dotnet.RunAsync(
            ["build", project, "--no-restore", "-c", "Release", version, "-clp:NoSummary", .. Dotnet.NoServers],
            directory,
            s_buildTimeout,
            TestContext.Current.CancellationToken);
        Report("build " + Path.GetFileName(project), build);
        return build;
    }

    private static void AssertAnalyzersLoaded(CommandResult build)
    {
        string[] failures = s_loadFailures.Where(id => build.Output.Contains(id + ":", StringComparison.Ordinal)).ToArray();
        Assert.True(failures.Length == 0, $"The host could not use the package's Roslyn components ({string.Join(", ", failures)}).\n{build.Tail}");
    }

    private string SmokeProject(string name)
    {
        string project = Path.Combine(package.RepositoryRoot, "tests", "PackageSmoke", name, name + ".csproj");
        Assert.True(File.Exists(project), $"The smoke project is missing: {project}");
        return project;
    }

    private void Report(string step, CommandResult result)
    {
        package.Record($"{step}: {result.Elapsed.TotalSeconds:F1} s");
        output.WriteLine($"--- {step}: {result.Command} (exit {result.ExitCode}, {result.Elapsed.TotalSeconds:F1} s)");
        output.WriteLine(result.Tail);
    }

    private void ReportPack()
    {
        output.WriteLine($"Uring {package.Version} in {package.Feed}; packages folder {package.PackagesFolder}");
        foreach (string line in package.Log)
        {
            output.WriteLine(line);
        }
    }
}
