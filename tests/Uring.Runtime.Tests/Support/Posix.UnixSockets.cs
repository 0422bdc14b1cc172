using System;
using System.Runtime.InteropServices;

namespace Uring.Tests.Support;

/// <summary>Unix socket pairs and descriptor checks for the buffer and cross-ring tests.</summary>
internal static unsafe partial class Posix
{
    private const int BufferTestsAfUnix = 1;
    private const int BufferTestsSockStream = 1;
    private const int BufferTestsSockCloexec = 0x80000;

    /// <summary>A connected <c>AF_UNIX</c>/<c>SOCK_STREAM</c> pair (close-on-exec).</summary>
    public static (int A, int B) UnixStreamPair()
    {
        int* fds = stackalloc int[2];
        if (UnixSocketPairRaw(BufferTestsAfUnix, BufferTestsSockStream | BufferTestsSockCloexec, 0, fds) != 0)
        {
            throw new InvalidOperationException($"socketpair failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return (fds[0], fds[1]);
    }

    /// <summary><c>shutdown(fd, SHUT_WR)</c>: the peer reads end of stream.</summary>
    public static void ShutdownWrite(int fd)
    {
        if (ShutdownRaw(fd, 1) != 0)
        {
            throw new InvalidOperationException($"shutdown failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>The descriptor flags (<c>F_GETFD</c>), -1 if <paramref name="fd"/> is not open.</summary>
    public static int DescriptorFlags(int fd) => fcntl(fd, FGetFd, 0);

    /// <summary>Writes all of <paramref name="data"/> or throws.</summary>
    public static void WriteAll(int fd, ReadOnlySpan<byte> data)
    {
        int written = Write(fd, data);
        if (written != data.Length)
        {
            throw new InvalidOperationException($"write wrote {written} of {data.Length} bytes: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>
    /// A UDP socket on 127.0.0.1 connected to itself: every <see cref="Write"/> queues a datagram on it.
    /// (AF_UNIX sockets have no SIOCINQ through io_uring's socket commands; UDP does.)
    /// </summary>
    public static int UdpLoopbackToSelf()
    {
        int fd = SocketRaw(2, 2 | BufferTestsSockCloexec, 0);
        if (fd < 0)
        {
            throw new InvalidOperationException($"socket failed: errno {Marshal.GetLastPInvokeError()}");
        }

        byte* address = stackalloc byte[16];
        new Span<byte>(address, 16).Clear();
        address[0] = 2; // AF_INET, little-endian u16
        address[4] = 127;
        address[7] = 1; // 127.0.0.1, port 0
        int length = 16;
        if (BindRaw(fd, address, 16) != 0 || GetSockNameRaw(fd, address, &length) != 0 || ConnectRaw(fd, address, 16) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            close(fd);
            throw new InvalidOperationException($"UDP loopback setup failed: errno {errno}");
        }

        return fd;
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int SocketRaw(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    private static partial int BindRaw(int fd, byte* address, int length);

    [LibraryImport("libc", EntryPoint = "getsockname", SetLastError = true)]
    private static partial int GetSockNameRaw(int fd, byte* address, int* length);

    [LibraryImport("libc", EntryPoint = "connect", SetLastError = true)]
    private static partial int ConnectRaw(int fd, byte* address, int length);

    [LibraryImport("libc", EntryPoint = "socketpair", SetLastError = true)]
    private static partial int UnixSocketPairRaw(int domain, int type, int protocol, int* fds);

    [LibraryImport("libc", EntryPoint = "shutdown", SetLastError = true)]
    private static partial int ShutdownRaw(int fd, int how);
}
