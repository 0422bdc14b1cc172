using System;

namespace Uring;

/// <summary>The per-request <c>IOSQE_*</c> flags (the SQE byte at offset 1).</summary>
[Flags]
public enum SqeFlags : byte
{
    /// <summary>No flags.</summary>
    None = 0,
    /// <summary><c>IOSQE_FIXED_FILE</c>: <c>fd</c> is an index into the registered-file table.</summary>
    FixedFile = 1 << 0,
    /// <summary><c>IOSQE_IO_DRAIN</c>: start only after every earlier request has completed.</summary>
    IoDrain = 1 << 1,
    /// <summary><c>IOSQE_IO_LINK</c>: the next request starts after this one succeeds; the chain breaks on error.</summary>
    IoLink = 1 << 2,
    /// <summary><c>IOSQE_IO_HARDLINK</c>: like <see cref="IoLink"/>, but the chain survives errors.</summary>
    IoHardLink = 1 << 3,
    /// <summary><c>IOSQE_ASYNC</c>: always punt to an io-wq worker.</summary>
    Async = 1 << 4,
    /// <summary><c>IOSQE_BUFFER_SELECT</c> (0x20): pick a buffer from the group in <c>buf_group</c>.</summary>
    BufferSelect = 1 << 5,
    /// <summary><c>IOSQE_CQE_SKIP_SUCCESS</c>: post no CQE when the request succeeds.</summary>
    CqeSkipSuccess = 1 << 6,
}
