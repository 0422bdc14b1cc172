using System;

namespace Uring;

/// <summary><c>IORING_TIMEOUT_*</c> flags (the SQE <c>timeout_flags</c>).</summary>
[Flags]
public enum TimeoutFlags : uint
{
    /// <summary>Relative timeout on CLOCK_MONOTONIC.</summary>
    None = 0,
    /// <summary><c>IORING_TIMEOUT_ABS</c>: the timespec is an absolute time.</summary>
    Absolute = 1u << 0,
    /// <summary><c>IORING_TIMEOUT_UPDATE</c>: TIMEOUT_REMOVE updates instead of removing.</summary>
    Update = 1u << 1,
    /// <summary><c>IORING_TIMEOUT_BOOTTIME</c>: measure on CLOCK_BOOTTIME.</summary>
    BootTime = 1u << 2,
    /// <summary><c>IORING_TIMEOUT_REALTIME</c>: measure on CLOCK_REALTIME.</summary>
    RealTime = 1u << 3,
    /// <summary><c>IORING_LINK_TIMEOUT_UPDATE</c>: TIMEOUT_REMOVE updates a linked timeout.</summary>
    LinkTimeoutUpdate = 1u << 4,
    /// <summary><c>IORING_TIMEOUT_ETIME_SUCCESS</c>: expiry completes with -ETIME but does not fail a link.</summary>
    EtimeSuccess = 1u << 5,
    /// <summary><c>IORING_TIMEOUT_MULTISHOT</c>: re-arm; <c>off</c> is the number of shots.</summary>
    Multishot = 1u << 6,
}

/// <summary><c>IORING_ASYNC_CANCEL_*</c> flags (the SQE <c>cancel_flags</c>).</summary>
[Flags]
public enum AsyncCancelFlags : uint
{
    /// <summary>Match one request by user_data.</summary>
    None = 0,
    /// <summary><c>IORING_ASYNC_CANCEL_ALL</c>: cancel every match; the result is the count.</summary>
    All = 1u << 0,
    /// <summary><c>IORING_ASYNC_CANCEL_FD</c>: match on the file descriptor.</summary>
    Fd = 1u << 1,
    /// <summary><c>IORING_ASYNC_CANCEL_ANY</c>: match any request.</summary>
    Any = 1u << 2,
    /// <summary><c>IORING_ASYNC_CANCEL_FD_FIXED</c>: the fd is a registered-file index.</summary>
    FdFixed = 1u << 3,
    /// <summary><c>IORING_ASYNC_CANCEL_USERDATA</c>: match on user_data (explicit).</summary>
    UserData = 1u << 4,
    /// <summary><c>IORING_ASYNC_CANCEL_OP</c>: match on opcode (taken from <c>len</c>).</summary>
    Opcode = 1u << 5,
}

/// <summary><c>IORING_FSYNC_*</c> flags.</summary>
[Flags]
public enum FsyncFlags : uint
{
    /// <summary>Full <c>fsync</c>.</summary>
    None = 0,
    /// <summary><c>IORING_FSYNC_DATASYNC</c>: like <c>fdatasync(2)</c>.</summary>
    DataSync = 1u << 0,
}

/// <summary><c>IORING_NOP_*</c> flags (the SQE <c>nop_flags</c>).</summary>
[Flags]
public enum NopFlags : uint
{
    /// <summary>Plain no-op.</summary>
    None = 0,
    /// <summary><c>IORING_NOP_INJECT_RESULT</c>: the CQE result is the SQE <c>len</c>.</summary>
    InjectResult = 1u << 0,
    /// <summary><c>IORING_NOP_FILE</c>: look up <c>fd</c>.</summary>
    File = 1u << 1,
    /// <summary><c>IORING_NOP_FIXED_FILE</c>: look up <c>fd</c> as a registered file.</summary>
    FixedFile = 1u << 2,
    /// <summary><c>IORING_NOP_FIXED_BUFFER</c>: look up <c>buf_index</c>.</summary>
    FixedBuffer = 1u << 3,
    /// <summary><c>IORING_NOP_TW</c>: complete through task work.</summary>
    TaskWork = 1u << 4,
    /// <summary>
    /// <c>IORING_NOP_CQE32</c> (6.18): post a 32-byte completion carrying the SQE's <c>off</c> and <c>addr</c>. Needs a
    /// ring with <see cref="RingOptions.Cqe32"/> or <see cref="RingOptions.CqeMixed"/>; elsewhere the NOP fails with EINVAL.
    /// </summary>
    Cqe32 = 1u << 5,
}

/// <summary>Read/write flags (<c>RWF_*</c> from linux/fs.h), the SQE <c>rw_flags</c>.</summary>
[Flags]
public enum ReadWriteFlags : uint
{
    /// <summary>No flags.</summary>
    None = 0,
    /// <summary><c>RWF_HIPRI</c>.</summary>
    HighPriority = 0x1,
    /// <summary><c>RWF_DSYNC</c>.</summary>
    DataSync = 0x2,
    /// <summary><c>RWF_SYNC</c>.</summary>
    Sync = 0x4,
    /// <summary><c>RWF_NOWAIT</c>.</summary>
    NoWait = 0x8,
    /// <summary><c>RWF_APPEND</c>.</summary>
    Append = 0x10,
    /// <summary><c>RWF_NOAPPEND</c> (6.9).</summary>
    NoAppend = 0x20,
    /// <summary><c>RWF_ATOMIC</c> (6.11).</summary>
    Atomic = 0x40,
    /// <summary><c>RWF_DONTCACHE</c> (6.14).</summary>
    DontCache = 0x80,
    /// <summary><c>RWF_NOSIGNAL</c> (6.15).</summary>
    NoSignal = 0x100,
}
