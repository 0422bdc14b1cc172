using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Uring.Tests.Support;

/// <summary>
/// When <c>URING_CRASH_LOG_DIR</c> is set (CI sets it), an exception that escapes a thread and is about to end the test
/// process is written there in full (type, message, stack, inner exceptions, the thread) before the runtime aborts.
/// <c>dotnet test</c> reports such a crash only as "Test process crashed with exit code 134", without the test host's
/// standard error, so without this the one thing worth knowing about an abort is lost; <c>.ci/run</c> prints what
/// it finds.
/// </summary>
internal static class CrashLog
{
    [ModuleInitializer]
    internal static void Install()
    {
        string? directory = Environment.GetEnvironmentVariable("URING_CRASH_LOG_DIR");
        if (string.IsNullOrEmpty(directory))
        {
            return;
        }

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
}
