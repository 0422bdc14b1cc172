using System.Runtime.InteropServices;

namespace Uring;

public sealed partial class Ring
{
    /// <summary>
    /// The handle that owns the ring's descriptor (null for a ring that never got one). Another ring that names this
    /// one in an <c>IORING_OP_MSG_RING</c> holds a reference on it (<see cref="SafeHandle.DangerousAddRef"/>) until
    /// the kernel has taken its own, so the number in the SQE cannot be closed and reused meanwhile: a
    /// <see cref="Stop"/> then closes the descriptor at the last release.
    /// </summary>
    internal SafeHandle? FileHandle => _handle;
}
