using System;
using Uring;

namespace Uring.PackageSmoke.Misuse;

public static class StackBuffer
{
    /// <summary>The kernel writes the buffer after this method returns: stack memory is gone by then.</summary>
    public static bool ReadIntoTheStack(Ring ring, int fd)
    {
        Span<byte> buffer = stackalloc byte[4096];
        return ring.TryPrepareRead(SqeContext.FromValue(1), fd, buffer);   // URING0001
    }
}
