using System;
using System.Diagnostics.CodeAnalysis;

namespace Uring;

/// <summary>
/// The provided-buffer groups a <see cref="ProvidedBufferOptions"/> provisioned on a ring (from
/// <see cref="Ring.Start"/> with <see cref="RingOptions.ProvidedBuffers"/>, or from
/// <see cref="Ring.RegisterProvidedBufferGroups"/>): one <see cref="ProvidedBufferRing"/> per group, and the answer
/// to "which group does a receive of this size on this fd use". Each group is an ordinary
/// <see cref="ProvidedBufferRing"/>: take a completion's buffer with <see cref="ProvidedBufferRing.Take(in CqeView)"/>
/// (or <see cref="Take"/> here) and give it back with <see cref="ProvidedBufferRing.Recycle(in ProvidedBuffer)"/>.
/// </summary>
/// <remarks>
/// Looking a group up (<see cref="GroupFor(int, int)"/>, <see cref="TryGetGroup"/>) is an index computation that
/// allocates nothing. The groups belong to the ring: <see cref="Ring.Stop"/> frees them; <see cref="Dispose"/>
/// unregisters and frees them earlier (on the ring's owner thread for a single-issuer ring).
/// </remarks>
public sealed class ProvidedBufferGroups : IDisposable
{
    private readonly Ring _ring;

    // Indexed by group id - GroupIdOffset; null where a disabled tier keeps its id unused.
    private readonly ProvidedBufferRing?[] _byId;
    private readonly ProvidedBufferRing[] _groups;

    internal ProvidedBufferGroups(Ring ring, ProvidedBufferOptions options, ProvidedBufferRing?[] byId, ProvidedBufferRing[] groups)
    {
        _ring = ring;
        Options = options;
        _byId = byId;
        _groups = groups;
    }

    /// <summary>The options the groups were provisioned from.</summary>
    public ProvidedBufferOptions Options { get; }

    /// <summary>How many groups were registered (<see cref="ProvidedBufferOptions.GroupCount"/>).</summary>
    public int Count => _groups.Length;

    /// <summary>Group <paramref name="index"/> in registration order (by group id).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not in 0..<see cref="Count"/> - 1.</exception>
    public ProvidedBufferRing this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_groups.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"There are {_groups.Length} groups.");
            }

            return _groups[index];
        }
    }

    /// <summary>True after <see cref="Dispose"/> or the ring's <see cref="Ring.Stop"/>.</summary>
    public bool IsDisposed => _groups.Length == 0 || _groups[0].IsDisposed;

    /// <summary>
    /// The group a receive of <paramref name="receiveSize"/> bytes on <paramref name="fd"/> selects from (see
    /// <see cref="ProvidedBufferOptions.GroupIdFor"/>): for a multi-size set, the fd's shard's smallest enabled tier
    /// whose buffers hold <paramref name="receiveSize"/> bytes, else its largest enabled tier.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fd"/> is negative, or <paramref name="receiveSize"/> is less than 1.</exception>
    public ProvidedBufferRing GroupFor(int fd, int receiveSize = ProvidedBufferOptions.DefaultReceiveSize)
        => _byId[Options.GroupIdFor(fd, receiveSize) - Options.GroupIdOffset]!;

    /// <summary>The group registered as <paramref name="groupId"/> by this set (a completion's <see cref="CqeView.BufGroup"/>).</summary>
    public bool TryGetGroup(ushort groupId, [NotNullWhen(true)] out ProvidedBufferRing? group)
    {
        int index = groupId - Options.GroupIdOffset;
        group = (uint)index < (uint)_byId.Length ? _byId[index] : null;
        return group is not null;
    }

    /// <summary>
    /// Queues a receive on <paramref name="fd"/> into a buffer the kernel picks from <see cref="GroupFor(int, int)"/>
    /// (<see cref="Ring.TryPrepareRecvBufferSelect"/>), capped at <paramref name="receiveSize"/> bytes when the
    /// group's buffers are larger. Take the completion's buffer with <see cref="Take"/>.
    /// </summary>
    /// <param name="context">The request's context; a Direct or pooled context records the group, so <see cref="Take"/> can find it.</param>
    /// <param name="fd">The socket.</param>
    /// <param name="receiveSize">The bytes wanted: picks the tier of a multi-size set, and caps the receive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fd"/> is negative, or <paramref name="receiveSize"/> is less than 1.</exception>
    [IssuerThreadOnly]
    public bool TryPrepareRecv(SqeContext context, int fd, int receiveSize = ProvidedBufferOptions.DefaultReceiveSize)
    {
        ProvidedBufferRing group = GroupFor(fd, receiveSize);
        return _ring.TryPrepareRecvBufferSelect(context, fd, group.GroupId, receiveSize < group.BufferSize ? receiveSize : 0);
    }

    /// <summary>
    /// Takes the buffer of <paramref name="completion"/> from the group its request selected from (the group its
    /// context recorded; see <see cref="ProvidedBufferRing.Take(in CqeView)"/>).
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The completion carries no buffer, its context records no group (a Value context: take from
    /// <see cref="GroupFor(int, int)"/> yourself), or the group is not one of this set.
    /// </exception>
    /// <exception cref="InvalidOperationException">The buffer is not provided (taken twice).</exception>
    [LendsProvidedBuffer]
    public ProvidedBuffer Take(in CqeView completion)
    {
        SqeContext context = completion.Context;
        if (context.IsValue || !context.HasBufferSelect)
        {
            throw new ArgumentException(
                "The completion's context does not record a buffer group (a Value context): take it from GroupFor(fd, size) of the receive.",
                nameof(completion));
        }

        if (!TryGetGroup(context.BufGroup, out ProvidedBufferRing? group))
        {
            throw new ArgumentException(
                $"The completion's request selected from group {context.BufGroup}, which is not one of this set (ids {Options.GroupIdOffset} to "
                + $"{Options.GroupIdOffset + Options.GroupIdCount - 1}).",
                nameof(completion));
        }

        return group.Take(in completion);
    }

    /// <summary>
    /// Unregisters and frees every group (each group's <see cref="ProvidedBufferRing.Dispose"/>). No request may still
    /// select from them. Idempotent.
    /// </summary>
    /// <exception cref="UringException">The kernel refused to unregister a group; the groups after it stay registered.</exception>
    public void Dispose()
    {
        foreach (ProvidedBufferRing group in _groups)
        {
            group.Dispose();
        }
    }
}
