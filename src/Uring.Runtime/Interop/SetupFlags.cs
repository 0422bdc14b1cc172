using System;

namespace Uring;

/// <summary>The <c>IORING_SETUP_*</c> flags of <c>io_uring_params.flags</c> (Linux 6.18 accepts bits 0–18).</summary>
[Flags]
public enum SetupFlags : uint
{
    /// <summary>No flags.</summary>
    None = 0,
    /// <summary><c>IORING_SETUP_IOPOLL</c>: busy-poll for completions (O_DIRECT on polling-capable devices).</summary>
    IoPoll = 1u << 0,
    /// <summary><c>IORING_SETUP_SQPOLL</c>: a kernel thread polls the submission queue.</summary>
    SqPoll = 1u << 1,
    /// <summary><c>IORING_SETUP_SQ_AFF</c>: pin the SQPOLL thread to <c>sq_thread_cpu</c>.</summary>
    SqAff = 1u << 2,
    /// <summary><c>IORING_SETUP_CQSIZE</c>: use <c>cq_entries</c>.</summary>
    CqSize = 1u << 3,
    /// <summary><c>IORING_SETUP_CLAMP</c>: clamp oversized entry counts instead of failing.</summary>
    Clamp = 1u << 4,
    /// <summary><c>IORING_SETUP_ATTACH_WQ</c>: share the io-wq of <c>wq_fd</c>.</summary>
    AttachWq = 1u << 5,
    /// <summary><c>IORING_SETUP_R_DISABLED</c>: start disabled; enable with <c>IORING_REGISTER_ENABLE_RINGS</c>.</summary>
    RDisabled = 1u << 6,
    /// <summary><c>IORING_SETUP_SUBMIT_ALL</c>: keep submitting after a request fails at submit time.</summary>
    SubmitAll = 1u << 7,
    /// <summary><c>IORING_SETUP_COOP_TASKRUN</c>: do not interrupt the task to run completions.</summary>
    CoopTaskrun = 1u << 8,
    /// <summary><c>IORING_SETUP_TASKRUN_FLAG</c>: set <c>IORING_SQ_TASKRUN</c> when completion work is pending.</summary>
    TaskrunFlag = 1u << 9,
    /// <summary><c>IORING_SETUP_SQE128</c>: 128-byte SQEs.</summary>
    Sqe128 = 1u << 10,
    /// <summary><c>IORING_SETUP_CQE32</c>: 32-byte CQEs.</summary>
    Cqe32 = 1u << 11,
    /// <summary><c>IORING_SETUP_SINGLE_ISSUER</c>: only one task submits.</summary>
    SingleIssuer = 1u << 12,
    /// <summary><c>IORING_SETUP_DEFER_TASKRUN</c>: run completion work only when the issuer waits.</summary>
    DeferTaskrun = 1u << 13,
    /// <summary><c>IORING_SETUP_NO_MMAP</c>: the application supplies the ring memory.</summary>
    NoMmap = 1u << 14,
    /// <summary><c>IORING_SETUP_REGISTERED_FD_ONLY</c>: return a registered ring index instead of an fd.</summary>
    RegisteredFdOnly = 1u << 15,
    /// <summary><c>IORING_SETUP_NO_SQARRAY</c>: no SQ index array; the SQE index is the tail slot.</summary>
    NoSqArray = 1u << 16,
    /// <summary><c>IORING_SETUP_HYBRID_IOPOLL</c>: sleep before polling (needs <see cref="IoPoll"/>).</summary>
    HybridIoPoll = 1u << 17,
    /// <summary><c>IORING_SETUP_CQE_MIXED</c>: 16- and 32-byte CQEs in one ring (6.18).</summary>
    CqeMixed = 1u << 18,
    /// <summary><c>IORING_SETUP_SQE_MIXED</c>: 64- and 128-byte SQEs in one ring (6.19; Linux 6.18 refuses it).</summary>
    SqeMixed = 1u << 19,
}

/// <summary>The <c>IORING_FEAT_*</c> bits the kernel reports in <c>io_uring_params.features</c>.</summary>
[Flags]
public enum KernelFeatures : uint
{
    /// <summary>No features.</summary>
    None = 0,
    /// <summary><c>IORING_FEAT_SINGLE_MMAP</c>: SQ and CQ rings share one mapping.</summary>
    SingleMmap = 1u << 0,
    /// <summary><c>IORING_FEAT_NODROP</c>: overflowing CQEs are kept, not dropped.</summary>
    NoDrop = 1u << 1,
    /// <summary><c>IORING_FEAT_SUBMIT_STABLE</c>: submitted data may be reused after submit.</summary>
    SubmitStable = 1u << 2,
    /// <summary><c>IORING_FEAT_RW_CUR_POS</c>: offset -1 means the current file position.</summary>
    RwCurPos = 1u << 3,
    /// <summary><c>IORING_FEAT_CUR_PERSONALITY</c>.</summary>
    CurPersonality = 1u << 4,
    /// <summary><c>IORING_FEAT_FAST_POLL</c>.</summary>
    FastPoll = 1u << 5,
    /// <summary><c>IORING_FEAT_POLL_32BITS</c>.</summary>
    Poll32Bits = 1u << 6,
    /// <summary><c>IORING_FEAT_SQPOLL_NONFIXED</c>.</summary>
    SqPollNonFixed = 1u << 7,
    /// <summary><c>IORING_FEAT_EXT_ARG</c>: <c>io_uring_enter</c> takes <c>io_uring_getevents_arg</c>.</summary>
    ExtArg = 1u << 8,
    /// <summary><c>IORING_FEAT_NATIVE_WORKERS</c>.</summary>
    NativeWorkers = 1u << 9,
    /// <summary><c>IORING_FEAT_RSRC_TAGS</c>.</summary>
    RsrcTags = 1u << 10,
    /// <summary><c>IORING_FEAT_CQE_SKIP</c>.</summary>
    CqeSkip = 1u << 11,
    /// <summary><c>IORING_FEAT_LINKED_FILE</c>.</summary>
    LinkedFile = 1u << 12,
    /// <summary><c>IORING_FEAT_REG_REG_RING</c>.</summary>
    RegRegRing = 1u << 13,
    /// <summary><c>IORING_FEAT_RECVSEND_BUNDLE</c>.</summary>
    RecvSendBundle = 1u << 14,
    /// <summary><c>IORING_FEAT_MIN_TIMEOUT</c>.</summary>
    MinTimeout = 1u << 15,
    /// <summary><c>IORING_FEAT_RW_ATTR</c>.</summary>
    RwAttr = 1u << 16,
    /// <summary><c>IORING_FEAT_NO_IOWAIT</c>.</summary>
    NoIoWait = 1u << 17,
}
