using System.Runtime.InteropServices;

namespace Uring;

/// <summary>The <c>epoll_ctl(2)</c> operation (<c>EPOLL_CTL_*</c>), the <c>len</c> of <c>IORING_OP_EPOLL_CTL</c>.</summary>
public enum EpollOp : uint
{
    /// <summary><c>EPOLL_CTL_ADD</c>: register the fd.</summary>
    Add = 1,
    /// <summary><c>EPOLL_CTL_DEL</c>: deregister the fd (the event is ignored).</summary>
    Delete = 2,
    /// <summary><c>EPOLL_CTL_MOD</c>: change the registered event.</summary>
    Modify = 3,
}

/// <summary>
/// The kernel's <c>struct epoll_event</c> as x86-64 lays it out: 12 bytes, <b>packed</b> (events u32 @0,
/// data u64 @4). On arm64 the kernel's struct is 16 bytes with data @8, so the epoll ops of this library
/// support x86-64 only.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
public struct EpollEvent
{
    /// <summary><c>sizeof(struct epoll_event)</c> on x86-64.</summary>
    public const int Size = 12;

    /// <summary>The events requested (EPOLL_CTL) or reported (EPOLL_WAIT).</summary>
    public PollEvents Events;

    /// <summary>Caller data the kernel hands back with each ready event.</summary>
    public ulong Data;

    /// <summary>An event registration: <paramref name="events"/> and the <paramref name="data"/> to report with them.</summary>
    public EpollEvent(PollEvents events, ulong data)
    {
        Events = events;
        Data = data;
    }
}
