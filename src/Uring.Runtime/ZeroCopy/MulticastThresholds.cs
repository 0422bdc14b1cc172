namespace Uring;

/// <summary>Which payload sizes a <see cref="Multicast"/> from a registered buffer sends with zero copy.</summary>
public enum MulticastThresholds
{
    /// <summary><see cref="MulticastPolicy.ZeroCopyThreshold"/>: zero copy only where it clearly pays (8 KiB down to 1.5 KiB by fan-out).</summary>
    Conservative,

    /// <summary><see cref="MulticastPolicy.AggressiveZeroCopyThreshold"/>: zero copy from 1.5 KiB down to every size from 256 targets.</summary>
    Aggressive,
}
