using System.Runtime.InteropServices;

namespace Uring.Interop;

internal static unsafe partial class Syscalls
{
    /// <summary>Room for glibc's <c>pthread_attr_t</c> (56 bytes on x86-64 and arm64), with margin.</summary>
    private const int PthreadAttrBytes = 128;

    /// <summary>
    /// The calling thread's stack, <c>[low, low + size)</c>, from <c>pthread_getattr_np</c> and
    /// <c>pthread_attr_getstack</c>; false when the C library cannot tell.
    /// </summary>
    public static bool TryGetCurrentThreadStack(out nuint low, out nuint size)
    {
        low = 0;
        size = 0;
        byte* attr = stackalloc byte[PthreadAttrBytes];
        if (pthread_getattr_np(pthread_self(), attr) != 0)
        {
            return false;
        }

        void* address;
        nuint bytes;
        bool ok = pthread_attr_getstack(attr, &address, &bytes) == 0;
        _ = pthread_attr_destroy(attr);
        if (!ok || address == null || bytes == 0)
        {
            return false;
        }

        low = (nuint)address;
        size = bytes;
        return true;
    }

    [LibraryImport(LibC)]
    private static partial nuint pthread_self();

    [LibraryImport(LibC)]
    private static partial int pthread_getattr_np(nuint thread, void* attr);

    [LibraryImport(LibC)]
    private static partial int pthread_attr_getstack(void* attr, void** address, nuint* size);

    [LibraryImport(LibC)]
    private static partial int pthread_attr_destroy(void* attr);
}
