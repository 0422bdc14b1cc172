using System;
using Uring.Interop;

namespace Uring;

public sealed unsafe partial class Ring
{
    // The tracking strategy last registered, so static-id calls are refused here instead of with a bare EINVAL.
    private NapiTracking _napiTracking = NapiTracking.Inactive;

    /// <summary>
    /// Turns on NAPI busy polling for this ring's waits (<c>IORING_REGISTER_NAPI</c>, Linux 6.9+; tracking strategies
    /// 6.14+), replacing earlier settings and, with a new strategy, the NAPI ids tracked so far. Returns the settings that
    /// were in force before, as the kernel reports them (the first call reports <see cref="NapiTracking.Inactive"/>).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="settings"/> asks for <see cref="NapiTracking.Inactive"/> (call <see cref="UnregisterNapi"/>) or an unknown strategy.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The busy-poll time is out of range.</exception>
    /// <exception cref="InvalidOperationException">The ring busy-polls completions (<see cref="RingOptions.IoPolling"/>, <see cref="RingOptions.HybridPolling"/>), which excludes NAPI polling.</exception>
    /// <exception cref="NotSupportedException">The kernel has no NAPI busy polling for io_uring (too old, or built without <c>CONFIG_NET_RX_BUSY_POLL</c>).</exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    [IssuerThreadOnly]
    public NapiSettings RegisterNapi(NapiSettings settings)
    {
        uint microseconds = settings.BusyPollMicroseconds;
        if (settings.Tracking is not (NapiTracking.Dynamic or NapiTracking.Static))
        {
            throw new ArgumentException(
                $"NapiSettings.Tracking must be Dynamic or Static (was {settings.Tracking}); call UnregisterNapi to stop busy polling.", nameof(settings));
        }

        ThrowIfNapiExcluded();
        NapiRegister napi = new()
        {
            BusyPollTimeout = microseconds,
            PreferBusyPoll = settings.PreferBusyPoll ? (byte)1 : (byte)0,
            Opcode = NapiOps.Register,
            OpParam = (uint)settings.Tracking,
        };
        NapiCall(ref napi, RegisterOp.RegisterNapi, settings.Tracking != NapiTracking.Dynamic, "REGISTER_NAPI");
        _napiTracking = settings.Tracking;
        return FromKernel(napi, (NapiTracking)napi.OpParam);
    }

    /// <summary>
    /// Turns NAPI busy polling off (<c>IORING_UNREGISTER_NAPI</c>) and returns the busy-poll time and preference that were
    /// in force, as the kernel reports them, with the strategy this ring had registered. Harmless when none was registered.
    /// </summary>
    /// <exception cref="NotSupportedException">The kernel has no NAPI busy polling for io_uring.</exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    [IssuerThreadOnly]
    public NapiSettings UnregisterNapi()
    {
        NapiRegister napi = default;
        NapiCall(ref napi, RegisterOp.UnregisterNapi, tracking: false, "UNREGISTER_NAPI");
        NapiTracking previous = _napiTracking;
        _napiTracking = NapiTracking.Inactive;
        return FromKernel(napi, previous);
    }

    /// <summary>
    /// Adds <paramref name="napiId"/> (a socket's <c>SO_INCOMING_NAPI_ID</c>) to the NAPI instances a
    /// <see cref="NapiTracking.Static"/> ring polls (<c>IO_URING_NAPI_STATIC_ADD_ID</c>). Returns false when it is tracked
    /// already.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="napiId"/> is not a NAPI id (0 and the small numbers the kernel reserves for CPUs are not).</exception>
    /// <exception cref="InvalidOperationException">The ring's registered tracking is not <see cref="NapiTracking.Static"/>.</exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    [IssuerThreadOnly]
    public bool AddNapiId(uint napiId) => StaticNapiId(napiId, NapiOps.StaticAddId, Errno.EEXIST);

