using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace Uring.Tests.Hardening.Harness;

/// <summary>The libc calls the hardening cases need to build their fixtures: descriptors of every kind.</summary>
internal static unsafe partial class CaseFds
{
    public const int ORdonly = 0;
    public const int OWronly = 1;
    public const int ORdwr = 2;
    public const int OCreat = 0x40;
    public const int ODirectory = 0x10000;
    public const int OCloexec = 0x80000;

    private const int AfUnix = 1;
    private const int SockStream = 1;
    private const int SockCloexec = 0x80000;

    // Numbers far above what the parallel tests open (the kernel hands out the lowest free number), so a
    // "just closed" descriptor cannot be reused by another test before the case's request reaches the kernel.
    private const int ClosedBase = 15_000;
    private const int ClosedRange = 4_000;
    private static int s_closedCounter;

    public static (int A, int B) SocketPair()
    {
        int* fds = stackalloc int[2];
        if (socketpair(AfUnix, SockStream | SockCloexec, 0, fds) != 0)
        {
            throw new InvalidOperationException($"socketpair failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return (fds[0], fds[1]);
    }

    public static int Open(string path, int flags, int mode = 0x1B6)
    {
        int fd = open(path, flags | OCloexec, mode);
        if (fd < 0)
        {
            throw new InvalidOperationException($"open({path}) failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return fd;
    }

    public static int EventFd()
    {
        int fd = eventfd(0, OCloexec);
        if (fd < 0)
        {
            throw new InvalidOperationException($"eventfd failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return fd;
    }

    public static int EpollCreate()
    {
        int fd = epoll_create1(OCloexec);
        if (fd < 0)
        {
            throw new InvalidOperationException($"epoll_create1 failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return fd;
    }

    /// <summary>A descriptor number that was open a moment ago and is closed now (EBADF for the kernel).</summary>
    public static int JustClosed()
    {
        int source = eventfd(0, OCloexec);
        if (source < 0)
        {
            throw new InvalidOperationException($"eventfd failed: errno {Marshal.GetLastPInvokeError()}");
        }

        int number = ClosedBase + (int)((uint)Interlocked.Increment(ref s_closedCounter) % ClosedRange);
        int fd = dup3(source, number, OCloexec);
        close(source);
        if (fd != number)
        {
            throw new InvalidOperationException($"dup3 to {number} failed: errno {Marshal.GetLastPInvokeError()}");
        }

        close(fd);
        return fd;
    }

    public static void Close(int fd)
    {
        if (fd >= 0)
        {
            close(fd);
        }
    }

    public static int Write(int fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            return (int)write(fd, p, (nuint)data.Length);
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int socketpair(int domain, int type, int protocol, int* fds);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags, int mode);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int eventfd(uint initial, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_create1(int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int dup3(int oldFd, int newFd, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint write(int fd, byte* buffer, nuint count);
}
