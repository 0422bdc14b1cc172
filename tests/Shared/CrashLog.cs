using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace Uring.Tests.Support;

/// <summary>
/// When <c>URING_CRASH_LOG_DIR</c> is set (CI sets it), what a test process says as it dies is kept there:
/// <list type="bullet">
/// <item>an exception that escapes a thread, in full (type, message, stack, inner exceptions, the thread);</item>
/// <item>its standard error, redirected to a file, which also catches what native code prints before an abort
/// (the C library's "malloc(): ... corrupted", the runtime's own fatal errors).</item>
/// </list>
/// <c>dotnet test</c> reports a crash only as "Test process crashed with exit code 134", without the test host's
/// standard error, so without this the one thing worth knowing about an abort is lost; <c>.ci/run</c> prints what
/// it finds. (The runtime's crash dumps are no help there: after a heap corruption the dump's fork deadlocks on the
/// C library's heap lock, and the process hangs instead of ending.)
/// </summary>
internal static class CrashLog
{
    private const int OWronly = 0x1;
    private const int OCreat = 0x40;
    private const int OAppend = 0x400;
    private const int OCloexec = 0x80000;
    private const int StandardError = 2;

    [ModuleInitializer]
    internal static void Install()
    {
        string? directory = Environment.GetEnvironmentVariable("URING_CRASH_LOG_DIR");
        if (string.IsNullOrEmpty(directory))
        {
            return;
        }

        RedirectStandardError(Path.Combine(directory, $"stderr-{Environment.ProcessId}.txt"));
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            try
            {
                Thread thread = Thread.CurrentThread;
                string path = Path.Combine(directory, $"unhandled-{Environment.ProcessId}.txt");
                File.AppendAllText(path,
                    $"{DateTime.UtcNow:O} {Process.GetCurrentProcess().ProcessName} (pid {Environment.ProcessId}): unhandled exception "
                    + $"on thread {thread.ManagedThreadId} '{thread.Name}', terminating: {e.IsTerminating}{Environment.NewLine}"
                    + $"{e.ExceptionObject}{Environment.NewLine}{Environment.NewLine}");
            }
            catch (Exception)
            {
                // The process is going down either way; a log that cannot be written must not change how.
            }
        };
    }

    /// <summary>Points descriptor 2 at <paramref name="path"/> (appending); leaves it as it was if the file cannot be opened.</summary>
    private static void RedirectStandardError(string path)
    {
        int fd = open(path, OWronly | OCreat | OAppend | OCloexec, 0x1A4);
        if (fd < 0)
        {
            return;
        }

        dup2(fd, StandardError);
        close(fd);
    }

    // DllImport rather than LibraryImport: this file is linked into test projects that do not allow unsafe code.
    [DllImport("libc", CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern int open(string path, int flags, int mode);

    [DllImport("libc")]
    private static extern int dup2(int oldFd, int newFd);

    [DllImport("libc")]
    private static extern int close(int fd);
}
