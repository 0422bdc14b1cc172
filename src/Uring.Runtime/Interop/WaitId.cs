using System;
using System.Runtime.InteropServices;

namespace Uring;

/// <summary>Which children <see cref="Ring.TryPrepareWaitId(SqeContext, IdType, int, Span{SignalInfo}, WaitOptions, in OpOptions)"/> waits for (<c>idtype_t</c>), the SQE <c>len</c>.</summary>
public enum IdType : uint
{
    /// <summary><c>P_ALL</c>: any child; the id is ignored.</summary>
    All = 0,
    /// <summary><c>P_PID</c>: the child with this process id.</summary>
    Pid = 1,
    /// <summary><c>P_PGID</c>: any child in this process group.</summary>
    ProcessGroup = 2,
    /// <summary><c>P_PIDFD</c>: the child this pidfd refers to.</summary>
    PidFd = 3,
}

/// <summary><c>waitid(2)</c> options (<c>W*</c>), the SQE <c>file_index</c> of <c>IORING_OP_WAITID</c>.</summary>
[Flags]
public enum WaitOptions : uint
{
    /// <summary>No options (the kernel then rejects the wait: name at least one state).</summary>
    None = 0,
    /// <summary><c>WNOHANG</c>: complete at once with 0 and a zeroed <see cref="SignalInfo"/> if no child changed state.</summary>
    NoHang = 0x00000001,
    /// <summary><c>WSTOPPED</c>: children stopped by a signal.</summary>
    Stopped = 0x00000002,
    /// <summary><c>WEXITED</c>: children that terminated.</summary>
    Exited = 0x00000004,
    /// <summary><c>WCONTINUED</c>: stopped children resumed by <c>SIGCONT</c>.</summary>
    Continued = 0x00000008,
    /// <summary><c>WNOWAIT</c>: leave the child waitable (do not reap it).</summary>
    NoWait = 0x01000000,
    /// <summary><c>__WNOTHREAD</c>: only children of the calling thread.</summary>
    NoThread = 0x20000000,
    /// <summary><c>__WALL</c>: all children regardless of type.</summary>
    All = 0x40000000,
    /// <summary><c>__WCLONE</c>: only "clone" children.</summary>
    Clone = 0x80000000,
}

/// <summary>The <c>si_code</c> of a <c>SIGCHLD</c> <see cref="SignalInfo"/> (<c>CLD_*</c>).</summary>
public enum ChildCode
{
    /// <summary>Not a child state change (for example after <see cref="WaitOptions.NoHang"/> found nothing).</summary>
    None = 0,
    /// <summary><c>CLD_EXITED</c>: exited; <see cref="SignalInfo.Status"/> is the exit code.</summary>
    Exited = 1,
    /// <summary><c>CLD_KILLED</c>: killed; <see cref="SignalInfo.Status"/> is the signal.</summary>
    Killed = 2,
    /// <summary><c>CLD_DUMPED</c>: killed and dumped core; <see cref="SignalInfo.Status"/> is the signal.</summary>
    Dumped = 3,
    /// <summary><c>CLD_TRAPPED</c>: a traced child trapped.</summary>
    Trapped = 4,
    /// <summary><c>CLD_STOPPED</c>: stopped; <see cref="SignalInfo.Status"/> is the signal.</summary>
    Stopped = 5,
    /// <summary><c>CLD_CONTINUED</c>: continued.</summary>
    Continued = 6,
}

/// <summary>
/// The kernel's <c>siginfo_t</c> (128 bytes) as <see cref="Ring.TryPrepareWaitId(SqeContext, IdType, int, Span{SignalInfo}, WaitOptions, in OpOptions)"/> fills it for a child
/// (x86-64 and arm64 layout: <c>si_signo</c> @0, <c>si_errno</c> @4, <c>si_code</c> @8, <c>si_pid</c> @16,
/// <c>si_uid</c> @20, <c>si_status</c> @24). The kernel writes it when the request completes.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
public struct SignalInfo
{
    /// <summary><c>si_signo</c>: 17 (<c>SIGCHLD</c>) for a child state change, 0 if nothing was reported.</summary>
    [FieldOffset(0)] public int Signal;

    /// <summary><c>si_errno</c>.</summary>
    [FieldOffset(4)] public int Errno;

    /// <summary><c>si_code</c>: a <see cref="ChildCode"/> for <c>SIGCHLD</c>.</summary>
    [FieldOffset(8)] public int Code;

    /// <summary><c>si_pid</c>: the child's process id.</summary>
    [FieldOffset(16)] public int Pid;

    /// <summary><c>si_uid</c>: the child's real user id.</summary>
    [FieldOffset(20)] public uint Uid;

    /// <summary><c>si_status</c>: the exit code, or the signal number (see <see cref="ChildCode"/>).</summary>
    [FieldOffset(24)] public int Status;

    /// <summary><see cref="Code"/> as a <see cref="ChildCode"/>.</summary>
    public readonly ChildCode ChildCode => (ChildCode)Code;
}
