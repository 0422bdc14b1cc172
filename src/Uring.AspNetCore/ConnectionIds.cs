using System;
using System.Threading;

namespace Uring.AspNetCore;

/// <summary>
/// Connection ids in Kestrel's shape: 13 characters of base-32 (0-9, A-V) from a counter that starts at the process's start
/// time, so ids are unique within the process and unlikely to repeat across restarts.
/// </summary>
internal static class ConnectionIds
{
    private const string Digits = "0123456789ABCDEFGHIJKLMNOPQRSTUV";

    private static long s_last = DateTime.UtcNow.Ticks;

    /// <summary>The next id (any thread).</summary>
    public static string Next() => Format(Interlocked.Increment(ref s_last));

    /// <summary>The 13-character form of <paramref name="value"/> (5 bits per character, most significant first).</summary>
    internal static string Format(long value) => string.Create(13, value, static (span, id) =>
    {
        ulong bits = (ulong)id;
        for (int i = span.Length - 1; i >= 0; i--)
        {
            span[i] = Digits[(int)(bits & 31)];
            bits >>= 5;
        }
    });
}
