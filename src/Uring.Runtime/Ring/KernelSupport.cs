using System;
using System.IO;
using System.Text;

namespace Uring;

/// <summary>
/// Which kernel a setup flag needs, and the <see cref="NotSupportedException"/> for a kernel that lacks it. What the
/// kernel has is probed at run time (<see cref="KernelCapabilities"/>); the versions only name what to upgrade to.
/// </summary>
internal static class KernelSupport
{
    private static readonly Lazy<string> s_release = new(ReadRelease);

    /// <summary>The running kernel's release (<c>/proc/sys/kernel/osrelease</c>), for messages.</summary>
    public static string Release => s_release.Value;

    /// <summary>The first mainline kernel with <paramref name="flag"/> (from the uapi reference's "added in" column).</summary>
    public static string SetupFlagVersion(SetupFlags flag) => flag switch
    {
        SetupFlags.IoPoll or SetupFlags.SqPoll or SetupFlags.SqAff => "5.1",
        SetupFlags.CqSize => "5.5",
        SetupFlags.Clamp or SetupFlags.AttachWq => "5.6",
        SetupFlags.RDisabled => "5.10",
        SetupFlags.SubmitAll => "5.18",
        SetupFlags.CoopTaskrun or SetupFlags.TaskrunFlag or SetupFlags.Sqe128 or SetupFlags.Cqe32 => "5.19",
        SetupFlags.SingleIssuer => "6.0",
        SetupFlags.DeferTaskrun => "6.1",
        SetupFlags.NoMmap or SetupFlags.RegisteredFdOnly => "6.5",
        SetupFlags.NoSqArray => "6.6",
        SetupFlags.HybridIoPoll => "6.13",
        SetupFlags.CqeMixed => "6.18",
        SetupFlags.SqeMixed => "6.19",
        _ => "a newer kernel",
    };

    /// <summary>
    /// Before <c>io_uring_setup</c>: throws when the kernel does not accept a flag of <paramref name="requested"/>. With
    /// <c>IORING_REGISTER_QUERY</c> the answer is exact; a kernel without it predates 6.18, so the flags of 6.18 and
    /// later are refused and older ones are left to the setup call.
    /// </summary>
    /// <exception cref="NotSupportedException">A requested flag is missing from this kernel; the message names the version that has it.</exception>
    public static void ThrowIfSetupUnsupported(SetupFlags requested)
    {
        KernelCapabilities? capabilities = KernelCapabilities.Cached;
        SetupFlags missing = capabilities is null
            ? requested & (SetupFlags.CqeMixed | SetupFlags.SqeMixed)
            : requested & ~capabilities.SetupFlags;
        if (missing != SetupFlags.None)
        {
            throw UnsupportedSetup(missing);
        }
    }

    /// <summary>The exception for setup flags this kernel lacks: each flag, the option that asks for it and the kernel that has it.</summary>
    public static NotSupportedException UnsupportedSetup(SetupFlags missing)
    {
        StringBuilder text = new();
        foreach (SetupFlags flag in Enum.GetValues<SetupFlags>())
        {
            if (flag != SetupFlags.None && (missing & flag) == flag)
            {
                text.Append(text.Length == 0 ? string.Empty : "; ")
                    .Append($"IORING_SETUP_{Name(flag)}{OptionFor(flag)} needs Linux {SetupFlagVersion(flag)} or later");
            }
        }

        return new NotSupportedException($"This kernel ({Release}) does not accept {text}. Leave the option off, or run on a newer kernel.");
    }

    private static string OptionFor(SetupFlags flag) => flag switch
    {
        SetupFlags.SqeMixed => " (RingOptions.SqeMixed)",
        SetupFlags.CqeMixed => " (RingOptions.CqeMixed)",
        SetupFlags.SqPoll => " (RingOptions.SubmissionPolling)",
        SetupFlags.SqAff => " (RingOptions.SubmissionPollingCpu)",
        SetupFlags.IoPoll => " (RingOptions.IoPolling)",
        SetupFlags.HybridIoPoll => " (RingOptions.HybridPolling)",
        SetupFlags.Clamp => " (RingOptions.ClampEntries)",
        SetupFlags.AttachWq => " (RingOptions.AttachWorkQueue)",
        SetupFlags.CqSize => " (RingOptions.CompletionEntries)",
        SetupFlags.Sqe128 => " (RingOptions.Sqe128)",
        SetupFlags.Cqe32 => " (RingOptions.Cqe32)",
        _ => string.Empty,
    };

    private static string Name(SetupFlags flag) => flag switch
    {
        SetupFlags.IoPoll => "IOPOLL",
        SetupFlags.SqPoll => "SQPOLL",
        SetupFlags.SqAff => "SQ_AFF",
        SetupFlags.CqSize => "CQSIZE",
        SetupFlags.Clamp => "CLAMP",
        SetupFlags.AttachWq => "ATTACH_WQ",
        SetupFlags.RDisabled => "R_DISABLED",
        SetupFlags.SubmitAll => "SUBMIT_ALL",
        SetupFlags.CoopTaskrun => "COOP_TASKRUN",
        SetupFlags.TaskrunFlag => "TASKRUN_FLAG",
        SetupFlags.Sqe128 => "SQE128",
        SetupFlags.Cqe32 => "CQE32",
        SetupFlags.SingleIssuer => "SINGLE_ISSUER",
        SetupFlags.DeferTaskrun => "DEFER_TASKRUN",
        SetupFlags.NoMmap => "NO_MMAP",
        SetupFlags.RegisteredFdOnly => "REGISTERED_FD_ONLY",
        SetupFlags.NoSqArray => "NO_SQARRAY",
        SetupFlags.HybridIoPoll => "HYBRID_IOPOLL",
        SetupFlags.CqeMixed => "CQE_MIXED",
        SetupFlags.SqeMixed => "SQE_MIXED",
        _ => flag.ToString(),
    };

    private static string ReadRelease()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        }
        catch (IOException)
        {
            return Environment.OSVersion.VersionString;
        }
        catch (UnauthorizedAccessException)
        {
            return Environment.OSVersion.VersionString;
        }
    }
}
