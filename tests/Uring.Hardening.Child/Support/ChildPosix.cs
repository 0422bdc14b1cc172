using System;
using System.Runtime.InteropServices;

namespace Uring.Hardening.Child.Support;

/// <summary>The libc calls the child's cases need.</summary>
internal static unsafe partial class ChildPosix
{
    private const int OCloexec = 0x80000;
    private const int ONonblock = 0x800;

    public static (int Read, int Write) Pipe(bool nonBlocking = false)
    {
        int* fds = stackalloc int[2];
        if (pipe2(fds, OCloexec | (nonBlocking ? ONonblock : 0)) != 0)
        {
            throw new InvalidOperationException($"pipe2 failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return (fds[0], fds[1]);
    }

    public static int Write(int fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            return (int)write(fd, p, (nuint)data.Length);
        }
    }

    public static int Read(int fd, Span<byte> data)
    {
        fixed (byte* p = data)
        {
            return (int)read(fd, p, (nuint)data.Length);
        }
    }

    public static void Close(int fd)
    {
        if (fd >= 0)
        {
            close(fd);
        }
    }

    /// <summary>Open descriptors of this process (entries of <c>/proc/self/fd</c>).</summary>
    public static int OpenFdCount() => System.IO.Directory.GetFiles("/proc/self/fd").Length;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int pipe2(int* fds, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint write(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint read(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}
