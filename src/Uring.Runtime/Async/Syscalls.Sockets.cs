using System.Runtime.InteropServices;

namespace Uring.Interop;

// What a connection asks of its socket outside the ring: creating one, its addresses, TCP_NODELAY, and the shutdown
// that stands in for a cancel when the SQ has no room.
internal static unsafe partial class Syscalls
{
    /// <summary><c>SOCK_STREAM</c>.</summary>
    public const int SocketStream = 1;

    /// <summary><c>SOCK_NONBLOCK | SOCK_CLOEXEC</c>.</summary>
    public const int SocketNonBlockCloseOnExec = 0x800 | 0x80000;

    /// <summary><c>IPPROTO_TCP</c>.</summary>
    public const int IpProtoTcp = 6;

    /// <summary><c>TCP_NODELAY</c>.</summary>
    public const int TcpNoDelay = 1;

    /// <summary><c>SHUT_RDWR</c>.</summary>
    public const int ShutReadWrite = 2;

    /// <summary><c>socket(2)</c>: the new fd or <c>-errno</c>.</summary>
    public static int Socket(int domain, int type, int protocol)
    {
        int fd = socket(domain, type, protocol);
        return fd >= 0 ? fd : -Marshal.GetLastPInvokeError();
    }

    /// <summary><c>getsockname(2)</c> into <paramref name="address"/>: 0 or <c>-errno</c>.</summary>
    public static int GetSockName(int fd, SockAddr* address)
    {
        address->Length = SockAddr.Capacity;
        return getsockname(fd, address, &address->Length) == 0 ? 0 : -Marshal.GetLastPInvokeError();
    }

    /// <summary><c>getpeername(2)</c> into <paramref name="address"/>: 0 or <c>-errno</c>.</summary>
    public static int GetPeerName(int fd, SockAddr* address)
    {
        address->Length = SockAddr.Capacity;
        return getpeername(fd, address, &address->Length) == 0 ? 0 : -Marshal.GetLastPInvokeError();
    }

    /// <summary><c>setsockopt(2)</c> of an int option: 0 or <c>-errno</c>.</summary>
    public static int SetSockOptInt(int fd, int level, int name, int value)
        => setsockopt(fd, level, name, &value, sizeof(int)) == 0 ? 0 : -Marshal.GetLastPInvokeError();

    /// <summary><c>getsockopt(2)</c> of an int option: the value, or <c>-errno</c>.</summary>
    public static int GetSockOptInt(int fd, int level, int name)
    {
        int value = 0;
        uint length = sizeof(int);
        return getsockopt(fd, level, name, &value, &length) == 0 ? value : -Marshal.GetLastPInvokeError();
    }

    /// <summary><c>fcntl(fd, F_DUPFD_CLOEXEC, 0)</c>: a duplicate (close-on-exec) or <c>-errno</c>.</summary>
    public static int DuplicateCloseOnExec(int fd)
    {
        const int FDupFdCloseOnExec = 1030;
        int duplicate = fcntl(fd, FDupFdCloseOnExec, 0);
        return duplicate >= 0 ? duplicate : -Marshal.GetLastPInvokeError();
    }

    /// <summary><c>shutdown(2)</c>: 0 or <c>-errno</c>.</summary>
    public static int Shutdown(int fd, int how) => shutdown(fd, how) == 0 ? 0 : -Marshal.GetLastPInvokeError();

    [LibraryImport(LibC, SetLastError = true)]
    private static partial int socket(int domain, int type, int protocol);

    [LibraryImport(LibC, SetLastError = true)]
    private static partial int getsockname(int fd, SockAddr* address, uint* length);

    [LibraryImport(LibC, SetLastError = true)]
    private static partial int getpeername(int fd, SockAddr* address, uint* length);

    [LibraryImport(LibC, SetLastError = true)]
    private static partial int setsockopt(int fd, int level, int name, void* value, uint length);

    [LibraryImport(LibC, SetLastError = true)]
    private static partial int getsockopt(int fd, int level, int name, void* value, uint* length);

    [LibraryImport(LibC, SetLastError = true)]
    private static partial int shutdown(int fd, int how);

    [LibraryImport(LibC, SetLastError = true)]
    private static partial int fcntl(int fd, int command, int argument);
}
