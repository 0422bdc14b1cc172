using System.Runtime.InteropServices;

namespace Uring.Interop;

// The calls a zero-copy receiver's setup makes besides io_uring_register.
internal static unsafe partial class Syscalls
{
    private const int MapPrivate = 0x02;
    private const int MapAnonymousFlag = 0x20;

    /// <summary>
    /// <c>mmap(2)</c> of private, anonymous, read-write, populated memory: page aligned and never moved, which the
    /// kernel pins when it is registered. Null with <paramref name="errno"/> set when it fails.
    /// </summary>
    public static void* MapAnonymous(nuint length, out int errno)
    {
        void* address = mmap(null, length, ProtRead | ProtWrite, MapPrivate | MapAnonymousFlag | MapPopulate, -1, 0);
        errno = address == (void*)-1 ? Marshal.GetLastPInvokeError() : 0;
        return address == (void*)-1 ? null : address;
    }

    /// <summary><c>if_nametoindex(3)</c>: the interface's index, or 0 when there is no such interface.</summary>
    public static uint InterfaceIndex(string name) => if_nametoindex(name);

    [LibraryImport(LibC, StringMarshalling = StringMarshalling.Utf8)]
    private static partial uint if_nametoindex(string name);
}
