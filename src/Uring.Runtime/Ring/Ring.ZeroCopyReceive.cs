using Uring.Interop;

namespace Uring;

// The one registration a zero-copy receiver needs from the ring (ZeroCopyReceiver does the rest).
public sealed unsafe partial class Ring
{
    /// <summary>
    /// <c>IORING_REGISTER_ZCRX_IFQ</c> with <paramref name="registration"/> (nr_args 1), on the issuer thread and under
    /// the ring's lock: the kernel's result, or <c>-errno</c>.
    /// </summary>
    internal int RegisterZeroCopyReceiveQueue(ZcrxIfqRegister* registration)
    {
        ThrowIfStopped();
        EnsureIssuer();
        using LockScope held = HoldLock();
        return Syscalls.IoUringRegister(_fd, RegisterOp.RegisterZcrxIfq, registration, 1);
    }
}
