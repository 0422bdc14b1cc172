using System;
using System.Runtime.InteropServices;

namespace Uring.Tests.Support;

internal static unsafe partial class Posix
{
    public const int ClockRealtime = 0;
    public const int ClockMonotonic = 1;
    public const int ClockBoottime = 7;

    /// <summary>The current time of clock <paramref name="clockId"/> (<c>clock_gettime</c>), as a span since its epoch.</summary>
    public static TimeSpan ClockNow(int clockId)
    {
        long* timespec = stackalloc long[2];
        if (clock_gettime(clockId, timespec) != 0)
        {
            throw new InvalidOperationException($"clock_gettime({clockId}) failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return TimeSpan.FromSeconds(timespec[0]) + TimeSpan.FromTicks(timespec[1] / 100);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int clock_gettime(int clockId, long* timespec);
}
