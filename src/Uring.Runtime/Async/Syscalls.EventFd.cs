using System.Runtime.InteropServices;

namespace Uring.Interop;

// The event loop's wake-up: an eventfd whose read the loop keeps in flight on its own ring, written by posters.
internal static unsafe partial class Syscalls
{
    /// <summary><c>EFD_CLOEXEC</c>.</summary>
    public const int EventFdCloseOnExec = 0x80000;

    /// <summary><c>eventfd(2)</c>: a new eventfd or <c>-errno</c>.</summary>
    public static int EventFd(uint initialValue, int flags)
    {
        int fd = eventfd(initialValue, flags);
        return fd >= 0 ? fd : -Marshal.GetLastPInvokeError();
    }

    /// <summary>Adds <paramref name="value"/> to an eventfd's counter (<c>write(2)</c> of 8 bytes): 0 or <c>-errno</c>.</summary>
    public static int EventFdWrite(int fd, ulong value)
    {
        while (true)
        {
            nint written = write(fd, &value, sizeof(ulong));
            if (written == sizeof(ulong))
            {
                return 0;
            }

            int errno = Marshal.GetLastPInvokeError();
            if (errno != (int)Errno.EINTR)
            {
                return -errno;
            }
        }
    }

    [LibraryImport(LibC, SetLastError = true)]
    private static partial int eventfd(uint initialValue, int flags);

    [LibraryImport(LibC, SetLastError = true)]
    private static partial nint write(int fd, void* buffer, nuint count);
}