    /// <summary>
    /// Removes <paramref name="napiId"/> from a <see cref="NapiTracking.Static"/> ring's NAPI instances
    /// (<c>IO_URING_NAPI_STATIC_DEL_ID</c>). Returns false when it was not tracked.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="napiId"/> is not a NAPI id.</exception>
    /// <exception cref="InvalidOperationException">The ring's registered tracking is not <see cref="NapiTracking.Static"/>.</exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    [IssuerThreadOnly]
    public bool RemoveNapiId(uint napiId) => StaticNapiId(napiId, NapiOps.StaticDeleteId, Errno.ENOENT);

    private bool StaticNapiId(uint napiId, byte opcode, Errno absentOrPresent)
    {
        ThrowIfStopped();
        if (_napiTracking != NapiTracking.Static)
        {
            throw new InvalidOperationException(
                $"NAPI ids are added and removed only with static tracking; this ring's is {_napiTracking}. Call RegisterNapi with NapiTracking.Static first.");
        }

        NapiRegister napi = new() { Opcode = opcode, OpParam = napiId };
        int rc = RawNapiCall(ref napi, RegisterOp.RegisterNapi);
        if (rc >= 0)
        {
            return true;
        }

        Errno errno = (Errno)(-rc);
        if (errno == absentOrPresent)
        {
            return false;
        }

        if (errno == Errno.EINVAL)
        {
            throw new ArgumentOutOfRangeException(nameof(napiId), napiId, "The kernel does not take this as a NAPI id: ids start above the numbers it reserves for CPUs (read a socket's SO_INCOMING_NAPI_ID).");
        }

        throw UringException.ForSyscall("io_uring_register(REGISTER_NAPI, static id)", errno);
    }

    private void NapiCall(ref NapiRegister napi, RegisterOp op, bool tracking, string what)
    {
        ThrowIfStopped();
        int rc = RawNapiCall(ref napi, op);
        if (rc >= 0)
        {
            return;
        }

        Errno errno = (Errno)(-rc);
        KernelCapabilities? capabilities = KernelCapabilities.Cached;
        throw errno switch
        {
            Errno.EOPNOTSUPP => new NotSupportedException(
                $"This kernel ({KernelSupport.Release}) was built without NAPI busy polling (CONFIG_NET_RX_BUSY_POLL), so io_uring cannot busy-poll."),
            Errno.EINVAL when capabilities is not null && capabilities.RegisterOpcodeCount <= (int)RegisterOp.UnregisterNapi => new NotSupportedException(
                $"This kernel ({KernelSupport.Release}) has no IORING_REGISTER_NAPI: NAPI busy polling needs Linux 6.9 or later."),
            Errno.EINVAL when capabilities is null && tracking => new NotSupportedException(
                $"This kernel ({KernelSupport.Release}) refused a NAPI tracking strategy: static tracking needs Linux 6.14 or later (use NapiTracking.Dynamic)."),
            Errno.EINVAL when capabilities is null => new NotSupportedException(
                $"This kernel ({KernelSupport.Release}) refused IORING_REGISTER_NAPI: NAPI busy polling needs Linux 6.9 or later."),
            _ => UringException.ForSyscall($"io_uring_register({what})", errno),
        };
    }

    private int RawNapiCall(ref NapiRegister napi, RegisterOp op)
    {
        EnsureIssuer();
        using LockScope held = HoldLock();
        fixed (NapiRegister* argument = &napi)
        {
            return Syscalls.IoUringRegister(_fd, op, argument, 1);
        }
    }

    private void ThrowIfNapiExcluded()
    {
        if ((Features.SetupFlags & SetupFlags.IoPoll) != 0)
        {
            throw new InvalidOperationException(
                "NAPI busy polling cannot be used on a ring that busy-polls completions (RingOptions.IoPolling or HybridPolling): the kernel refuses it.");
        }
    }

    private static NapiSettings FromKernel(in NapiRegister napi, NapiTracking tracking)
        => new(TimeSpan.FromMicroseconds(napi.BusyPollTimeout), napi.PreferBusyPoll != 0, tracking);
}
