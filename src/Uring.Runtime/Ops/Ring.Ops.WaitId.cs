using System;
using static Uring.SqeField;

namespace Uring;

public sealed partial class Ring
{
    /// <summary>
    /// Waits for a child process to change state, like <c>waitid(2)</c> (<c>IORING_OP_WAITID</c>: id in
    /// <c>fd</c>, id type in <c>len</c>, options in <c>file_index</c>). The kernel writes
    /// <c>info[0]</c> at completion, so it must not move until then. Without <see cref="WaitOptions.NoWait"/>
    /// the child is reaped. Result: 0 (see <see cref="SignalInfo"/>), <c>-ECHILD</c> if there is no such
    /// child; a child the runtime already reaped (for example one started with
    /// <c>System.Diagnostics.Process</c>, whose SIGCHLD handler reaps its own children) is no longer
    /// waitable.
    /// </summary>
    /// <returns>False when the SQ is full.</returns>
    [UringOp(IoUringOp.WaitId)]
    public partial bool PrepareWaitId(
        SqeContext context,
        [Sqe(Len)] IdType idType,
        [Sqe(Fd)] int id,
        [Sqe(Addr2, NotEmpty = true)] Span<SignalInfo> info,
        [Sqe(FileIndex)] WaitOptions waitOptions = WaitOptions.Exited,
        in OpOptions options = default);
}
