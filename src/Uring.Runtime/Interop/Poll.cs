using System;

namespace Uring;

/// <summary>
/// Readiness events: the <c>POLL*</c> bits of poll.h, which are also the <c>EPOLL*</c> bits of eventpoll.h on
/// x86-64 and arm64. <c>IORING_OP_POLL_ADD</c> takes the low 16 bits and <see cref="Exclusive"/>;
/// <c>epoll_ctl</c> also takes the behaviour bits (<see cref="Exclusive"/>, <see cref="WakeUp"/>,
/// <see cref="OneShot"/>, <see cref="EdgeTriggered"/>).
/// </summary>
[Flags]
public enum PollEvents : uint
{
    /// <summary>No events.</summary>
    None = 0,
    /// <summary><c>POLLIN</c>: data to read.</summary>
    In = 0x0001,
    /// <summary><c>POLLPRI</c>: urgent data.</summary>
    Priority = 0x0002,
    /// <summary><c>POLLOUT</c>: writing will not block.</summary>
    Out = 0x0004,
    /// <summary><c>POLLERR</c>: error condition (always reported).</summary>
    Error = 0x0008,
    /// <summary><c>POLLHUP</c>: hang-up (always reported).</summary>
    HangUp = 0x0010,
    /// <summary><c>POLLNVAL</c>: invalid request.</summary>
    Invalid = 0x0020,
    /// <summary><c>POLLRDNORM</c>.</summary>
    ReadNormal = 0x0040,
    /// <summary><c>POLLRDBAND</c>.</summary>
    ReadBand = 0x0080,
    /// <summary><c>POLLWRNORM</c>.</summary>
    WriteNormal = 0x0100,
    /// <summary><c>POLLWRBAND</c>.</summary>
    WriteBand = 0x0200,
    /// <summary><c>POLLMSG</c>.</summary>
    Message = 0x0400,
    /// <summary><c>POLLRDHUP</c>: the peer shut down its writing half.</summary>
    ReadHangUp = 0x2000,
    /// <summary><c>EPOLLEXCLUSIVE</c> (1&lt;&lt;28): wake only one of several waiters.</summary>
    Exclusive = 1u << 28,
    /// <summary><c>EPOLLWAKEUP</c> (1&lt;&lt;29), epoll only.</summary>
    WakeUp = 1u << 29,
    /// <summary><c>EPOLLONESHOT</c> (1&lt;&lt;30), epoll only.</summary>
    OneShot = 1u << 30,
    /// <summary><c>EPOLLET</c> (1&lt;&lt;31), epoll only.</summary>
    EdgeTriggered = 1u << 31,
}

/// <summary>
/// The <c>IORING_POLL_*</c> command flags. They go in the SQE <c>len</c>, not in the event mask: POLL_ADD
/// takes the <c>Add*</c> bits, POLL_REMOVE (update) the <c>Update*</c> bits.
/// </summary>
[Flags]
public enum PollFlags : uint
{
    /// <summary>One-shot poll / plain remove.</summary>
    None = 0,
    /// <summary><c>IORING_POLL_ADD_MULTI</c>: re-arm after each event; CQEs carry <see cref="CqeFlags.More"/>.</summary>
    AddMultishot = 1u << 0,
    /// <summary><c>IORING_POLL_UPDATE_EVENTS</c>: replace the event mask of the target poll.</summary>
    UpdateEvents = 1u << 1,
    /// <summary><c>IORING_POLL_UPDATE_USER_DATA</c>: replace the <c>user_data</c> of the target poll.</summary>
    UpdateUserData = 1u << 2,
    /// <summary>
    /// <c>IORING_POLL_ADD_LEVEL</c>: level-triggered instead of edge-triggered. Linux 6.18 rejects it in
    /// POLL_ADD with <c>-EINVAL</c> (the prep step accepts only <see cref="AddMultishot"/>).
    /// </summary>
    AddLevel = 1u << 3,
}
