using System;
using System.Numerics;

namespace Uring;

/// <summary>
/// How a memory budget is split between a ring's entries, registered (fixed) buffers and provided-buffer groups.
/// <see cref="RingOptions.ForMemoryBudget"/> and <see cref="RingOptions.ForSystemMemory()"/> build ring options from it.
/// </summary>
/// <remarks>
/// <para>The split, for a budget clamped to <see cref="MinimumBytes"/> (16 MiB) .. <see cref="MaximumBytes"/> (128 GiB):</para>
/// <list type="bullet">
/// <item><see cref="Entries"/>: 512 below 32 MiB, 2048 below 256 MiB, 8192 below 1 GiB, else 32768.</item>
/// <item><see cref="RegisteredBufferBytes"/>: 25 % of the budget, at least 8 MiB, rounded up to a power of two.</item>
/// <item><see cref="ProvidedBufferBytes"/>: the rest, less 96 bytes per entry for the queues.</item>
/// <item><see cref="ProvidedBuffers"/>: the largest tier set (Pico up to Medium, Big, Large, ..., Titan, at the default
/// counts: 31, 63, 127, ..., 4095 MiB) that fits <see cref="ProvidedBufferBytes"/>, in the most shards (a power of two)
/// that still fit. When not even the 31 MiB set fits, single-size groups of 8 KiB buffers: as many as fit, a power of
/// two, at most twice <see cref="Entries"/>.</item>
/// </list>
/// <para>The provided buffers never exceed <see cref="ProvidedBufferBytes"/>, so the plan stays within the budget.
/// Examples: 16 MiB gives 512 entries, 8 MiB registered, 512 single-size 8 KiB buffers; 128 MiB (a 512 MiB machine)
/// gives 2048 entries, 32 MiB registered, tiers Pico to Big; 1 GiB (a 4 GiB machine) gives 32768 entries, 256 MiB
/// registered, tiers Pico to Huge.</para>
/// </remarks>
public sealed class RingMemoryBudget
{
    /// <summary>The smallest budget: 16 MiB (smaller ones are raised to it).</summary>
    public const long MinimumBytes = 16L << 20;

    /// <summary>The largest budget: 128 GiB (larger ones are lowered to it).</summary>
    public const long MaximumBytes = 128L << 30;

    /// <summary>The share of a machine's memory <see cref="ForSystemMemory"/> budgets: 25 %.</summary>
    public const int SystemMemoryPercent = 25;

    /// <summary>The share of a budget kept for registered buffers: 25 %.</summary>
    public const int RegisteredPercent = 25;

    /// <summary>The least memory kept for registered buffers: 8 MiB.</summary>
    public const long MinimumRegisteredBytes = 8L << 20;

    /// <summary>The size of one registered buffer of the plan (<see cref="RegisteredBufferCount"/>): 128 KiB.</summary>
    public const int RegisteredBufferSize = 128 * 1024;

    /// <summary>What each ring entry is reckoned to cost: a 64-byte SQE and two 16-byte CQEs.</summary>
    public const int BytesPerEntry = 96;

    private const int FallbackBufferSize = 8192;

    private RingMemoryBudget(long budget)
    {
        Budget = Math.Clamp(budget, MinimumBytes, MaximumBytes);
        Entries = Budget switch
        {
            < 32L << 20 => RingOptions.EntriesSmall,
            < 256L << 20 => RingOptions.EntriesMedium,
            < 1L << 30 => RingOptions.EntriesLarge,
            _ => RingOptions.EntriesHuge,
        };
        RegisteredBufferBytes = (long)BitOperations.RoundUpToPowerOf2((ulong)Math.Max(Budget * RegisteredPercent / 100, MinimumRegisteredBytes));
        ProvidedBufferBytes = Math.Max(0, Budget - RegisteredBufferBytes - ((long)BytesPerEntry * Entries));
        ProvidedBuffers = PlanProvidedBuffers(ProvidedBufferBytes, Entries);
    }

