using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;

namespace Uring.Tests.Support;

internal static unsafe partial class Posix
{
    private const int MapFixedNoReplace = 0x100000;

    /// <summary>
    /// A private anonymous mapping of <paramref name="length"/> bytes at exactly <paramref name="address"/>
    /// (<c>MAP_FIXED_NOREPLACE</c>: fails rather than replace anything mapped there).
    /// </summary>
    public static void MapAnonymousAt(nint address, nuint length)
    {
        void* p = mmap((void*)address, length, ProtRead | ProtWrite, MapPrivate | MapAnonymous | MapFixedNoReplace, -1, 0);
        if (p != (void*)address)
        {
            throw new InvalidOperationException($"mmap at 0x{address:x} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>The line of /proc/self/maps whose range holds <paramref name="address"/>, or null when nothing is mapped there.</summary>
    public static string? MappingAt(nint address)
    {
        foreach (string line in File.ReadLines("/proc/self/maps"))
        {
            string range = line[..line.IndexOf(' ')];
            int dash = range.IndexOf('-');
            ulong start = ulong.Parse(range[..dash], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            ulong end = ulong.Parse(range[(dash + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if ((ulong)address >= start && (ulong)address < end)
            {
                return line;
            }
        }

        return null;
    }

    /// <summary>Makes <paramref name="target"/> a copy of <paramref name="fd"/> (<c>dup2</c>), closing what was there.</summary>
    public static void Dup2(int fd, int target)
    {
        if (dup2(fd, target) != target)
        {
            throw new InvalidOperationException($"dup2({fd}, {target}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int dup2(int fd, int target);
}
