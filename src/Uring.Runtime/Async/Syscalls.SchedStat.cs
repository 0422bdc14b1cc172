using System;
using System.Runtime.InteropServices;

namespace Uring.Interop;

// How long the calling thread waited for a core: the event loop spins only while it does not have to share one.
internal static unsafe partial class Syscalls
{
    /// <summary>
    /// The calling thread's time spent runnable but waiting for a core, in nanoseconds (the second field of
    /// <c>/proc/thread-self/schedstat</c>), or -1 when the kernel does not say.
    /// </summary>
    public static long ThreadRunQueueWaitNanoseconds()
    {
        const int ReadOnlyCloseOnExec = 0x80000;
        int fd;
        fixed (byte* path = "/proc/thread-self/schedstat\0"u8)
        {
            fd = open(path, ReadOnlyCloseOnExec);
        }

        if (fd < 0)
        {
            return -1;
        }

        byte* text = stackalloc byte[96];
        nint length = pread(fd, text, 96, 0);
        _ = close(fd);
        return length > 0 ? SecondField(new ReadOnlySpan<byte>(text, (int)length)) : -1;
    }

    /// <summary>The second space-separated decimal number of <paramref name="text"/> ("run_ns wait_ns slices"), or -1.</summary>
    internal static long SecondField(ReadOnlySpan<byte> text)
    {
        int space = text.IndexOf((byte)' ');
        if (space < 0)
        {
            return -1;
        }

        long value = 0;
        int digits = 0;
        for (int i = space + 1; i < text.Length && text[i] is >= (byte)'0' and <= (byte)'9'; i++, digits++)
        {
            value = (value * 10) + (text[i] - '0');
        }

        return digits > 0 ? value : -1;
    }

    [LibraryImport(LibC, SetLastError = true)]
    private static partial int open(byte* path, int flags);

    [LibraryImport(LibC, SetLastError = true)]
    private static partial nint pread(int fd, void* buffer, nuint count, long offset);
}
