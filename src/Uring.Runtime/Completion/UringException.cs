using System;
using System.IO;

namespace Uring;

/// <summary>
/// A failed io_uring system call (setup, register, enter) or, on request, a failed completion. Carries
/// the <see cref="Errno"/> and, for setup and registration, a message that says what to do about it.
/// </summary>
public class UringException : IOException
{
    /// <summary>Creates an exception for <paramref name="errno"/>.</summary>
    public UringException(Errno errno, string message)
        : base(message, -(int)errno)
    {
        Errno = errno;
    }

    /// <summary>Creates an exception for <paramref name="errno"/> with an inner exception.</summary>
    public UringException(Errno errno, string message, Exception? innerException)
        : base(message, innerException)
    {
        Errno = errno;
        HResult = -(int)errno;
    }

    /// <summary>The Linux error number.</summary>
    public Errno Errno { get; }

    /// <summary>
    /// A new exception for a failed completion result. Each call creates its own instance: a shared one would have
    /// its stack trace overwritten by every throw, on every thread. Completion results are values
    /// (<see cref="CqeView.Error"/>); ask for an exception only where a failure is exceptional.
    /// </summary>
    public static UringException ForCompletion(Errno errno)
        => new(errno, $"The request failed: {errno} ({errno.Describe()}).");

    /// <summary>An exception for a failed system call, with advice for the errnos that have a known cause.</summary>
    internal static UringException ForSyscall(string operation, Errno errno)
        => new(errno, $"{operation} failed: {errno} ({errno.Describe()}).{Advice(operation, errno)}");

    /// <summary>
    /// What to do about <paramref name="errno"/> from <paramref name="operation"/>. Advice about one call's
    /// parameters (the setup entry count) is given for that call only: the same errno from another call has a
    /// different cause, and naming the wrong one sends the reader after a problem they do not have.
    /// </summary>
    private static string Advice(string operation, Errno errno) => errno switch
    {
        Errno.EINVAL when operation.StartsWith("io_uring_setup", StringComparison.Ordinal)
            => " The kernel rejected the ring parameters; Uring needs Linux 6.18+ and a power-of-two entry count up to 32768.",
        Errno.EINVAL when operation.StartsWith("io_uring_register", StringComparison.Ordinal)
            => " The kernel rejected the arguments of this registration (a count, size or flag it does not accept here; Uring needs Linux 6.18+).",
        Errno.EINVAL => " The kernel rejected the arguments of this call; Uring needs Linux 6.18+.",
        Errno.EFAULT => " The kernel could not use a buffer address or length it was given (for registered buffers: at most 1 GiB each).",
        Errno.ENOMEM => " The ring or its registered memory exceeds what the kernel lets this process lock (RLIMIT_MEMLOCK, `ulimit -l`)"
                        + " or the memory cgroup limit: raise the limit or use fewer entries/smaller buffers.",
        Errno.EPERM => " io_uring is refused to this process: check `sysctl kernel.io_uring_disabled` (1 = only members of"
                       + " kernel.io_uring_group, 2 = disabled) and any seccomp profile (container runtimes often block io_uring).",
        Errno.ENOSYS => " This kernel has no io_uring (CONFIG_IO_URING off, or older than 5.1); Uring needs Linux 6.18+.",
        Errno.EEXIST => " The ring is single-issuer and this call came from a thread other than the one that started it.",
        Errno.EMFILE => " The process is out of file descriptors (RLIMIT_NOFILE).",
        _ => string.Empty,
    };
}

/// <summary>
/// The kernel dropped completions because the CQ ring was full and it could not hold them back
/// (the CQ <c>overflow</c> counter grew). Reported once per counter value, after every visible CQE was reaped.
/// </summary>
public sealed class CompletionQueueOverflowException : UringException
{
    /// <summary>Creates the exception.</summary>
    public CompletionQueueOverflowException(uint droppedTotal, uint droppedSinceLastReport)
        : base(Errno.EOVERFLOW, $"The kernel dropped {droppedSinceLastReport} completion(s) ({droppedTotal} in total) because the CQ ring was full."
                                 + " Reap more often, or create the ring with more completion entries.")
    {
        DroppedTotal = droppedTotal;
        DroppedSinceLastReport = droppedSinceLastReport;
    }

    /// <summary>The kernel's overflow counter value.</summary>
    public uint DroppedTotal { get; }

    /// <summary>Completions dropped since the previous report.</summary>
    public uint DroppedSinceLastReport { get; }
}
