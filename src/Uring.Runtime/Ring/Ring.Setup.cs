using System;
using System.IO;
using Uring.Interop;

namespace Uring;

public sealed unsafe partial class Ring
{
    /// <summary>The <c>io_uring_params</c> for <paramref name="options"/>: CQ size, SQPOLL CPU and idle time, the shared worker pool.</summary>
    private static IoUringParams SetupParameters(RingOptions options, SetupFlags flags)
    {
        IoUringParams p = default;
        p.Flags = (uint)flags;
        p.CqEntries = (uint)options.CompletionEntries;
        p.SqThreadCpu = (uint)(options.SubmissionPollingCpu ?? 0);
        p.SqThreadIdle = options.SubmissionPollingIdleMilliseconds;

        // RingFd throws ObjectDisposedException if that ring was stopped since the options were validated.
        p.WqFd = options.AttachWorkQueue is { } shared ? (uint)shared.RingFd : 0;
        return p;
    }

    /// <summary>
    /// The exception for a refused <c>io_uring_setup</c>. An EINVAL the options explain is reported against the option
    /// (a CPU the SQPOLL thread cannot run on, a flag this kernel lacks); anything else keeps the errno and its advice.
    /// </summary>
    private static Exception SetupFailure(RingOptions options, SetupFlags flags, Errno errno)
    {
        if (errno == Errno.EINVAL)
        {
            if (options.SubmissionPollingCpu is { } cpu && !IsOnlineCpu(cpu))
            {
                return new ArgumentOutOfRangeException(
                    nameof(RingOptions.SubmissionPollingCpu),
                    cpu,
                    $"The kernel refused to pin the SQPOLL thread to CPU {cpu}: it is not one of the online CPUs ({OnlineCpus()}).");
            }

            if (KernelCapabilities.Cached is { } capabilities && (flags & ~capabilities.SetupFlags) != SetupFlags.None)
            {
                return KernelSupport.UnsupportedSetup(flags & ~capabilities.SetupFlags);
            }
        }

        return UringException.ForSyscall($"io_uring_setup({options.Entries} entries, flags [{flags}])", errno);
    }

    private static string OnlineCpus()
    {
        try
        {
            return File.ReadAllText("/sys/devices/system/cpu/online").Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "unknown";
        }
    }

    /// <summary>True when <paramref name="cpu"/> is in the kernel's online list ("0-3,6"); true when the list cannot be read.</summary>
    private static bool IsOnlineCpu(int cpu)
    {
        string online = OnlineCpus();
        if (online == "unknown")
        {
            return true;
        }

        foreach (string range in online.Split(','))
        {
            string[] bounds = range.Split('-');
            if (int.TryParse(bounds[0], out int first) && int.TryParse(bounds[^1], out int last) && cpu >= first && cpu <= last)
            {
                return true;
            }
        }

        return false;
    }
}
