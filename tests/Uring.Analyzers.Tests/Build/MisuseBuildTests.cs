using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading.Tasks;
using Uring.Analyzers.Diagnostics;
using Xunit;

namespace Uring.Analyzers.Tests.Build;

/// <summary>
/// Proves the rules fire through a real build, not only in the test harness: builds
/// <c>tests/Uring.Analyzers.Misuse</c> (deliberately wrong code, outside Uring.sln) with the analyzers as a
/// project reference, and checks that every rule ID in the descriptor catalogue shows up as a warning.
/// </summary>
public sealed class MisuseBuildTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(8);

    [Fact(Timeout = 600_000)]
    public async Task Every_rule_fires_in_a_real_build()
    {
        string root = Metadata("RepositoryRoot");
        string project = Path.Combine(root, "tests", "Uring.Analyzers.Misuse", "Uring.Analyzers.Misuse.csproj");
        Assert.True(File.Exists(project), $"The misuse project is missing: {project}");

        // A fresh compile every time: an up-to-date project would print no warnings at all.
        foreach (string folder in new[] { "obj", "bin" })
        {
            string path = Path.Combine(Path.GetDirectoryName(project)!, folder);
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }

        (int exitCode, string output) = await RunAsync(
            DotnetHost(),
            [
                "build", project,
                "-c", Metadata("Configuration"),
                "-nologo",
                // The analyzers, generator and runtime were built with this test project; do not rebuild them
                // under a parallel test run, and leave no build servers behind to hold the output pipes open.
                "-p:BuildProjectReferences=false",
                "-p:UseSharedCompilation=false",
                "-nodeReuse:false",
                "-clp:NoSummary",
            ]);

        Assert.True(exitCode == 0, $"dotnet build of the misuse project failed with exit code {exitCode}:\n{Tail(output)}");
        string[] missing = RuleIds().Where(id => !output.Contains("warning " + id + ":", StringComparison.Ordinal)).ToArray();
        Assert.True(missing.Length == 0, $"These rules did not fire in the real build: {string.Join(", ", missing)}\n{Tail(output)}");
    }

    /// <summary>Every <c>URING</c> ID constant of the descriptor catalogue.</summary>
    private static IEnumerable<string> RuleIds()
        => typeof(Descriptors)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .Select(field => (string)field.GetRawConstantValue()!)
            .Where(id => id.StartsWith("URING", StringComparison.Ordinal));

    private static string Metadata(string key)
        => typeof(MisuseBuildTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(attribute => attribute.Key == key).Value
           ?? throw new InvalidOperationException($"Assembly metadata {key} is missing.");

    /// <summary>The dotnet host that runs the tests (the CLI sets DOTNET_HOST_PATH), else the one on PATH.</summary>
    private static string DotnetHost()
        => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, string[] arguments)
    {
        ProcessStartInfo start = new(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";

        StringBuilder output = new();
        using Process process = new() { StartInfo = start };
        process.OutputDataReceived += (_, line) => Append(output, line.Data);
        process.ErrorDataReceived += (_, line) => Append(output, line.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using System.Threading.CancellationTokenSource timeout = System.Threading.CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(s_timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet build of the misuse project did not finish within {s_timeout.TotalMinutes} minutes:\n{Tail(Snapshot(output))}");
        }

        process.WaitForExit();
        return (process.ExitCode, Snapshot(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static string Tail(string output) => output.Length <= 6000 ? output : "...\n" + output[^6000..];
}
