using Uring.Interop;

namespace Uring;

/// <summary>
/// <c>RLIMIT_MEMLOCK</c> handling: registered memory is pinned and counted against it. Raising the soft
/// limit up to the hard limit needs no privilege, so the runtime does it before registering.
/// </summary>
internal static class MemlockLimit
{
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
}
