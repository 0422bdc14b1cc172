using System;
using static Uring.SqeField;

namespace Uring;

public sealed partial class Ring
{
    /// <summary>
    /// Adds, changes or removes <paramref name="fd"/> in the interest list of epoll instance
    /// <paramref name="epollFd"/>, like <c>epoll_ctl(2)</c> (<c>IORING_OP_EPOLL_CTL</c>: target fd in
    /// <c>off</c>, operation in <c>len</c>). <paramref name="event"/> is staged (the kernel copies it when it
    /// consumes the SQE) and ignored for <see cref="EpollOp.Delete"/>. x86-64 layout only, see
    /// <see cref="EpollEvent"/>. Result: 0; <c>-EEXIST</c>, <c>-ENOENT</c> as for <c>epoll_ctl</c>.
    /// </summary>
    [UringOp(IoUringOp.EpollCtl)]
    public partial bool TryPrepareEpollCtl(
        SqeContext context,
        [Sqe(Fd)] int epollFd,
        [Sqe(Len)] EpollOp operation,
        [Sqe(Off)] int fd,
        [Sqe(Addr, Staged = true)] in EpollEvent @event = default,
        in OpOptions options = default);

    /// <summary>
    /// Waits for events on epoll instance <paramref name="epollFd"/>, like <c>epoll_wait(2)</c> without a
    /// timeout (<c>IORING_OP_EPOLL_WAIT</c>, 6.15): it completes when at least one event is ready. For a
    /// timeout, link a <see cref="TryPrepareLinkTimeout"/> after it. The kernel writes up to
    /// <c>events.Length</c> entries at completion, so <paramref name="events"/> must not move until then; an
    /// empty span throws <see cref="ArgumentException"/>. x86-64 layout only, see <see cref="EpollEvent"/>.
    /// Result: the number of events written.
    /// </summary>
    [UringOp(IoUringOp.EpollWait)]
    public partial bool TryPrepareEpollWait(
        SqeContext context,
        [Sqe(Fd)] int epollFd,
        [Sqe(Addr, LengthField = Len, NotEmpty = true)] [HeldUntilCompletion] Span<EpollEvent> events,
        in OpOptions options = default);
}
