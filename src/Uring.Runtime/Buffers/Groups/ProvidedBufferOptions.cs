using System;
using System.Numerics;

namespace Uring;

/// <summary>
/// A set of provided-buffer groups to provision at once: given to <see cref="RingOptions.ProvidedBuffers"/> (the ring
/// registers them in <see cref="Ring.Start"/>) or to <see cref="Ring.RegisterProvidedBufferGroups"/>. Two shapes:
/// <list type="bullet">
/// <item><see cref="SingleSize"/>: <see cref="BufferCount"/> buffers of <see cref="BufferSize"/> bytes, split over
/// <see cref="GroupCount"/> groups of at most 32768 buffers (a power of two of them). A socket's receives use group
/// <c><see cref="GroupIdOffset"/> + (fd &amp; (GroupCount - 1))</c>: sockets are sharded over the groups by fd.</item>
/// <item><see cref="MultiSize"/>: <see cref="Shards"/> copies of a <see cref="BufferTierSet"/>, one group per enabled
/// tier per shard, with id <c><see cref="GroupIdOffset"/> + 12 × (fd &amp; (Shards - 1)) + tier</c>. A receive of
/// <c>size</c> bytes uses the smallest enabled tier whose buffers hold it, or the largest enabled tier.</item>
/// </list>
/// Immutable; the factories check every value (<see cref="ArgumentOutOfRangeException"/> naming the parameter).
/// </summary>
public sealed class ProvidedBufferOptions
{
    /// <summary>The receive size a receive without one uses to pick a tier: 8 KiB (<see cref="BufferTier.Medium"/>).</summary>
    public const int DefaultReceiveSize = 8192;

    /// <summary>The single-size default buffer size: 8 KiB.</summary>
    public const int DefaultBufferSize = 8192;

    /// <summary>The single-size default buffer count: 4096 (twice the default ring entries).</summary>
    public const int DefaultBufferCount = 4096;

    /// <summary>The most shards of a multi-size set (4096: 12 × 4096 group ids fit the 16-bit id space).</summary>
    public const int MaxShards = 4096;

    private const int GroupIdSpace = ushort.MaxValue + 1;

    private ProvidedBufferOptions(int bufferCount, int bufferSize, BufferTierSet? tiers, int shards, int groupCount, ushort groupIdOffset)
    {
        BufferCount = bufferCount;
        BufferSize = bufferSize;
        Tiers = tiers;
        Shards = shards;
        GroupCount = groupCount;
        GroupIdOffset = groupIdOffset;
        if (tiers is null)
        {
            BuffersPerGroup = (int)(((long)bufferCount + groupCount - 1) / groupCount);
            TotalBufferBytes = (long)BuffersPerGroup * groupCount * bufferSize;
            RingEntryBytes = BufferTierSet.RingEntryBytes(BuffersPerGroup) * groupCount;
            GroupIdCount = groupCount;
        }
        else
        {
            TotalBufferBytes = tiers.BytesPerShard * shards;
            RingEntryBytes = tiers.RingEntryBytesPerShard * shards;
            GroupIdCount = BufferTierSet.TierCount * shards;
        }
    }

    /// <summary>True for a <see cref="MultiSize"/> set (<see cref="Tiers"/> is not null).</summary>
    public bool IsMultiSize => Tiers is not null;

    /// <summary>Single-size: the buffers asked for (each group holds <see cref="BuffersPerGroup"/>). 0 for a multi-size set.</summary>
    public int BufferCount { get; }

    /// <summary>Single-size: bytes per buffer. 0 for a multi-size set (see <see cref="BufferTierSet.SizeOf"/>).</summary>
    public int BufferSize { get; }

    /// <summary>Single-size: buffers in each group (<see cref="BufferCount"/> spread evenly, rounded up). 0 for a multi-size set.</summary>
    public int BuffersPerGroup { get; }

    /// <summary>Multi-size: the tiers of each shard; null for a single-size set.</summary>
    public BufferTierSet? Tiers { get; }

