using System;
using static Uring.SqeField;

namespace Uring;

public sealed partial class Ring
{
    /// <summary>
    /// Waits for a child process to change state, like <c>waitid(2)</c> (<c>IORING_OP_WAITID</c>: id in
    /// <c>fd</c>, id type in <c>len</c>, options in <c>file_index</c>). The kernel writes <c>info[0]</c> at
    /// completion, so it must not move until then. Without <see cref="WaitOptions.NoWait"/> the child is
    /// reaped. Result: 0 (see <see cref="SignalInfo"/>), <c>-ECHILD</c> if there is no such child,
    /// <c>-ECANCELED</c> if cancelled (the cancel then returns 1 on Linux 6.18, not 0).
    /// <para>
    /// Children started with <c>System.Diagnostics.Process</c> belong to the .NET runtime, whose SIGCHLD
    /// handler reaps them. Measured on 6.18: a reaping wait steals the exit status, after which
    /// <c>Process.WaitForExit</c> never returns; and a child that exits at once can be reaped by the runtime
    /// before the ring looks (<c>-ECHILD</c>). For such children open a pidfd while the child is alive, wait
    /// with <see cref="IdType.PidFd"/> and <see cref="WaitOptions.NoWait"/>, and accept <c>-ECHILD</c> when the
    /// runtime won. Children spawned outside <c>Process</c> (<c>posix_spawn</c>) are not touched by the runtime.
    /// </para>
    /// </summary>
    [UringOp(IoUringOp.WaitId)]
    public partial bool TryPrepareWaitId(
        SqeContext context,
        [Sqe(Len)] IdType idType,
        [Sqe(Fd)] int id,
        [Sqe(Addr2, NotEmpty = true)] [HeldUntilCompletion] Span<SignalInfo> info,
        [Sqe(FileIndex)] WaitOptions waitOptions = WaitOptions.Exited,
        in OpOptions options = default);
}
