using Uring.Interop;

namespace Uring;

public sealed unsafe partial class Ring
{
    // What io_uring_enter is given: the ring fd, or the owner thread's registered-ring index with REGISTERED_RING.
    private int _enterFd = -1;
    private EnterFlags _enterFlags;
    private int _registeredRingIndex = -1;

    /// <summary>
    /// True when <c>io_uring_enter</c> names this ring by a registered index instead of its fd (<c>IORING_REGISTER_RING_FDS</c>,
    /// <c>IORING_ENTER_REGISTERED_RING</c>): see <see cref="RingOptions.RegisteredRingFd"/>.
    /// </summary>
    public bool IsRingFdRegistered => _registeredRingIndex >= 0;

    /// <summary>The owner thread's registered-ring index of this ring, or -1 (for tests that enter by it directly).</summary>
    internal int RegisteredRingIndex => _registeredRingIndex;

    /// <summary>
    /// At <see cref="Start"/>, on the owner thread: registers the ring fd in that thread's registered-ring table, so each
    /// enter skips the fd lookup. The index belongs to the thread that registered it, which is why only single-issuer
    /// rings use it. A full table (the kernel allows 16 per thread) leaves the ring on its plain fd.
    /// </summary>
    private void RegisterRingFdAtStart()
    {
        if (!Options.RegisteredRingFd || Options.MultiIssuers)
        {
            return;
        }

        RsrcUpdate update = new() { Offset = RegistrationFlags.AnySlot, Data = (ulong)_fd };
        int rc = Syscalls.IoUringRegister(_fd, RegisterOp.RegisterRingFds, &update, 1);
        if (rc == 1)
        {
            _registeredRingIndex = (int)update.Offset;
            _enterFd = _registeredRingIndex;
            _enterFlags = EnterFlags.RegisteredRing;
        }
    }

    /// <summary>
    /// At teardown, before the fd closes: a registered index holds a reference to the ring, so it must go or the ring
    /// outlives its fd. Only the owner thread can name its index; when another thread tears down, the owner has exited
    /// and the kernel dropped the index with it.
    /// </summary>
    private void UnregisterRingFdAtStop()
    {
        if (_registeredRingIndex < 0)
        {
            return;
        }

        if (System.Environment.CurrentManagedThreadId == _ownerThreadId)
        {
            RsrcUpdate update = new() { Offset = (uint)_registeredRingIndex };
            _ = Syscalls.IoUringRegister(_fd, RegisterOp.UnregisterRingFds, &update, 1);
        }

        _registeredRingIndex = -1;
        _enterFd = _fd;
        _enterFlags = EnterFlags.None;
    }
}
