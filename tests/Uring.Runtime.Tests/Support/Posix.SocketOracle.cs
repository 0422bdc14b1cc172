using System.IO;
using System.IO.Compression;
using System.Runtime.InteropServices;

namespace Uring.Tests.Support;

internal static unsafe partial class Posix
{
    /// <summary>
    /// What libc <c>socket(2)</c> answers for these arguments: 0 when it creates a socket (closed again at
    /// once), else the errno. The oracle the ring's SOCKET op must agree with on this kernel.
    /// </summary>
    public static int SocketErrno(int domain, int type, int protocol)
    {
        int fd = SocketRaw(domain, type | OCloexec, protocol);
        if (fd < 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        close(fd);
        return 0;
    }

    /// <summary>
    /// The value of <paramref name="option"/> (for example <c>CONFIG_IP_SCTP</c>) in the running kernel's
    /// /proc/config.gz: "y", "m", "n" for "is not set", or null when the file or the line is missing.
    /// </summary>
    public static string? KernelConfig(string option)
    {
        if (!File.Exists("/proc/config.gz"))
        {
            return null;
        }

        using FileStream file = File.OpenRead("/proc/config.gz");
        using GZipStream gzip = new(file, CompressionMode.Decompress);
        using StreamReader reader = new(gzip);
        while (reader.ReadLine() is { } line)
        {
            if (line == $"# {option} is not set")
            {
                return "n";
            }

            if (line.StartsWith(option + "=", System.StringComparison.Ordinal))
            {
                return line[(option.Length + 1)..];
            }
        }

        return null;
    }
}
