using System;
using System.Runtime.InteropServices;
using Uring;

namespace Uring.Samples.EchoServer;

/// <summary>The port a socket bound to port 0 got: <c>getsockname(2)</c> (io_uring has no op for it before 6.19).</summary>
internal static unsafe partial class LocalAddress
{
    public static int PortOf(int fd)
    {
        SockAddr address = default;
        int length = SockAddr.Capacity;
        if (getsockname(fd, &address, &length) != 0)
        {
            throw new InvalidOperationException($"getsockname failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return address.Port;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getsockname(int fd, SockAddr* address, int* length);
}
