using System;
using System.Numerics;
using System.Text;

namespace Uring;

/// <summary>
/// How many buffers each of the twelve <see cref="BufferTier"/>s holds in one shard of a multi-size provided-buffer
/// set (<see cref="ProvidedBufferOptions.MultiSize"/>); a count of 0 leaves the tier out. Immutable:
/// <see cref="With"/> returns a changed copy.
/// </summary>
/// <remarks>
/// The presets hold every tier they enable at its default count (<see cref="DefaultCountOf"/>: 32768 Pico buffers,
/// halving with each tier down to 16 Titan buffers), so every enabled tier takes twice the memory of the one below:
/// 1 MiB of Pico buffers, 2 MiB of Nano buffers, ..., 2 GiB of Titan buffers.
/// <list type="table">
/// <item><term><see cref="Minimal"/></term><description>Pico to Medium (5 tiers, 31 MiB).</description></item>
/// <item><term><see cref="Default"/></term><description>Pico to Large (7 tiers, 127 MiB).</description></item>
/// <item><term><see cref="Full"/></term><description>All 12 tiers (4095 MiB).</description></item>
/// </list>
/// </remarks>
public sealed class BufferTierSet : IEquatable<BufferTierSet>
{
    /// <summary>The number of tiers (<see cref="BufferTier.Pico"/> to <see cref="BufferTier.Titan"/>).</summary>
    public const int TierCount = 12;

    /// <summary>The most buffers a tier holds: the entries of one provided-buffer ring.</summary>
    public const int MaxCount = BufferOpConstants.MaxRingEntries;

    private const int SmallestSizeShift = 5;

    private readonly int[] _counts;

    private BufferTierSet(int[] counts)
    {
        _counts = counts;
        long bytes = 0;
        long entryBytes = 0;
        int enabled = 0;
        for (int tier = 0; tier < TierCount; tier++)
        {
            int count = counts[tier];
            if (count == 0)
            {
                continue;
            }

            enabled++;
            bytes += (long)count * SizeOf((BufferTier)tier);
            entryBytes += RingEntryBytes(count);
        }

        BytesPerShard = bytes;
        RingEntryBytesPerShard = entryBytes;
        EnabledTierCount = enabled;
    }

    /// <summary>Pico to Medium (32 B to 8 KiB) at their default counts: 31 MiB per shard.</summary>
    public static BufferTierSet Minimal { get; } = UpTo(BufferTier.Medium);

    /// <summary>Pico to Large (32 B to 128 KiB) at their default counts: 127 MiB per shard.</summary>
    public static BufferTierSet Default { get; } = UpTo(BufferTier.Large);

    /// <summary>All twelve tiers (32 B to 128 MiB) at their default counts: 4095 MiB per shard.</summary>
    public static BufferTierSet Full { get; } = UpTo(BufferTier.Titan);

    /// <summary>No tier enabled: the start for a set built with <see cref="With"/>.</summary>
    public static BufferTierSet Empty { get; } = new(new int[TierCount]);

    /// <summary>Buffer bytes of one shard: the sum over the tiers of count × size.</summary>
    public long BytesPerShard { get; }

    /// <summary>
    /// Bytes of ring entries one shard registers (each tier's count rounded up to a power of two, 16 bytes an entry,
    /// page-rounded per ring): what the kernel pins for it.
    /// </summary>
    public long RingEntryBytesPerShard { get; }

    /// <summary>How many tiers have buffers.</summary>
    public int EnabledTierCount { get; }

    /// <summary>The smallest tier with buffers.</summary>
    /// <exception cref="InvalidOperationException">No tier is enabled.</exception>
    public BufferTier SmallestEnabled => FirstEnabled(0, 1);

    /// <summary>The largest tier with buffers.</summary>
    /// <exception cref="InvalidOperationException">No tier is enabled.</exception>
    public BufferTier LargestEnabled => FirstEnabled(TierCount - 1, -1);

    /// <summary>The buffers <paramref name="tier"/> holds per shard (0: the tier is left out).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tier"/> is not a tier.</exception>
    public int this[BufferTier tier] => _counts[Index(tier)];

    /// <summary>Bytes per buffer of <paramref name="tier"/>: 32 × 4^tier (32 B to 128 MiB).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tier"/> is not a tier.</exception>
    public static int SizeOf(BufferTier tier) => 1 << (SmallestSizeShift + (2 * Index(tier)));