    /// <summary>Multi-size: copies of <see cref="Tiers"/> (a power of two, 1 to <see cref="MaxShards"/>); sockets are spread over them by fd. 1 for a single-size set.</summary>
    public int Shards { get; }

    /// <summary>The groups registered: single-size, the fd shards; multi-size, <see cref="Shards"/> × the enabled tiers.</summary>
    public int GroupCount { get; }

    /// <summary>The first group id; the set uses ids <see cref="GroupIdOffset"/> to <see cref="GroupIdOffset"/> + <see cref="GroupIdCount"/> - 1.</summary>
    public ushort GroupIdOffset { get; }

    /// <summary>Group ids the set spans: <see cref="GroupCount"/> single-size, 12 × <see cref="Shards"/> multi-size (disabled tiers keep their ids unused).</summary>
    public int GroupIdCount { get; }

    /// <summary>Bytes of all buffers of all groups (native memory the groups allocate and clear).</summary>
    public long TotalBufferBytes { get; }

    /// <summary>Bytes of the groups' ring entries, page-rounded per group: the memory the kernel pins (and, without <c>CAP_IPC_LOCK</c>, counts against <c>RLIMIT_MEMLOCK</c>).</summary>
    public long RingEntryBytes { get; }

    /// <summary>
    /// Single-size groups: <paramref name="bufferCount"/> buffers of <paramref name="bufferSize"/> bytes, split over
    /// the fewest groups of at most 32768 buffers whose number is a power of two (so an fd picks its group with a mask).
    /// </summary>
    /// <param name="bufferCount">Buffers in all: 1 or more (at most 32768 per group, and the groups' ids must fit below 65536).</param>
    /// <param name="bufferSize">Bytes per buffer: 1 to <see cref="BufferLimits.MaxProvidedBufferBytes"/>.</param>
    /// <param name="groupIdOffset">The first group id.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; <c>ParamName</c> says which.</exception>
    public static ProvidedBufferOptions SingleSize(int bufferCount = DefaultBufferCount, int bufferSize = DefaultBufferSize, ushort groupIdOffset = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferCount, 1);
        if (bufferSize < 1 || bufferSize > BufferLimits.MaxProvidedBufferBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(bufferSize), bufferSize, $"A provided buffer holds 1 to {BufferLimits.MaxProvidedBufferBytes} bytes.");
        }

        int groups = (int)BitOperations.RoundUpToPowerOf2((uint)((bufferCount + (long)BufferOpConstants.MaxRingEntries - 1) / BufferOpConstants.MaxRingEntries));
        if (groupIdOffset + groups > GroupIdSpace)
        {
            throw new ArgumentOutOfRangeException(
                nameof(groupIdOffset),
                groupIdOffset,
                $"{bufferCount} buffers take {groups} groups, ids {groupIdOffset} to {groupIdOffset + groups - 1}: beyond the last id, 65535. Use a smaller offset or fewer buffers.");
        }

        return new ProvidedBufferOptions(bufferCount, bufferSize, null, 1, groups, groupIdOffset);
    }

    /// <summary>
    /// Multi-size groups: <paramref name="shards"/> copies of <paramref name="tiers"/>, one group per enabled tier per
    /// shard (ids <c><paramref name="groupIdOffset"/> + 12 × shard + tier</c>).
    /// </summary>
    /// <param name="tiers">The tiers of each shard (<see cref="BufferTierSet.Default"/>, <see cref="BufferTierSet.Minimal"/>, <see cref="BufferTierSet.Full"/>, or your own).</param>
    /// <param name="shards">A power of two, 1 to <see cref="MaxShards"/>: sockets are spread over the shards by fd.</param>
    /// <param name="groupIdOffset">The first group id.</param>
    /// <exception cref="ArgumentNullException"><paramref name="tiers"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="tiers"/> enables no tier.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; <c>ParamName</c> says which.</exception>
    public static ProvidedBufferOptions MultiSize(BufferTierSet tiers, int shards = 1, ushort groupIdOffset = 0)
    {
        ArgumentNullException.ThrowIfNull(tiers);
        if (tiers.EnabledTierCount == 0)
        {
            throw new ArgumentException("The tier set enables no tier: give at least one tier a buffer count (BufferTierSet.With).", nameof(tiers));
        }

        if (shards < 1 || shards > MaxShards || !BitOperations.IsPow2(shards))
        {
            throw new ArgumentOutOfRangeException(nameof(shards), shards, $"Shards is a power of two from 1 to {MaxShards} (an fd picks its shard with a mask).");
        }

        int span = BufferTierSet.TierCount * shards;
        if (groupIdOffset + span > GroupIdSpace)
        {
            throw new ArgumentOutOfRangeException(
                nameof(groupIdOffset),
                groupIdOffset,
                $"{shards} shards of 12 tiers span group ids {groupIdOffset} to {groupIdOffset + span - 1}: beyond the last id, 65535. Use a smaller offset or fewer shards.");
        }

        return new ProvidedBufferOptions(0, 0, tiers, shards, tiers.EnabledTierCount * shards, groupIdOffset);
    }

    /// <summary>
    /// The group id a receive of <paramref name="receiveSize"/> bytes on <paramref name="fd"/> selects from:
    /// single-size, <c><see cref="GroupIdOffset"/> + (fd &amp; (GroupCount - 1))</c> (the size does not matter);
    /// multi-size, <c><see cref="GroupIdOffset"/> + 12 × (fd &amp; (Shards - 1)) + <see cref="BufferTierSet.TierFor"/>(receiveSize)</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fd"/> is negative, or <paramref name="receiveSize"/> is less than 1.</exception>
    public ushort GroupIdFor(int fd, int receiveSize = DefaultReceiveSize)
    {
        if (fd < 0)
        {
            ThrowNegativeFd(fd);
        }

        if (receiveSize < 1)
        {
            ThrowBadReceiveSize(receiveSize);
        }

        if (Tiers is null)
        {
            return (ushort)(GroupIdOffset + (fd & (GroupCount - 1)));
        }

        return (ushort)(GroupIdOffset + (BufferTierSet.TierCount * (fd & (Shards - 1))) + (int)Tiers.TierFor(receiveSize));
    }

    /// <summary>The group id of <paramref name="tier"/> in shard <paramref name="shard"/> of a multi-size set (whether or not the tier is enabled).</summary>
    /// <exception cref="InvalidOperationException">The set is single-size.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shard"/> is not in 0..<see cref="Shards"/> - 1, or <paramref name="tier"/> is not a tier.</exception>
    public ushort GroupIdOf(int shard, BufferTier tier)
    {
        if (Tiers is null)
        {
            throw new InvalidOperationException("A single-size set has no tiers: its group for an fd is GroupIdFor(fd).");
        }

        if ((uint)shard >= (uint)Shards)
        {
            throw new ArgumentOutOfRangeException(nameof(shard), shard, $"The set has shards 0 to {Shards - 1}.");
        }

        _ = BufferTierSet.SizeOf(tier); // checks the tier
        return (ushort)(GroupIdOffset + (BufferTierSet.TierCount * shard) + (int)tier);
    }

    /// <summary>The shape in words: buffers, sizes, groups and the first group id.</summary>
    public override string ToString() => Tiers is null
        ? $"{BufferCount} × {BufferSize} B in {GroupCount} group(s) from id {GroupIdOffset}"
        : $"{Tiers} × {Shards} shard(s): {TotalBufferBytes >> 20} MiB in {GroupCount} groups from id {GroupIdOffset}";

    private static void ThrowBadReceiveSize(int receiveSize)
        => throw new ArgumentOutOfRangeException(nameof(receiveSize), receiveSize, "A receive size is 1 byte or more.");

    private static void ThrowNegativeFd(int fd) => throw new ArgumentOutOfRangeException(nameof(fd), fd, "A file descriptor is 0 or more.");
}
