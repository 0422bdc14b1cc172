using System;

namespace Uring.PackageSmoke.Editor;

// A rule id in a comment at the end of a line names a diagnostic the editor must show on that line
// (EditorDiagnosticsTests reads them). The package has code fixes for three of them (0100, 0101, 0001), none for 0007.

/// <summary>Ops declared wrong: the generator writes no body for either.</summary>
public static partial class MisdeclaredOps
{
    /// <summary>A body written by hand: the generator writes it.</summary>
    [UringOp(IoUringOp.Nop)]
    public static bool TryPrepareNothing(this Ring ring, SqeContext context) => true;   // URING0100

    /// <summary>Not bool: a prep method says "the SQ is full" with false.</summary>
    [UringOp(IoUringOp.Nop)]
    public static partial int TryPrepareCount(this Ring ring, SqeContext context);     // URING0101
}

/// <summary>Calls that corrupt memory or the pool at run time.</summary>
public static class Misuse
{
    /// <summary>The kernel writes the buffer after this method returns: stack memory is gone by then.</summary>
    public static bool ReadIntoTheStack(Ring ring, int fd)
    {
        Span<byte> buffer = stackalloc byte[4096];
        return ring.TryPrepareRead(SqeContext.FromValue(1), fd, buffer);              // URING0001
    }

    /// <summary>When <paramref name="failed"/> is true the context goes back to the pool twice.</summary>
    public static void ReturnTwice(Ring ring, bool failed)
    {
        if (!ring.TryRentExtendedSqe(out ExtendedSqe ext))
        {
            return;
        }

        if (failed)
        {
            ring.ReturnExtendedSqe(ext);
        }

        ring.ReturnExtendedSqe(ext);                                                    // URING0007
    }
}