    /// <summary>The default buffer count of <paramref name="tier"/>: 32768 (1 &lt;&lt; 15) for Pico, halving with each tier to 16 for Titan.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tier"/> is not a tier.</exception>
    public static int DefaultCountOf(BufferTier tier) => (1 << 15) >> Index(tier);

    /// <summary>
    /// The smallest tier whose buffers hold <paramref name="size"/> bytes, whether or not it is enabled
    /// (<see cref="BufferTier.Titan"/> for sizes beyond 128 MiB).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is less than 1.</exception>
    public static BufferTier TierOfSize(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (size <= 1 << SmallestSizeShift)
        {
            return BufferTier.Pico;
        }

        // ceil(log2(size)) - 5 bits above the Pico size, two bits per tier, rounded up.
        int ceilingLog2 = BitOperations.Log2((uint)size - 1) + 1;
        return (BufferTier)Math.Min(TierCount - 1, (ceilingLog2 - SmallestSizeShift + 1) / 2);
    }

    /// <summary>
    /// The tier a receive of <paramref name="size"/> bytes uses: the smallest enabled tier whose buffers hold
    /// <paramref name="size"/> bytes, or the largest enabled tier when none does.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is less than 1.</exception>
    /// <exception cref="InvalidOperationException">No tier is enabled.</exception>
    public BufferTier TierFor(int size)
    {
        int wanted = (int)TierOfSize(size);
        for (int tier = wanted; tier < TierCount; tier++)
        {
            if (_counts[tier] != 0)
            {
                return (BufferTier)tier;
            }
        }

        return LargestEnabled;
    }

    /// <summary>True when <paramref name="tier"/> has buffers.</summary>
    public bool IsEnabled(BufferTier tier) => this[tier] != 0;

    /// <summary>A copy of this set with <paramref name="tier"/> holding <paramref name="count"/> buffers per shard (0 leaves it out).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is not in 0..<see cref="MaxCount"/>, or <paramref name="tier"/> is not a tier.</exception>
    public BufferTierSet With(BufferTier tier, int count)
    {
        int index = Index(tier);
        if (count < 0 || count > MaxCount)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"A tier holds 0 (left out) to {MaxCount} buffers per shard (the entries of one provided-buffer ring).");
        }

        int[] counts = (int[])_counts.Clone();
        counts[index] = count;
        return new BufferTierSet(counts);
    }

    /// <inheritdoc/>
    public bool Equals(BufferTierSet? other) => other is not null && _counts.AsSpan().SequenceEqual(other._counts);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as BufferTierSet);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        HashCode hash = default;
        foreach (int count in _counts)
        {
            hash.Add(count);
        }

        return hash.ToHashCode();
    }

    /// <summary>The enabled tiers and their counts, e.g. "Pico × 32768, Nano × 16384 (3 MiB per shard)".</summary>
    public override string ToString()
    {
        StringBuilder text = new();
        for (int tier = 0; tier < TierCount; tier++)
        {
            if (_counts[tier] != 0)
            {
                text.Append(text.Length == 0 ? "" : ", ").Append((BufferTier)tier).Append(" × ").Append(_counts[tier]);
            }
        }

        return text.Length == 0 ? "no tier" : text.Append(" (").Append(BytesPerShard >> 20).Append(" MiB per shard)").ToString();
    }

    /// <summary>Bytes the kernel pins for a ring of <paramref name="count"/> buffers: entries rounded up to a power of two, 16 bytes each, page-rounded.</summary>
    internal static long RingEntryBytes(int count)
    {
        long bytes = (long)BitOperations.RoundUpToPowerOf2((uint)count) * 16;
        return (bytes + 4095) & ~4095L;
    }

    private static BufferTierSet UpTo(BufferTier last)
    {
        int[] counts = new int[TierCount];
        for (int tier = 0; tier <= (int)last; tier++)
        {
            counts[tier] = DefaultCountOf((BufferTier)tier);
        }

        return new BufferTierSet(counts);
    }

    private static int Index(BufferTier tier)
    {
        if ((uint)tier >= TierCount)
        {
            throw new ArgumentOutOfRangeException(nameof(tier), tier, "A tier is Pico (0) to Titan (11).");
        }

        return (int)tier;
    }

    private BufferTier FirstEnabled(int start, int step)
    {
        for (int tier = start; tier >= 0 && tier < TierCount; tier += step)
        {
            if (_counts[tier] != 0)
            {
                return (BufferTier)tier;
            }
        }

        throw new InvalidOperationException("The tier set enables no tier.");
    }
}
