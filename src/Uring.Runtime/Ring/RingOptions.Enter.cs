namespace Uring;

public sealed partial record RingOptions
{
    /// <summary>
    /// True (the default): <see cref="Ring.Start"/> registers the ring fd in the owner thread's registered-ring table
    /// (<c>IORING_REGISTER_RING_FDS</c>) and every <c>io_uring_enter</c> names the ring by that index
    /// (<c>IORING_ENTER_REGISTERED_RING</c>), which skips the kernel's fd lookup on each call. Single-issuer rings only:
    /// the index belongs to the thread that registered it, so a <see cref="MultiIssuers"/> ring always enters by fd.
    /// When the thread's table is full (16 rings), the ring enters by fd too; <see cref="Ring.IsRingFdRegistered"/> says
    /// which. <see cref="Ring.Stop"/> unregisters it.
    /// </summary>
    public bool RegisteredRingFd { get; init; } = true;
}
