using System;

namespace Uring.Tests.Support;

/// <summary>Steady-state allocation measurements on the calling thread.</summary>
internal static class Allocations
{
    /// <summary>
    /// The bytes this thread allocated running <paramref name="window"/>, in the quietest of up to
    /// <paramref name="windows"/> runs after one warm-up run. A cost per call shows in every window. The runtime's own
    /// one-time work on this thread (a method's tier-up or on-stack replacement, compiled when a loop gets hot) lands in
    /// one window only, and on a busy machine it can come after any fixed warm-up, so a single window would fail now and
    /// then on code that allocates nothing.
    /// </summary>
    public static long LeastPerWindow(Action window, int windows = 3)
    {
        window();
        long least = long.MaxValue;
        for (int i = 0; i < windows && least != 0; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            window();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }
}
