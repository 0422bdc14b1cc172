using System;
using System.IO;
using System.Runtime.InteropServices;

namespace Uring.AspNetCore;

/// <summary>
/// Why io_uring could not be used here and what would enable it: the text of the fallback warning and of the strict-mode
/// failure. The probe is the real thing (starting the event loops creates their rings); this turns its failure into
/// advice an operator can act on.
/// </summary>
internal static class UringAvailability
{
    private const string IoUringDisabledPath = "/proc/sys/kernel/io_uring_disabled";

    /// <summary>The reason io_uring is unusable on this OS, or null on Linux (where only the probe can tell).</summary>
    public static string? PlatformReason()
        => OperatingSystem.IsLinux() ? null : $"io_uring exists only on Linux; this is {RuntimeInformation.OSDescription}";

    /// <summary>What would make io_uring available, for the errno the kernel refused the ring with.</summary>
    public static string HowToEnable(Errno? errno)
    {
        string kernel = $"this kernel is {Environment.OSVersion.Version}";
        return errno switch
        {
            Errno.EPERM => "allow it: `sysctl -w kernel.io_uring_disabled=0` (" + DisabledSetting()
                           + "; 1 allows only members of kernel.io_uring_group, 2 disables it for everyone), and in a container run with a"
                           + " seccomp profile that allows io_uring_setup, io_uring_enter and io_uring_register (Docker's and"
                           + " containerd's default profiles block them: `--security-opt seccomp=<profile>`)",
            Errno.ENOSYS => $"run on a Linux 6.18+ kernel built with CONFIG_IO_URING ({kernel}), or allow the io_uring system calls in the seccomp profile",
            Errno.EINVAL => $"run on Linux 6.18 or newer ({kernel})",
            Errno.ENOMEM => "raise the locked-memory limit (`ulimit -l`, LimitMEMLOCK= in a systemd unit, `--ulimit memlock=-1` in Docker) or lower UringTransportOptions.RingEntries/LoopCount",
            Errno.EMFILE or Errno.ENFILE => "raise the open-file limit (`ulimit -n`, LimitNOFILE=)",
            null => "run on Linux 6.18 or newer with io_uring enabled",
            _ => $"see the error above; Uring needs Linux 6.18+ with io_uring enabled (`sysctl kernel.io_uring_disabled` = 0, {kernel})",
        };
    }

    /// <summary>The fallback warning: what failed, that the socket transport serves instead, and how to get io_uring.</summary>
    public static string FallbackWarning(string reason, Errno? errno)
        => $"Uring.AspNetCore: io_uring is unavailable ({reason}). Kestrel falls back to its default socket transport. "
           + $"To use io_uring, {HowToEnable(errno)}. Set UringTransportOptions.Strict = true to make startup fail instead.";

    /// <summary>The strict-mode failure: what failed and how to get io_uring.</summary>
    public static string StrictFailure(string reason, Errno? errno)
        => $"Uring.AspNetCore: io_uring is unavailable ({reason}) and UringTransportOptions.Strict is set, so Kestrel does not start. "
           + $"To use io_uring, {HowToEnable(errno)}; or clear Strict to fall back to the socket transport.";

    private static string DisabledSetting()
    {
        try
        {
            return $"it is {File.ReadAllText(IoUringDisabledPath).Trim()} here";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "this kernel has no such setting";
        }
    }
}
