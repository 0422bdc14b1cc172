using System;
using System.Runtime.InteropServices;

namespace Uring.Tests.Support;

/// <summary>A few libc calls the tests need to set up fixtures (pipes, raw fd checks).</summary>
internal static unsafe partial class Posix
{
    public const int OCloexec = 0x80000;
    public const int FGetFd = 1;

    public static (int Read, int Write) Pipe()
    {
        int* fds = stackalloc int[2];
        if (pipe2(fds, OCloexec) != 0)
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

    /// <summary>
    /// What <paramref name="fd"/> refers to (the <c>/proc/self/fd</c> link, e.g. <c>socket:[1234]</c>), or null
    /// when it is closed. Tests run in parallel and the kernel reuses the lowest free number at once, so
    /// "closed" is best checked as "no longer the same object" rather than with <see cref="IsOpen"/>.
    /// </summary>
    public static string? FdTarget(int fd)
    {
        try
        {
            return new System.IO.FileInfo($"/proc/self/fd/{fd}").LinkTarget;
        }
        catch (System.IO.IOException)
        {
            return null;
        }
    }

    /// <summary>True if <paramref name="fd"/> is an open descriptor of this process.</summary>
    public static bool IsOpen(int fd) => fcntl(fd, FGetFd, 0) >= 0;

    /// <summary>
    /// Closes <paramref name="fd"/> if it is open here (not negative) and sets it to -1, so a second close of the same
    /// variable (a test that closes early and again in <c>finally</c>) does nothing. A second <c>close</c> of the number
    /// itself would close whatever the kernel handed that number to meanwhile, on another thread: a parallel test's
    /// descriptor, or the runtime's own (its thread-start pipes, its epoll), which aborts the process.
    /// </summary>
    public static void CloseQuietly(ref int fd)
    {
        if (fd >= 0)
        {
            close(fd);
            fd = -1;
        }
    }

    /// <summary>
    /// Closes <paramref name="fd"/> if it is not negative, for an owner that closes it exactly once (a fixture's
    /// <c>Dispose</c>, a loop over descriptors it opened). A local that may be closed early should use
    /// <see cref="CloseQuietly(ref int)"/>.
    /// </summary>
    public static void CloseQuietly(int fd)
    {
        if (fd >= 0)
        {
            close(fd);
        }
    }

    /// <summary>The local address of a socket, through libc <c>getsockname</c> (6.18 has no io_uring GETSOCKNAME).</summary>
    public static SockAddr GetSockName(int fd)
    {
        SockAddr address = default;
        uint length = SockAddr.Capacity;
        if (getsockname(fd, &address, &length) != 0)
        {
            throw new InvalidOperationException($"getsockname({fd}) failed: errno {Marshal.GetLastPInvokeError()}");
        }

        address.Length = length;
        return address;
    }

    /// <summary>An int socket option through libc <c>getsockopt</c> (any level, unlike io_uring's on 6.18).</summary>
    public static int GetSockOptInt(int fd, int level, int name)
    {
        int value = 0;
        uint length = sizeof(int);
        if (getsockopt(fd, level, name, &value, &length) != 0)
        {
            throw new InvalidOperationException($"getsockopt({fd}, {level}, {name}) failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return value;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getsockname(int fd, SockAddr* address, uint* length);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getsockopt(int fd, int level, int name, void* value, uint* length);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int pipe2(int* fds, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint write(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint read(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fcntl(int fd, int command, int argument);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}
