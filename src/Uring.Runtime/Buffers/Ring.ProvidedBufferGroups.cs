using System;

namespace Uring;

// Provided-buffer groups provisioned as a set (ProvidedBufferOptions): single-size groups sharded by fd, or the
// multi-size tiers. Each group is an ordinary ProvidedBufferRing registered through RegisterProvidedBufferRing.
public sealed partial class Ring
{
    /// <summary>
    /// The groups <see cref="Start"/> provisioned from <see cref="RingOptions.ProvidedBuffers"/>; null when the options
    /// asked for none (or before <see cref="Start"/>).
    /// </summary>
    public ProvidedBufferGroups? ProvidedBufferGroups { get; private set; }

    /// <summary>
    /// Registers every group of <paramref name="options"/> (<see cref="RegisterProvidedBufferRing"/> for each, all
    /// buffers provided): single-size groups sharded by fd, or one group per enabled tier per shard of a multi-size set.
    /// Before anything is allocated it checks that the buffers fit the memory this process can have and that the
    /// ring entries fit <c>RLIMIT_MEMLOCK</c> (without <c>CAP_IPC_LOCK</c>). If the kernel refuses a group, the
    /// groups registered before it are unregistered and freed again.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The buffers need more memory than this process can have (<c>ParamName</c> "options"); nothing was allocated.</exception>
    /// <exception cref="UringException">ENOMEM: the ring entries exceed the memlock limit (nothing was allocated); or the kernel refused a group (EEXIST: an id is in use).</exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    [IssuerThreadOnly]
    public ProvidedBufferGroups RegisterProvidedBufferGroups(ProvidedBufferOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ThrowIfStopped();
        EnsureIssuer();
        CheckProvidedBufferGroupsFit(options, nameof(options));

        ProvidedBufferRing?[] byId = new ProvidedBufferRing?[options.GroupIdCount];
        ProvidedBufferRing[] groups = new ProvidedBufferRing[options.GroupCount];
        int registered = 0;
        try
        {
            for (int index = 0; index < byId.Length; index++)
            {
                int bufferCount;
                int bufferSize;
                if (options.Tiers is { } tiers)
                {
                    BufferTier tier = (BufferTier)(index % BufferTierSet.TierCount);
                    bufferCount = tiers[tier];
                    bufferSize = BufferTierSet.SizeOf(tier);
                    if (bufferCount == 0)
                    {
                        continue;
                    }
                }
                else
                {
                    bufferCount = options.BuffersPerGroup;
                    bufferSize = options.BufferSize;
                }

                ProvidedBufferRing group = RegisterProvidedBufferRing((ushort)(options.GroupIdOffset + index), bufferCount, bufferSize);
                byId[index] = group;
                groups[registered++] = group;
            }
        }
        catch
        {
            for (int i = registered - 1; i >= 0; i--)
            {
                groups[i].Dispose();
            }

            throw;
        }

        return new ProvidedBufferGroups(this, options, byId, groups);
    }

    /// <summary>
    /// Refuses a set whose buffers exceed the memory this process can have, or whose ring entries exceed the
    /// memlock limit the kernel will apply, before anything is allocated.
    /// </summary>
    private static void CheckProvidedBufferGroupsFit(ProvidedBufferOptions options, string parameterName)
    {
        BufferLimits.ThrowIfBytesBeyondMemory(
            (ulong)options.TotalBufferBytes,
            parameterName,
            options,
            $"Provided-buffer groups [{options}]");
        MemlockLimit.EnsureCanPin((ulong)options.RingEntryBytes, $"The ring entries of provided-buffer groups [{options}]");
    }

    /// <summary>From <see cref="Start"/>: checks <see cref="RingOptions.ProvidedBuffers"/> fit before the ring is enabled.</summary>
    private void CheckProvidedBuffersAtStart()
    {
        if (Options.ProvidedBuffers is { } options)
        {
            CheckProvidedBufferGroupsFit(options, nameof(RingOptions.ProvidedBuffers));
        }
    }

    /// <summary>From <see cref="Start"/>, once the ring runs: registers <see cref="RingOptions.ProvidedBuffers"/>; a refusal stops the ring.</summary>
    private void ProvisionProvidedBuffersAtStart()
    {
        if (Options.ProvidedBuffers is not { } options)
        {
            return;
        }

        try
        {
            ProvidedBufferGroups = RegisterProvidedBufferGroups(options);
        }
        catch
        {
            Stop();
            throw;
        }
    }
}
