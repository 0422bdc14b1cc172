using System;

namespace Uring;

/// <summary>
/// <c>IOU_PBUF_RING_*</c> flags (<c>io_uring_buf_reg.flags</c>) for
/// <see cref="Ring.RegisterProvidedBufferRing"/>. Other bits are rejected with EINVAL.
/// </summary>
[Flags]
public enum ProvidedBufferRingFlags : ushort
{
    /// <summary>The ring memory is allocated by the runtime (page-aligned native memory) and registered.</summary>
    None = 0,
    /// <summary>
    /// <c>IOU_PBUF_RING_MMAP</c> (6.4): the kernel allocates the ring and the runtime maps it at
    /// <c>IORING_OFF_PBUF_RING | bgid &lt;&lt; 16</c>. The buffers themselves stay in runtime-owned memory.
    /// </summary>
    KernelAllocated = 1,
    /// <summary>
    /// <c>IOU_PBUF_RING_INC</c> (6.12): incremental consumption. A completion may use only part of a buffer;
    /// it then carries <see cref="CqeFlags.BufferMore"/> and the next completion with the same buffer id
    /// continues where the previous one stopped.
    /// </summary>
    Incremental = 2,
}

/// <summary><c>IORING_MSG_RING_*</c> flags (the SQE <c>msg_ring_flags</c>).</summary>
[Flags]
public enum MsgRingFlags : uint
{
    /// <summary>No flags.</summary>
    None = 0,
    /// <summary>
    /// <c>IORING_MSG_RING_CQE_SKIP</c>: post no completion on the target ring. Only for passing a file
    /// (<c>IORING_MSG_SEND_FD</c>); with <c>IORING_MSG_DATA</c> the kernel fails the request with EINVAL.
    /// </summary>
    CqeSkip = 1u << 0,
    /// <summary><c>IORING_MSG_RING_FLAGS_PASS</c> (6.3): the target completion's <c>flags</c> are the SQE <c>file_index</c>.</summary>
    FlagsPass = 1u << 1,
}

/// <summary><c>IORING_FIXED_FD_*</c> flags (the SQE <c>install_fd_flags</c>) for <see cref="Ring.TryPrepareFixedFdInstall"/>.</summary>
[Flags]
public enum FixedFdInstallFlags : uint
{
    /// <summary>The installed descriptor is close-on-exec (the default, like <c>O_CLOEXEC</c>).</summary>
    None = 0,
    /// <summary><c>IORING_FIXED_FD_NO_CLOEXEC</c>: the installed descriptor survives <c>execve(2)</c>.</summary>
    NoCloseOnExec = 1u << 0,
}

/// <summary><c>IORING_URING_CMD_*</c> flags (the SQE <c>uring_cmd_flags</c>).</summary>
[Flags]
public enum UringCmdFlags : uint
{
    /// <summary>No flags.</summary>
    None = 0,
    /// <summary><c>IORING_URING_CMD_FIXED</c>: the command uses registered buffer <c>buf_index</c>.</summary>
    FixedBuffer = 1u << 0,
    /// <summary>
    /// <c>IORING_URING_CMD_MULTISHOT</c> (6.18; not in liburing): a multishot command that selects provided
    /// buffers; must be used with <see cref="SqeFlags.BufferSelect"/>.
    /// </summary>
    Multishot = 1u << 1,
}

/// <summary>Limits of the provided-buffer ops (values from the 6.18 uapi).</summary>
internal static class BufferOpConstants
{
    /// <summary>The kernel's largest provided-buffer ring (entries).</summary>
    public const int MaxRingEntries = 32768;
}
