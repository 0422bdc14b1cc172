namespace Uring;

/// <summary>
/// The twelve buffer sizes of a multi-size provided-buffer set (<see cref="BufferTierSet"/>): powers of four
/// from 32 bytes (<see cref="Pico"/>) to 128 MiB (<see cref="Titan"/>). A tier's value is its index: tier
/// <c>t</c> holds buffers of <c>32 &lt;&lt; (2 × t)</c> bytes (<see cref="BufferTierSet.SizeOf"/>).
/// </summary>
public enum BufferTier
{
    /// <summary>32-byte buffers.</summary>
    Pico = 0,

    /// <summary>128-byte buffers.</summary>
    Nano = 1,

    /// <summary>512-byte buffers.</summary>
    Micro = 2,

    /// <summary>2 KiB buffers.</summary>
    Small = 3,

    /// <summary>8 KiB buffers.</summary>
    Medium = 4,

    /// <summary>32 KiB buffers.</summary>
    Big = 5,

    /// <summary>128 KiB buffers.</summary>
    Large = 6,

    /// <summary>512 KiB buffers.</summary>
    Great = 7,

    /// <summary>2 MiB buffers.</summary>
    Huge = 8,

    /// <summary>8 MiB buffers.</summary>
    Vast = 9,

    /// <summary>32 MiB buffers.</summary>
    Giant = 10,

    /// <summary>128 MiB buffers.</summary>
    Titan = 11,
}
