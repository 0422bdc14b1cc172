namespace Uring;

public sealed partial record RingOptions
{
    /// <summary>The kernel's CQ maximum (<c>IORING_MAX_CQ_ENTRIES</c>).</summary>
    public const int MaxCompletionEntries = 65536;

    /// <summary>
    /// True: entry counts above the kernel's maxima (32768 SQ, 65536 CQ entries) are clamped to them
    /// (<c>IORING_SETUP_CLAMP</c>) instead of refused. <see cref="Ring.Features"/> reports what was granted.
    /// </summary>
    public bool ClampEntries { get; init; }

    /// <summary>
    /// True: 64- and 128-byte SQEs share one queue (<c>IORING_SETUP_SQE_MIXED</c>, Linux 6.19+). On an older kernel
    /// the constructor throws <see cref="System.NotSupportedException"/> naming the version needed. Not with
    /// <see cref="Sqe128"/>.
    /// </summary>
    public bool SqeMixed { get; init; }

    /// <summary>
    /// True: 16- and 32-byte CQEs share one queue (<c>IORING_SETUP_CQE_MIXED</c>, Linux 6.18+): a request asks for a
    /// 32-byte completion (for example a NOP with <see cref="NopFlags.Cqe32"/>), and every other completion stays 16
    /// bytes. The reap paths step over the extra 16 bytes and drop the kernel's padding entries; queue counts
    /// (<see cref="Ring.CqPending"/>, a wait's minimum) are in 16-byte slots, as the kernel counts them. Not with
    /// <see cref="Cqe32"/>.
    /// </summary>
    public bool CqeMixed { get; init; }

    /// <summary>Clamps <paramref name="count"/> to <paramref name="maximum"/> and rounds it up to a power of two, as the kernel does.</summary>
    private static long EffectiveCount(int count, int maximum)
        => (long)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)System.Math.Min(count, maximum));
}
