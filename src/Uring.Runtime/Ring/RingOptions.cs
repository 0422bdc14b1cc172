using System;

namespace Uring;

/// <summary>
/// How a <see cref="Ring"/> is set up. The defaults: 2048 entries, one issuing
/// thread (<c>SINGLE_ISSUER | DEFER_TASKRUN</c>), no SQ index array (<c>NO_SQARRAY</c>), and successful
/// write-like requests posting no completion (<see cref="NotifySucceed"/> = false).
/// </summary>
public sealed partial record RingOptions
{
    /// <summary>8 entries.</summary>
    public const int EntriesPico = 8;
    /// <summary>32 entries.</summary>
    public const int EntriesNano = 32;
    /// <summary>128 entries.</summary>
    public const int EntriesMicro = 128;
    /// <summary>512 entries.</summary>
    public const int EntriesSmall = 512;
    /// <summary>2048 entries (the default).</summary>
    public const int EntriesMedium = 2048;
    /// <summary>8192 entries.</summary>
    public const int EntriesLarge = 8192;
    /// <summary>32768 entries, the kernel's SQ maximum.</summary>
    public const int EntriesHuge = 32768;

    /// <summary>
    /// SQ entries (1..32768, rounded up to a power of two). Also the capacity of the ring's context pools,
    /// so pooled contexts in flight never exceed what the ring holds. Default <see cref="EntriesMedium"/>.
    /// </summary>
    public int Entries { get; init; } = EntriesMedium;

    /// <summary>
    /// CQ entries (<c>IORING_SETUP_CQSIZE</c>; at least <see cref="Entries"/>, at most 65536, rounded up to a power
    /// of two); 0 (the default) lets the kernel use twice <see cref="Entries"/>.
    /// </summary>
    public int CompletionEntries { get; init; }

    /// <summary>
    /// False (default): one thread drives the ring (<c>SINGLE_ISSUER | DEFER_TASKRUN</c>, no locks; the
    /// thread that calls <see cref="Ring.Start"/> owns it). True: any thread may submit and reap
    /// (<c>COOP_TASKRUN</c> and one lock around submission and reaping).
    /// </summary>
    public bool MultiIssuers { get; init; }

    /// <summary>
    /// False (default): write-like requests (write, send, ...) carry
    /// <c>IOSQE_CQE_SKIP_SUCCESS</c>, so they post a completion only when they fail. True: every request
    /// posts a completion. Waiting for a write's success completion needs true.
    /// </summary>
    public bool NotifySucceed { get; init; }

    /// <summary>True: keep the SQ index array (no <c>NO_SQARRAY</c>). Default false.</summary>
    public bool IndirectSubmissionQueue { get; init; }

    /// <summary>True: 128-byte SQEs (<c>SQE128</c>), needed by 80-byte <c>URING_CMD</c> payloads.</summary>
    public bool Sqe128 { get; init; }

    /// <summary>True: 32-byte CQEs (<c>CQE32</c>); the reap paths step over the extra 16 bytes.</summary>
    public bool Cqe32 { get; init; }

    /// <summary>
    /// True: busy-poll completions with a sleep before polling (<c>IOPOLL | HYBRID_IOPOLL</c>, no task-run flags).
    /// Only for O_DIRECT I/O on polling-capable block devices. See also <see cref="IoPolling"/>.
    /// </summary>
    public bool HybridPolling { get; init; }

    /// <summary>Throws if a value is out of range or options exclude each other.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An entry count, the SQPOLL CPU or idle time is out of range.</exception>
    /// <exception cref="ArgumentException">
    /// Options exclude each other or miss what they need (SQPOLL settings without <see cref="SubmissionPolling"/>, mixed
    /// and fixed entry sizes together, an <see cref="AttachWorkQueue"/> the kernel would refuse); <c>ParamName</c> names the option.
    /// </exception>
    public void Validate()
    {
        if (Entries < 1 || (Entries > EntriesHuge && !ClampEntries))
        {
            throw new ArgumentOutOfRangeException(nameof(Entries), Entries, $"Entries must be in 1..{EntriesHuge} (or at least 1 with ClampEntries, which caps it at {EntriesHuge}).");
        }

        if (CompletionEntries < 0 || (CompletionEntries > MaxCompletionEntries && !ClampEntries))
        {
            throw new ArgumentOutOfRangeException(nameof(CompletionEntries), CompletionEntries, $"CompletionEntries must be in 0..{MaxCompletionEntries} (0 = twice Entries; ClampEntries caps larger values).");
        }

        // The kernel compares the two after clamping and rounding up to powers of two.
        if (CompletionEntries != 0 && EffectiveCount(CompletionEntries, MaxCompletionEntries) < EffectiveCount(Entries, EntriesHuge))
        {
            throw new ArgumentOutOfRangeException(nameof(CompletionEntries), CompletionEntries, "CompletionEntries must be at least Entries.");
        }

        ValidateCombinations();
    }

    /// <summary>The <c>IORING_SETUP_*</c> flags these options ask for (always including <c>R_DISABLED</c>).</summary>
    public SetupFlags ToSetupFlags()
    {
        SetupFlags flags = SetupFlags.RDisabled;
        if (HybridPolling || IoPolling)
        {
            flags |= SetupFlags.IoPoll | (HybridPolling ? SetupFlags.HybridIoPoll : SetupFlags.None);
        }

        if (SubmissionPolling)
        {
            // The kernel refuses DEFER_TASKRUN with SQPOLL: the SQ thread issues the requests and runs their
            // completion work, so the application never has to enter for it. SINGLE_ISSUER still holds: only the
            // owner thread writes the SQ.
            flags |= SetupFlags.SqPoll | (SubmissionPollingCpu is null ? SetupFlags.None : SetupFlags.SqAff);
        }

        if (SubmissionPolling || HybridPolling || IoPolling)
        {
            // Polling rings run without the task-run flags: completions are polled (IOPOLL) or posted by the SQ thread.
            if (!MultiIssuers)
            {
                flags |= SetupFlags.SingleIssuer;
            }
        }
        else if (MultiIssuers)
        {
            flags |= SetupFlags.CoopTaskrun | SetupFlags.TaskrunFlag;
        }
        else
        {
            flags |= SetupFlags.SingleIssuer | SetupFlags.DeferTaskrun | SetupFlags.TaskrunFlag;
        }

        if (!IndirectSubmissionQueue)
        {
            flags |= SetupFlags.NoSqArray;
        }

        if (Sqe128)
        {
            flags |= SetupFlags.Sqe128;
        }

        if (Cqe32)
        {
            flags |= SetupFlags.Cqe32;
        }

        if (CompletionEntries != 0)
        {
            flags |= SetupFlags.CqSize;
        }

        if (ClampEntries)
        {
            flags |= SetupFlags.Clamp;
        }

        if (AttachWorkQueue is not null)
        {
            flags |= SetupFlags.AttachWq;
        }

        if (SqeMixed)
        {
            flags |= SetupFlags.SqeMixed;
        }

        if (CqeMixed)
        {
            flags |= SetupFlags.CqeMixed;
        }

        return flags;
    }
}
