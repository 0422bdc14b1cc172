using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;

namespace Uring.Samples.Shared;

/// <summary>
/// CPU time a process used so far, user plus system, all threads: <c>utime + stime</c> from <c>/proc/PID/stat</c>
/// (in clock ticks, <c>sysconf(_SC_CLK_TCK)</c>, usually 10 ms). Read before and after a measured window, the
/// difference is the CPU the process spent on it, whichever threads did the work.
/// </summary>
public static partial class ProcessCpu
{
    /// <summary><c>_SC_CLK_TCK</c> for glibc's <c>sysconf</c>.</summary>
    private const int ClockTicksName = 2;

    private static readonly double s_secondsPerTick = 1.0 / sysconf(ClockTicksName);

    /// <summary>The CPU time process <paramref name="pid"/> has used (<see cref="Environment.ProcessId"/> for this one).</summary>
    public static TimeSpan Read(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");

        // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

        // Fields 14 and 15 of the whole line (utime, stime) are 12 and 13 after the name (field 3 is index 0).
        long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks * s_secondsPerTick);
    }

    [LibraryImport("libc")]
    private static partial long sysconf(int name);
}
