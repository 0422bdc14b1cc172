using System;

namespace Uring.PackageSmoke.Editor;

// The right way to write each case of Misuse.cs: the editor must show no URING diagnostic here, and no error (the
// op's body comes from the generator in the package).

/// <summary>An op declared as the generator expects.</summary>
public static partial class DeclaredOps
{
    /// <summary>IORING_OP_NOP; the generator writes the body.</summary>
    [UringOp(IoUringOp.Nop)]
    public static partial bool TryPrepareNothing(this Ring ring, SqeContext context);
}

/// <summary>The same calls as Misuse, correct.</summary>
public static class Correct
{
    /// <summary>On the pinned object heap: never moves, lives as long as the field.</summary>
    private static readonly byte[] s_buffer = GC.AllocateArray<byte>(4096, pinned: true);

    /// <summary>Reads into memory that outlives the op.</summary>
    public static bool ReadIntoPinnedMemory(Ring ring, int fd)
        => ring.TryPrepareRead(SqeContext.FromValue(1), fd, s_buffer);

    /// <summary>The context goes back to the pool once on every path.</summary>
    public static void ReturnOnce(Ring ring, bool failed)
    {
        if (!ring.TryRentExtendedSqe(out ExtendedSqe ext))
        {
            return;
        }

        if (failed)
        {
            Console.WriteLine("failed");
        }

        ring.ReturnExtendedSqe(ext);
    }
}
