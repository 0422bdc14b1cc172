using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;

namespace Uring.Tests.Hardening.Child;

/// <summary>
/// Launches the hardening child (<c>dotnet Uring.Hardening.Child.dll case...</c>, the dll sits next to this
/// test assembly) and turns its output into one outcome per case. A child that dies takes only the case it
/// was running with it: that case is reported as crashed (exit code, signal, the end of stderr) and the
/// child is launched again for the cases after it. A child that goes quiet for too long is killed, and the
/// case it was running is reported as hung.
/// </summary>
internal static class ChildProcess
{
    private const string ChildDll = "Uring.Hardening.Child.dll";

    public static IReadOnlyDictionary<string, ChildOutcome> Run(IReadOnlyList<string> names, TimeSpan quietLimit)
    {
        Dictionary<string, ChildOutcome> outcomes = new(StringComparer.Ordinal);
        List<string> remaining = [.. names];
        while (remaining.Count > 0)
        {
            int before = outcomes.Count;
            RunOnce(remaining, quietLimit, outcomes);
            remaining = names.Where(name => !outcomes.ContainsKey(name)).ToList();
            if (outcomes.Count == before)
            {
                // The child made no progress at all (it could not start): report every remaining case, do not loop.
                foreach (string name in remaining)
                {
                    outcomes[name] = new ChildOutcome(name, ChildVerdict.NotRun, "the child process ran no case (see the first case's detail)");
                }

                break;
            }
        }

        return outcomes;
    }

    private static void RunOnce(List<string> names, TimeSpan quietLimit, Dictionary<string, ChildOutcome> outcomes)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, ChildDll);
        if (!File.Exists(dll))
        {
            outcomes[names[0]] = new ChildOutcome(names[0], ChildVerdict.NotRun, $"{dll} is missing: build Uring.sln (the runtime tests reference the child project)");
            return;
        }

        ProcessStartInfo start = new(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(dll);
        foreach (string name in names)
        {
            start.ArgumentList.Add(name);
        }

        using Process process = new() { StartInfo = start };
        StringBuilder stderr = new();
        object gate = new();
        string? running = null;
        long lastLine = Stopwatch.GetTimestamp();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (gate)
            {
                lastLine = Stopwatch.GetTimestamp();
                string[] fields = e.Data.Split('\t', 3);
                if (fields.Length < 2)
                {
                    return;
                }

                string detail = fields.Length > 2 ? fields[2] : string.Empty;
                switch (fields[0])
                {
                    case "START":
                        running = fields[1];
                        break;
                    case "PASS":
                        outcomes[fields[1]] = new ChildOutcome(fields[1], ChildVerdict.Passed, detail);
                        running = null;
                        break;
                    case "FAIL":
                        outcomes[fields[1]] = new ChildOutcome(fields[1], ChildVerdict.Failed, detail);
                        running = null;
                        break;
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        bool hung = false;
        while (!process.WaitForExit(100))
        {
            lock (gate)
            {
                if (Stopwatch.GetElapsedTime(lastLine) > quietLimit)
                {
                    hung = true;
                    break;
                }
            }
        }

        if (hung)
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit();
        lock (gate)
        {
            if (running is not null && !outcomes.ContainsKey(running))
            {
                string tail = Tail(stderr);
                outcomes[running] = hung
                    ? new ChildOutcome(running, ChildVerdict.Hung, $"no output for {quietLimit.TotalSeconds:F0} s: the case hangs (deadlock or lost completion); the child was killed. stderr: {tail}")
                    : new ChildOutcome(running, ChildVerdict.Crashed, $"the child process died while running this case: {Describe(process.ExitCode)}. stderr: {tail}");
            }
        }
    }

    private static string Describe(int exitCode) => exitCode switch
    {
        134 => "exit code 134 (SIGABRT: the runtime aborted, e.g. on an access violation)",
        139 => "exit code 139 (SIGSEGV)",
        137 => "exit code 137 (SIGKILL)",
        135 => "exit code 135 (SIGBUS)",
        > 128 => $"exit code {exitCode} (signal {exitCode - 128})",
        _ => $"exit code {exitCode}",
    };

    private static string Tail(StringBuilder stderr)
    {
        lock (stderr)
        {
            string text = stderr.ToString();
            return text.Length <= 1500 ? text : "..." + text[^1500..];
        }
    }

    /// <summary>The dotnet host that runs this test process (so the child gets the same runtime).</summary>
    private static string DotnetHost()
    {
        string? fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
        {
            return fromSdk;
        }

        // <root>/shared/Microsoft.NETCore.App/<version>/ -> <root>/dotnet
        string runtime = RuntimeEnvironment.GetRuntimeDirectory();
        string candidate = Path.GetFullPath(Path.Combine(runtime, "..", "..", "..", "dotnet"));
        return File.Exists(candidate) ? candidate : "dotnet";
    }
}
