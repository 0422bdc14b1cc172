using System;

namespace Uring;

/// <summary>
/// When a <see cref="Multicast"/> from a registered buffer switches from copying sends to zero-copy sends: the
/// thresholds by payload size and fan-out, for each <see cref="MulticastThresholds"/>. A zero-copy send costs a second CQE (the
/// notification) and page pinning, which only pays once the copy it saves is large or repeated for many
/// targets. They come from Linux 6.18 measurements (an io_uring cycle costs about 523 ns, and zero copy
/// needs 2 cycles); they are policy, not kernel facts.
/// </summary>
public static class MulticastPolicy
{
    /// <summary>
    /// The <see cref="MulticastThresholds.Conservative"/> threshold: the smallest payload in bytes sent with
    /// zero copy to <paramref name="targetCount"/> targets. Fewer than 8 targets: 8 KiB; fewer than 64:
    /// 4 KiB; fewer than 512: 3 KiB; fewer than 4096: 2 KiB; otherwise 1.5 KiB.
    /// </summary>
    public static int ZeroCopyThreshold(int targetCount) => targetCount switch
    {
        >= 4096 => 1536,
        >= 512 => 2048,
        >= 64 => 3072,
        >= 8 => 4096,
        _ => 8192,
    };

    /// <summary>
    /// The <see cref="MulticastThresholds.Aggressive"/> threshold. Fewer than 4 targets: 1.5 KiB; fewer
    /// than 16: 1 KiB; fewer than 64: 512 B; fewer than 256: 128 B; otherwise every size.
    /// </summary>
    public static int AggressiveZeroCopyThreshold(int targetCount) => targetCount switch
    {
        >= 256 => 0,
        >= 64 => 128,
        >= 16 => 512,
        >= 4 => 1024,
        _ => 1536,
    };

    /// <summary>
    /// True when a multicast of <paramref name="length"/> bytes to <paramref name="targetCount"/> targets
    /// sends with zero copy under <paramref name="thresholds"/> (which also needs the payload in a registered buffer).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="thresholds"/> is not a defined value.</exception>
    public static bool UsesZeroCopy(int targetCount, int length, MulticastThresholds thresholds) => thresholds switch
    {
        MulticastThresholds.Conservative => length >= ZeroCopyThreshold(targetCount),
        MulticastThresholds.Aggressive => length >= AggressiveZeroCopyThreshold(targetCount),
        _ => throw new ArgumentOutOfRangeException(nameof(thresholds), thresholds, "Use MulticastThresholds.Conservative or MulticastThresholds.Aggressive."),
    };
}
