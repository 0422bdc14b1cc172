using System;

namespace Uring;

/// <summary>
/// What a <see cref="ZeroCopyReceiver"/> registers: which NIC receive queue it takes over, the area the NIC writes into,
/// and the refill queue through which received chunks go back to the kernel. <see cref="Validate"/> (called by
/// <see cref="ZeroCopyReceiver.Register"/>) refuses values the kernel would refuse, naming the property.
/// </summary>
public sealed record ZeroCopyReceiverOptions
{
    /// <summary>Default <see cref="AreaSize"/>: 4 MiB.</summary>
    public const long DefaultAreaSize = 4L << 20;

    /// <summary>Default <see cref="RefillEntries"/>.</summary>
    public const int DefaultRefillEntries = 2048;

    /// <summary>The most refill entries the kernel takes (<c>IO_RQ_MAX_ENTRIES</c>).</summary>
    public const int MaxRefillEntries = 32768;

    /// <summary>The network interface, as <c>ip link</c> names it (for example <c>eth0</c>). Required.</summary>
    public string InterfaceName { get; init; } = string.Empty;

    /// <summary>
    /// The interface's receive queue to take over (0 or more, below the interface's queue count). Only connections the
    /// NIC steers to this queue (flow steering, <c>ethtool -N</c>) can be received through it.
    /// </summary>
    public int RxQueue { get; init; }

    /// <summary>
    /// Bytes of the area the NIC receives into: a positive multiple of <see cref="ChunkSize"/>. The kernel pins it,
    /// so it counts against <c>RLIMIT_MEMLOCK</c>.
    /// </summary>
    public long AreaSize { get; init; } = DefaultAreaSize;

    /// <summary>Entries of the refill queue: a power of two from 1 to <see cref="MaxRefillEntries"/>.</summary>
    public int RefillEntries { get; init; } = DefaultRefillEntries;

    /// <summary>
    /// Bytes per receive chunk: a power of two and a multiple of the page size (default: the page size). Linux 6.18
    /// receives into page-sized chunks only; a larger chunk needs a kernel that reports
    /// <c>ZCRX_FEATURE_RX_PAGE_SIZE</c>, and registration on another kernel throws <see cref="NotSupportedException"/>.
    /// </summary>
    public int ChunkSize { get; init; } = Environment.SystemPageSize;

    /// <summary>Refuses a value the kernel would refuse, with an exception whose <c>ParamName</c> is the property.</summary>
    /// <exception cref="ArgumentException"><see cref="InterfaceName"/> is empty or not an interface name.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size or count is out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(InterfaceName))
        {
            throw new ArgumentException("InterfaceName is required: the network interface whose receive queue to use (for example \"eth0\"; see /sys/class/net).", nameof(InterfaceName));
        }

        // IFNAMSIZ is 16 with the terminator; '/' and whitespace never occur in a Linux interface name.
        if (InterfaceName.Length > 15 || InterfaceName.AsSpan().IndexOfAny(" /\t\n:") >= 0)
        {
            throw new ArgumentException($"\"{InterfaceName}\" is not a Linux interface name (at most 15 characters, no '/', ':' or spaces).", nameof(InterfaceName));
        }

        if (RxQueue < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(RxQueue), RxQueue, "RxQueue is a receive queue index of the interface: 0 or more.");
        }

        int page = Environment.SystemPageSize;
        if (ChunkSize <= 0 || (ChunkSize & (ChunkSize - 1)) != 0 || ChunkSize % page != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ChunkSize), ChunkSize, $"ChunkSize must be a power of two and a multiple of the page size ({page}).");
        }

        if (AreaSize <= 0 || AreaSize % ChunkSize != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(AreaSize), AreaSize, $"AreaSize must be a positive multiple of ChunkSize ({ChunkSize}).");
        }

        // The offset a completion reports has 48 bits for the position in the area.
        if (AreaSize >= 1L << 48)
        {
            throw new ArgumentOutOfRangeException(nameof(AreaSize), AreaSize, "AreaSize must be below 2^48 bytes (the width of a zero-copy receive offset).");
        }

        if (RefillEntries <= 0 || RefillEntries > MaxRefillEntries || (RefillEntries & (RefillEntries - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(RefillEntries), RefillEntries, $"RefillEntries must be a power of two from 1 to {MaxRefillEntries}.");
        }
    }
}
