using System;
using Uring.Interop;

namespace Uring;

/// <summary>
/// <c>RLIMIT_MEMLOCK</c> handling: registered memory is pinned and, for a process without
/// <c>CAP_IPC_LOCK</c>, counted against it (verified on Linux 6.18: with the capability the kernel does not
/// account at all, without it an 8 MiB limit refuses a 9 MiB buffer with ENOMEM). Raising the soft limit up to
/// the hard limit needs no privilege, so the runtime does it before registering.
/// </summary>
internal static class MemlockLimit
{
    /// <summary>
    /// Fails before anything is allocated when pinning <paramref name="bytes"/> cannot fit the memlock limit the
    /// kernel will apply, and otherwise raises the soft limit so it can. Does nothing for a thread with
    /// <c>CAP_IPC_LOCK</c> (the kernel does not account its rings' pinned memory, so refusing would refuse
    /// what the kernel accepts) or with an unlimited limit.
    /// </summary>
    /// <param name="bytes">The bytes the kernel will account (page-rounded).</param>
    /// <param name="what">What is being registered, for the message.</param>
    /// <exception cref="UringException">ENOMEM: <paramref name="bytes"/> exceed the hard limit.</exception>
    public static void EnsureCanPin(ulong bytes, string what)
    {
        if (Syscalls.HasEffectiveCapability(Syscalls.CapIpcLock)
            || Syscalls.GetMemlockLimit(out _, out ulong hard) != 0
            || hard == ulong.MaxValue)
        {
            return;
        }

        if (bytes > hard)
        {
            throw new UringException(
                Errno.ENOMEM,
                $"{what} pins {bytes} bytes ({Mebibytes(bytes)}), but RLIMIT_MEMLOCK lets this process lock only {hard} bytes "
                    + $"({Mebibytes(hard)}; the soft limit is raised to this hard limit automatically). Nothing was allocated. Raise the limit "
                    + "(`ulimit -l` in the shell that starts the process, LimitMEMLOCK= in a systemd unit, --ulimit memlock= for docker), "
                    + "run with CAP_IPC_LOCK, or register fewer or smaller buffers.");
        }

        EnsureAtLeast(bytes);
    }

    /// <summary>Raises the soft limit toward the hard one so at least <paramref name="bytes"/> more can be locked.</summary>
    public static void EnsureAtLeast(ulong bytes)
    {
        if (Syscalls.GetMemlockLimit(out ulong soft, out ulong hard) != 0 || soft == ulong.MaxValue)
        {
            return;
        }

        ulong wanted = soft + bytes;
        if (wanted < soft)
        {
            wanted = ulong.MaxValue;
        }

        ulong target = hard == ulong.MaxValue || wanted <= hard ? wanted : hard;
        if (target > soft)
        {
            Syscalls.SetMemlockLimit(target, hard);
        }
    }

    private static string Mebibytes(ulong bytes) => $"{bytes / (1024 * 1024)} MiB";
}