    /// <summary>The budget after clamping to <see cref="MinimumBytes"/> .. <see cref="MaximumBytes"/>.</summary>
    public long Budget { get; }

    /// <summary>Ring entries (<see cref="RingOptions.Entries"/>).</summary>
    public int Entries { get; }

    /// <summary>
    /// Memory kept for registered (fixed) buffers. It is not registered for you: register it with
    /// <c>ring.RegisterBuffers(budget.RegisteredBufferCount, RingMemoryBudget.RegisteredBufferSize)</c> when the fixed
    /// ops need it (pinned memory: without <c>CAP_IPC_LOCK</c> it must fit <c>RLIMIT_MEMLOCK</c>).
    /// </summary>
    public long RegisteredBufferBytes { get; }

    /// <summary><see cref="RegisteredBufferBytes"/> in buffers of <see cref="RegisteredBufferSize"/> (at most <see cref="BufferLimits.MaxRegisteredBuffers"/>).</summary>
    public int RegisteredBufferCount => (int)Math.Min(RegisteredBufferBytes / RegisteredBufferSize, BufferLimits.MaxRegisteredBuffers);

    /// <summary>Memory left for provided-buffer groups.</summary>
    public long ProvidedBufferBytes { get; }

    /// <summary>The provided-buffer groups the budget pays for (see the remarks).</summary>
    public ProvidedBufferOptions ProvidedBuffers { get; }

    /// <summary>
    /// The memory this process can have: <see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/>, the machine's physical
    /// memory or the container's limit.
    /// </summary>
    public static long SystemMemoryBytes => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>The split of a budget of <paramref name="bytes"/> (clamped to 16 MiB .. 128 GiB).</summary>
    public static RingMemoryBudget For(long bytes) => new(bytes);

    /// <summary>The split of 25 % of <paramref name="systemMemoryBytes"/>, a machine's memory.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="systemMemoryBytes"/> is negative.</exception>
    public static RingMemoryBudget ForSystemMemory(long systemMemoryBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(systemMemoryBytes);
        return new RingMemoryBudget(Math.Min(systemMemoryBytes, MaximumBytes * 4) * SystemMemoryPercent / 100);
    }

    /// <summary>Ring options with <see cref="Entries"/> and <see cref="ProvidedBuffers"/> (everything else at its default).</summary>
    public RingOptions ToRingOptions() => new() { Entries = Entries, ProvidedBuffers = ProvidedBuffers };

    /// <summary>The plan in words.</summary>
    public override string ToString()
        => $"budget {Budget >> 20} MiB: {Entries} entries, {RegisteredBufferBytes >> 20} MiB registered, {ProvidedBufferBytes >> 20} MiB provided ({ProvidedBuffers})";

    private static ProvidedBufferOptions PlanProvidedBuffers(long bytes, int entries)
    {
        BufferTierSet? fitting = null;
        BufferTierSet candidate = BufferTierSet.Minimal;
        for (int last = (int)BufferTier.Medium; last < BufferTierSet.TierCount; last++)
        {
            if (last > (int)BufferTier.Medium)
            {
                candidate = candidate.With((BufferTier)last, BufferTierSet.DefaultCountOf((BufferTier)last));
            }

            if (candidate.BytesPerShard > bytes)
            {
                break;
            }

            fitting = candidate;
        }

        if (fitting is null)
        {
            long count = Math.Min(2L * entries, bytes / FallbackBufferSize);
            return ProvidedBufferOptions.SingleSize(1 << BitOperations.Log2((ulong)Math.Max(1, count)), FallbackBufferSize);
        }

        long shards = Math.Min(bytes / fitting.BytesPerShard, ProvidedBufferOptions.MaxShards);
        return ProvidedBufferOptions.MultiSize(fitting, 1 << BitOperations.Log2((ulong)shards));
    }
}
