using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Uring.Package.Tests.Support;

/// <summary>The output of one finished command.</summary>
/// <param name="Command">The command line, for messages.</param>
/// <param name="ExitCode">The process exit code.</param>
/// <param name="Output">Standard output and standard error, interleaved as they arrived.</param>
/// <param name="Elapsed">Wall-clock time.</param>
internal sealed record CommandResult(string Command, int ExitCode, string Output, TimeSpan Elapsed)
{
    /// <summary>The last part of the output, which is where dotnet says what went wrong.</summary>
    public string Tail => Output.Length <= 6000 ? Output : "...\n" + Output[^6000..];

    /// <summary>A failure message: what ran, how it ended, and the tail of its output.</summary>
    public string Describe(string what) => $"{what}: `{Command}` exited with {ExitCode} after {Elapsed.TotalSeconds:F0} s.\n{Tail}";
}

/// <summary>
/// Runs the dotnet CLI (and the programs it builds) as child processes with a time limit. Every build leaves
/// nothing running behind it: no MSBuild node reuse, no compiler server, no MSBuild server.
/// </summary>
internal static class Dotnet
{
    /// <summary>Arguments that keep a build from leaving servers behind (they would hold the output pipes open).</summary>
    public static readonly string[] NoServers =
    [
        "--disable-build-servers",
        "-nodeReuse:false",
        "-p:UseSharedCompilation=false",
        "-nologo",
    ];

    /// <summary>The dotnet host that runs the tests (the CLI sets DOTNET_HOST_PATH), else the one on PATH.</summary>
    public static string Host
        => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/>.</summary>
    public static Task<CommandResult> RunAsync(IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken)
        => RunProcessAsync(Host, arguments, workingDirectory, timeout, cancellationToken);

    /// <summary>Runs <paramref name="fileName"/> with <paramref name="arguments"/>; kills the process tree when the time is up.</summary>
    public static async Task<CommandResult> RunProcessAsync(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ProcessStartInfo start = new(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        UseFreshToolEnvironment(start);
        string command = Path.GetFileName(fileName) + " " + string.Join(' ', start.ArgumentList);
        StringBuilder output = new();
        Stopwatch clock = Stopwatch.StartNew();
        using Process process = new() { StartInfo = start };
        process.OutputDataReceived += (_, line) => Append(output, line.Data);
        process.ErrorDataReceived += (_, line) => Append(output, line.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using CancellationTokenSource limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            string reason = cancellationToken.IsCancellationRequested ? "was cancelled" : $"did not finish within {timeout.TotalMinutes:F0} minutes";
            CommandResult timedOut = new(command, -1, Snapshot(output), clock.Elapsed);
            throw new TimeoutException($"`{command}` {reason}.\n{timedOut.Tail}");
        }

        process.WaitForExit();   // drains the redirected output
        return new CommandResult(command, process.ExitCode, Snapshot(output), clock.Elapsed);
    }

    /// <summary>
    /// Prepares the environment of a child that runs MSBuild (the CLI, or a language server that loads projects):
    /// a fresh toolset that leaves no build nodes or servers behind.
    /// </summary>
    public static void UseFreshToolEnvironment(ProcessStartInfo start)
    {
        // The child must not inherit the paths an outer MSBuild (the one that runs `dotnet test`) may have exported
        // for itself.
        foreach (string variable in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly" })
        {
            start.Environment.Remove(variable);
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
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
}
