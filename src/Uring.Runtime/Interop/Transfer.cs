using System;
using System.Runtime.InteropServices;

namespace Uring;

/// <summary><c>splice(2)</c>/<c>tee(2)</c> flags (<c>SPLICE_F_*</c>), the SQE <c>splice_flags</c>.</summary>
[Flags]
public enum SpliceFlags : uint
{
    /// <summary>No flags.</summary>
    None = 0,
    /// <summary><c>SPLICE_F_MOVE</c>: move pages instead of copying (a hint).</summary>
    Move = 1,
    /// <summary><c>SPLICE_F_NONBLOCK</c>: do not block on the pipes.</summary>
    NonBlock = 2,
    /// <summary><c>SPLICE_F_MORE</c>: more data follows.</summary>
    More = 4,
    /// <summary><c>SPLICE_F_GIFT</c>: unused by splice.</summary>
    Gift = 8,
    /// <summary>
    /// <c>SPLICE_F_FD_IN_FIXED</c> (bit 31): the input fd is a registered-file slot. The output fd is made
    /// a slot with <see cref="OpOptions.FixedFile"/>.
    /// </summary>
    InputFdFixed = 1u << 31,
}

/// <summary>
/// The <c>int fds[2]</c> that <see cref="Ring.TryPreparePipe(SqeContext, Span{PipeDescriptors}, OpenFlags, FileTarget, in OpOptions)"/> fills: the read end and the write end (fds, or
/// direct-descriptor slots for the direct variants). The kernel writes it when the request completes, so it
/// must not move until the completion (native memory or a pinned array).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct PipeDescriptors
{
    /// <summary>The read end (<c>fds[0]</c>).</summary>
    public int Read;

    /// <summary>The write end (<c>fds[1]</c>).</summary>
    public int Write;
}
