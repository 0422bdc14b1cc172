using System;
using System.ComponentModel;
using System.Diagnostics;

namespace Uring.Tests.Support;

/// <summary>
/// A loop block device over a backing file, attached with <c>losetup --find --show</c> and detached with
/// <c>losetup -d</c> on dispose. Needs root (CI runs as root); when it cannot be set up the test fails under
/// <c>URING_REQUIRE_KERNEL=1</c> and skips otherwise (<see cref="KernelRequirement.Unavailable"/>).
/// </summary>
internal sealed class LoopDevice : IDisposable
{
    private bool _detached;

    private LoopDevice(string path) => Path = path;

    /// <summary>The device node, for example <c>/dev/loop0</c>.</summary>
    public string Path { get; }

    public static LoopDevice Attach(string backingFile)
    {
        (int exitCode, string output, string error) = Run("--find", "--show", backingFile);
        string path = output.Trim();
        if (exitCode != 0 || !path.StartsWith("/dev/loop", StringComparison.Ordinal))
        {
            KernelRequirement.Unavailable("a loop device", $"losetup --find --show exited with {exitCode}: {error.Trim()}{output.Trim()}");
        }

        return new LoopDevice(path);
    }

    public void Dispose()
    {
        if (_detached)
        {
            return;
        }

        _detached = true;
        (int exitCode, _, string error) = Run("-d", Path);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"losetup -d {Path} exited with {exitCode}: {error.Trim()}");
        }
    }

    private static (int ExitCode, string Output, string Error) Run(params string[] arguments)
    {
        ProcessStartInfo start = new("losetup") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using Process process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd();
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output, error);
        }
        catch (Win32Exception exception)
        {
            return (-1, string.Empty, "losetup could not be started: " + exception.Message);
        }
    }
}
