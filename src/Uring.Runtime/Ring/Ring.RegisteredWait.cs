using System;
using Uring.Interop;

namespace Uring;

public sealed unsafe partial class Ring
{
    /// <summary>
    /// Like <see cref="Wait(Span{CqeView}, int, TimeSpan)"/>, with the wait's arguments (timeout, minimum wait) read by
    /// the kernel from slot <paramref name="waitSlot"/> of the ring's wait region (<c>IORING_ENTER_EXT_ARG_REG</c>)
    /// instead of copied in with every call. Fill the slot with <see cref="RingMemoryRegion.SetWait"/>. One kernel wait:
    /// it returns when the slot's conditions are met (or a signal interrupts it, after which it re-enters with the slot's
    /// full timeout), then copies up to <c>completions.Length</c> completions.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minComplete"/> is negative, or <paramref name="waitSlot"/> is not a slot of the region.</exception>
    /// <exception cref="InvalidOperationException">
    /// The ring has no wait region (register one with <see cref="MemoryRegionFlags.WaitArguments"/> before <see cref="Start"/>),
    /// is not started, or is used from a thread that does not own it.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    /// <exception cref="UringException">The kernel failed the call.</exception>
    [IssuerThreadOnly]
    [ObservesCompletion]
    public int WaitRegistered(Span<CqeView> completions, int minComplete, int waitSlot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minComplete);
        ThrowIfNotStarted();
        EnsureIssuer();
        RingMemoryRegion region = _memoryRegion is { HoldsWaitArguments: true } waits
            ? waits
            : throw new InvalidOperationException(
                "The ring has no wait region: register one with RegisterMemoryRegion(size, MemoryRegionFlags.WaitArguments) before Start.");
        region.ThrowIfBadSlot(waitSlot, nameof(waitSlot));
        if (TryBeginBlockingWait((uint)minComplete, first: true, out uint pending, out uint want))
        {
            try
            {
                EnterRegisteredWait(pending, want, (nuint)waitSlot * RingMemoryRegion.WaitSlotBytes);
            }
            finally
            {
                EndBlockingWait();
            }
        }

        return Reap(completions);
    }

    private void EnterRegisteredWait(uint pending, uint want, nuint offset)
    {
        EnterFlags flags = EnterFlags.GetEvents | EnterFlags.ExtArg | EnterFlags.ExtArgReg | _enterFlags;
        while (true)
        {
            // With EXT_ARG_REG the argument is a byte offset into the registered region, and its size that of one slot.
            EnterFlags wake = _sqPolling && pending != 0 ? SqThreadWakeFlag() : EnterFlags.None;
            int rc = Syscalls.IoUringEnter(_enterFd, pending, want, flags | wake, (void*)offset, RingMemoryRegion.WaitSlotBytes);
            if (rc >= 0)
            {
                return;
            }

            switch ((Errno)(-rc))
            {
                case Errno.EINTR:
                    // The signal came during the wait: the submission part had run, so only the wait is repeated.
                    pending = 0;
                    continue;
                case Errno.ETIME:
                case Errno.EAGAIN:
                case Errno.EBUSY:
                case Errno.EBADR:
                    return;
                default:
                    throw UringException.ForSyscall("io_uring_enter(GETEVENTS | EXT_ARG | EXT_ARG_REG)", (Errno)(-rc));
            }
        }
    }
}
