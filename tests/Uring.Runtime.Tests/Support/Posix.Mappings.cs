using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;

namespace Uring.Tests.Support;

internal static unsafe partial class Posix
{
    private const int MapFixedNoReplace = 0x100000;

    /// <summary>
    /// Maps a private page at <paramref name="address"/> unless something is mapped there already (another thread of
    /// this process took the freed range first). True when this call mapped it (unmap it afterwards).
    /// </summary>
    public static bool TryMapAnonymousAt(nint address, nuint length)
    {
        void* p = mmap((void*)address, length, ProtRead | ProtWrite, MapPrivate | MapAnonymous | MapFixedNoReplace, -1, 0);
        if (p == (void*)address)
        {
            return true;
        }

        if (MappingAt(address) is null)
        {
            throw new InvalidOperationException($"mmap at 0x{address:x} failed and nothing is mapped there: errno {Marshal.GetLastPInvokeError()}");
        }

        return false;
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
