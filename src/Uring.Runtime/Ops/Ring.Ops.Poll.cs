using static Uring.SqeField;

namespace Uring;

public sealed partial class Ring
{
    /// <summary>
    /// Waits once for <paramref name="events"/> on <paramref name="fd"/>, like <c>poll(2)</c> on one fd
    /// (<c>IORING_OP_POLL_ADD</c>). Readiness that already exists completes it at once. Result: the ready
    /// events (a <see cref="PollEvents"/> mask; <see cref="PollEvents.Error"/> and
    /// <see cref="PollEvents.HangUp"/> are always reported), <c>-ECANCELED</c> if removed.
    /// </summary>
    [UringOp(IoUringOp.PollAdd)]
    public partial bool TryPreparePollAdd(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(OpFlags)] PollEvents events,
        in OpOptions options = default);

    /// <summary>
    /// Waits repeatedly for <paramref name="events"/> on <paramref name="fd"/> (<c>IORING_OP_POLL_ADD</c>
    /// with <c>IORING_POLL_ADD_MULTI</c> in <c>len</c>). It is edge-triggered: each new wake-up of the file
    /// posts one CQE with <see cref="CqeFlags.More"/>, data left unread posts nothing more. The poll ends
    /// with a CQE without <see cref="CqeFlags.More"/> (<c>-ECANCELED</c> after
    /// <see cref="TryPreparePollRemove"/>). Not allowed with <see cref="OpOptions.SkipSuccess"/> (<c>-EINVAL</c>).
    /// Result: the ready events per CQE.
    /// </summary>
    [UringOp(IoUringOp.PollAdd, Len = (uint)PollFlags.AddMultishot)]
    public partial bool TryPreparePollAddMultishot(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(OpFlags)] PollEvents events,
        in OpOptions options = default);

    /// <summary>
    /// A level-triggered one-shot poll (<c>IORING_OP_POLL_ADD</c> with <c>IORING_POLL_ADD_LEVEL</c>).
    /// <b>Linux 6.18 rejects it</b>: its POLL_ADD prep accepts only
    /// <c>IORING_POLL_ADD_MULTI</c> in <c>len</c>, so the result is always <c>-EINVAL</c> there. A plain
    /// <see cref="TryPreparePollAdd"/> already reports readiness that exists when it is armed.
    /// </summary>
    [UringOp(IoUringOp.PollAdd, Len = (uint)PollFlags.AddLevel)]
    public partial bool TryPreparePollAddLevel(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(OpFlags)] PollEvents events,
        in OpOptions options = default);

    /// <summary>
    /// A level-triggered multishot poll (<c>IORING_POLL_ADD_MULTI | IORING_POLL_ADD_LEVEL</c>).
    /// <b>Linux 6.18 rejects it with <c>-EINVAL</c></b>, like
    /// <see cref="TryPreparePollAddLevel"/>.
    /// </summary>
    [UringOp(IoUringOp.PollAdd, Len = (uint)(PollFlags.AddMultishot | PollFlags.AddLevel))]
    public partial bool TryPreparePollAddMultishotLevel(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(OpFlags)] PollEvents events,
        in OpOptions options = default);

    /// <summary>
    /// Removes the poll whose <c>user_data</c> is <paramref name="targetUserData"/>
    /// (<c>IORING_OP_POLL_REMOVE</c>; for a value context that is its <see cref="SqeContext.Raw"/>). Result:
    /// 0, <c>-ENOENT</c> if no poll matched, <c>-EALREADY</c> if it was completing; the removed poll
    /// completes with <c>-ECANCELED</c>.
    /// </summary>
    [UringOp(IoUringOp.PollRemove, Fd = -1)]
    public partial bool TryPreparePollRemove(
        SqeContext context,
        [Sqe(Addr)] ulong targetUserData,
        in OpOptions options = default);

    /// <summary>
    /// Changes an armed poll in place (<c>IORING_OP_POLL_REMOVE</c> with update flags in <c>len</c>): with
    /// <see cref="PollFlags.UpdateEvents"/> its mask becomes <paramref name="newEvents"/>, with
    /// <see cref="PollFlags.UpdateUserData"/> its <c>user_data</c> becomes <paramref name="newUserData"/>
    /// (its later CQEs carry the new value). The kernel rejects (<c>-EINVAL</c>) a non-zero
    /// <paramref name="newUserData"/> without <see cref="PollFlags.UpdateUserData"/>, non-zero
    /// <paramref name="newEvents"/> without <see cref="PollFlags.UpdateEvents"/>, and
    /// <see cref="PollFlags.AddLevel"/>. The poll keeps its one-shot or multishot behaviour. Result: 0, or
    /// <c>-ENOENT</c> if no poll matched <paramref name="targetUserData"/>.
    /// </summary>
    [UringOp(IoUringOp.PollRemove, Fd = -1)]
    public partial bool TryPreparePollUpdate(
        SqeContext context,
        [Sqe(Addr)] ulong targetUserData,
        [Sqe(Off)] ulong newUserData,
        [Sqe(OpFlags)] PollEvents newEvents,
        [Sqe(Len)] PollFlags flags,
        in OpOptions options = default);
}
