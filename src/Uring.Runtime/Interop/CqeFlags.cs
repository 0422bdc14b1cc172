using System;

namespace Uring;

/// <summary>The <c>IORING_CQE_F_*</c> bits of a completion's <c>flags</c>.</summary>
[Flags]
public enum CqeFlags : uint
{
    /// <summary>No flags.</summary>
    None = 0,
    /// <summary><c>IORING_CQE_F_BUFFER</c>: the upper 16 bits hold the provided-buffer id.</summary>
    Buffer = 1u << 0,
    /// <summary><c>IORING_CQE_F_MORE</c>: more completions follow for the same request.</summary>
    More = 1u << 1,
    /// <summary><c>IORING_CQE_F_SOCK_NONEMPTY</c>: the socket still has data after this receive.</summary>
    SockNonEmpty = 1u << 2,
    /// <summary><c>IORING_CQE_F_NOTIF</c>: a zero-copy notification (the buffer may be reused).</summary>
    Notification = 1u << 3,
    /// <summary><c>IORING_CQE_F_BUF_MORE</c>: an incremental buffer still has room.</summary>
    BufferMore = 1u << 4,
    /// <summary><c>IORING_CQE_F_SKIP</c>: padding in a CQE_MIXED ring; ignore the entry.</summary>
    Skip = 1u << 5,
    /// <summary><c>IORING_CQE_F_32</c>: a 32-byte entry in a CQE_MIXED ring.</summary>
    Big = 1u << 15,
    /// <summary><c>IORING_CQE_F_TSTAMP_HW</c>: a hardware TX timestamp.</summary>
    TimestampHardware = 1u << 16,
}
