using System;
using System.Runtime.InteropServices;
using System.Text;

namespace Uring.Tests.Support;

/// <summary>
/// libc helpers for the files/transfer/poll/epoll/futex/waitid kernel tests: child processes, epoll
/// instances, anonymous mappings, extended attributes and fd flags.
/// </summary>
internal static unsafe partial class Posix
{
    public const int SigKill = 9;
    public const int FGetFl = 3;
    public const int FdCloexec = 1;
    public const int ONonBlock = 0x800;

    private const long SysPidfdOpen = 434;
    private const int ProtRead = 0x1;
    private const int ProtWrite = 0x2;
    private const int MapPrivate = 0x02;
    private const int MapAnonymous = 0x20;
    private const int MapNoReserve = 0x4000;

    /// <summary>An epoll instance (<c>epoll_create1(EPOLL_CLOEXEC)</c>).</summary>
    public static int EpollCreate()
    {
        int fd = epoll_create1(OCloexec);
        if (fd < 0)
        {
            throw new InvalidOperationException($"epoll_create1 failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return fd;
    }

    /// <summary>
    /// Starts <paramref name="path"/> with <c>posix_spawn</c> (glibc uses <c>clone(CLONE_VM|CLONE_VFORK)</c>
    /// and <c>exec</c>: no managed code runs in the child). The runtime does not know this child, so its
    /// SIGCHLD handling leaves it alone and the test can wait for it.
    /// </summary>
    public static int Spawn(string path, params string[] arguments)
    {
        byte*[] native = new byte*[arguments.Length + 2];
        try
        {
            native[0] = Utf8(path);
            for (int i = 0; i < arguments.Length; i++)
            {
                native[i + 1] = Utf8(arguments[i]);
            }

            byte* environment = null;
            int pid;
            fixed (byte** argv = native)
            {
                int rc = posix_spawn(&pid, native[0], null, null, argv, &environment);
                if (rc != 0)
                {
                    throw new InvalidOperationException($"posix_spawn {path} failed: errno {rc}");
                }
            }

            return pid;
        }
        finally
        {
            foreach (byte* p in native)
            {
                NativeMemory.Free(p);
            }
        }
    }

    /// <summary>A pidfd for <paramref name="pid"/> (<c>pidfd_open(2)</c>), or -errno.</summary>
    public static int PidfdOpen(int pid)
    {
        long fd = syscall(SysPidfdOpen, pid, 0);
        return fd < 0 ? -Marshal.GetLastPInvokeError() : (int)fd;
    }

    public static int Kill(int pid, int signal) => kill(pid, signal) == 0 ? 0 : -Marshal.GetLastPInvokeError();

    /// <summary>Reaps <paramref name="pid"/> if it is still a child (cleanup after a failed test); returns its pid or -errno.</summary>
    public static int ReapQuietly(int pid)
    {
        int status;
        int rc = waitpid(pid, &status, 0);
        return rc < 0 ? -Marshal.GetLastPInvokeError() : rc;
    }

    /// <summary>A private anonymous mapping (reserved lazily: only touched pages use memory).</summary>
    public static byte* MapAnonymousMemory(nuint length)
    {
        void* p = mmap(null, length, ProtRead | ProtWrite, MapPrivate | MapAnonymous | MapNoReserve, -1, 0);
        if (p == (void*)-1)
        {
            throw new InvalidOperationException($"mmap failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return (byte*)p;
    }

    public static void Unmap(byte* address, nuint length) => munmap(address, length);

    /// <summary>The value of extended attribute <paramref name="name"/> of <paramref name="path"/>, read with libc.</summary>
    public static byte[] GetXattr(string path, string name)
    {
        byte* p = Utf8(path);
        byte* n = Utf8(name);
        try
        {
            byte* buffer = stackalloc byte[256];
            nint length = getxattr(p, n, buffer, 256);
            if (length < 0)
            {
                throw new InvalidOperationException($"getxattr failed: errno {Marshal.GetLastPInvokeError()}");
            }

            return new ReadOnlySpan<byte>(buffer, (int)length).ToArray();
        }
        finally
        {
            NativeMemory.Free(p);
            NativeMemory.Free(n);
        }
    }

    /// <summary><c>fcntl(F_GETFD)</c>: the fd flags (<see cref="FdCloexec"/>).</summary>
    public static int GetFdFlags(int fd) => fcntl(fd, FGetFd, 0);

    /// <summary><c>fcntl(F_GETFL)</c>: the file status flags (<see cref="ONonBlock"/>).</summary>
    public static int GetStatusFlags(int fd) => fcntl(fd, FGetFl, 0);

    /// <summary>The errno of the last libc call made through this class.</summary>
    public static int LastErrno => Marshal.GetLastPInvokeError();

    private static byte* Utf8(string value)
    {
        int bytes = Encoding.UTF8.GetByteCount(value);
        byte* p = (byte*)NativeMemory.Alloc((nuint)bytes + 1);
        Encoding.UTF8.GetBytes(value, new Span<byte>(p, bytes));
        p[bytes] = 0;
        return p;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_create1(int flags);

    [LibraryImport("libc")]
    private static partial int posix_spawn(int* pid, byte* path, void* fileActions, void* attributes, byte** argv, byte** envp);

    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number, long a1, long a2);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int waitpid(int pid, int* status, int options);

    [LibraryImport("libc", SetLastError = true)]
    private static partial void* mmap(void* address, nuint length, int protection, int flags, int fd, long offset);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int munmap(void* address, nuint length);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint getxattr(byte* path, byte* name, byte* value, nuint size);
}
