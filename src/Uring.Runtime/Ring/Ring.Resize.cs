using System;
using System.Collections.Generic;
using Uring.Interop;

namespace Uring;

public sealed unsafe partial class Ring
{
    // Staging arenas of earlier sizes whose SQEs were prepared but not yet consumed at a resize, with the SQ position
    // the kernel's head must pass before their staged data is no longer read.
    private List<(SlotStagingArena Arena, uint ConsumedAt)>? _retiredStaging;

    /// <summary>
    /// Resizes the SQ and CQ (<c>IORING_REGISTER_RESIZE_RINGS</c>, Linux 6.13+) while the ring keeps working: prepared
    /// SQEs not yet submitted, completions not yet reaped and requests in flight all carry over, and so do pooled
    /// contexts and their generations. The kernel copies the queues into new memory; the ring maps it and drops the old.
    /// </summary>
    /// <param name="entries">New SQ entries (rounded up to a power of two; 1..32768, or more with <see cref="RingOptions.ClampEntries"/>).</param>
    /// <param name="completionEntries">New CQ entries, at least <paramref name="entries"/>; 0 (the default) means twice <paramref name="entries"/>.</param>
    /// <remarks>
    /// <para>Only a ring set up with <c>DEFER_TASKRUN</c> can be resized (the kernel's rule): the default single-issuer
    /// ring, not one with <see cref="RingOptions.MultiIssuers"/>, <see cref="RingOptions.SubmissionPolling"/>,
    /// <see cref="RingOptions.IoPolling"/> or <see cref="RingOptions.HybridPolling"/>. It also needs the default
    /// <see cref="RingOptions.IndirectSubmissionQueue"/> = false: the kernel does not report where a resized SQ index array lives.</para>
    /// <para>The context pools keep the capacity they were created with (the SQ entries at construction): their slabs
    /// hold the contexts of requests in flight, which must not move. <see cref="SqAvailable"/> and <see cref="Features"/>
    /// report the new sizes; a <see cref="RingFeatures"/> read before the resize keeps the old ones.</para>
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="entries"/> or <paramref name="completionEntries"/> is out of range.</exception>
    /// <exception cref="InvalidOperationException">
    /// The ring cannot be resized (see remarks); the new queues cannot hold the SQEs or completions waiting in the old
    /// ones (submit or reap first, or ask for more); or this is called from inside a request's fill.
    /// </exception>
    /// <exception cref="NotSupportedException">The kernel has no <c>IORING_REGISTER_RESIZE_RINGS</c> (it needs Linux 6.13).</exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    /// <exception cref="UringException">The kernel refused, or the new queues could not be mapped (the ring is unusable then: dispose it).</exception>
    [IssuerThreadOnly]
    public void Resize(int entries, int completionEntries = 0)
    {
        ValidateResizeArguments(entries, completionEntries);
        ThrowIfStopped();
        EnsureIssuer();
        ThrowIfNotResizable();
        using LockScope held = HoldLock();
        if (ReservationOpen)
        {
            throw new InvalidOperationException(
                "Resize was called from inside the fill of a request being prepared on this ring: the SQE being filled would move. Resize after the prepare call returned.");
        }

        IoUringParams p = default;
        p.SqEntries = (uint)entries;
        p.CqEntries = (uint)completionEntries;
        p.Flags = (uint)((completionEntries != 0 ? SetupFlags.CqSize : SetupFlags.None) | (Options.ClampEntries ? SetupFlags.Clamp : SetupFlags.None));
        int rc = Syscalls.IoUringRegister(_fd, RegisterOp.RegisterResizeRings, &p, 1);
        if (rc < 0)
        {
            throw ResizeFailure((Errno)(-rc), entries, completionEntries);
        }

        // The kernel echoes the entry-size flags it keeps; the mapping needs them whatever it echoes.
        p.Flags |= (uint)(Features.SetupFlags & (SetupFlags.NoSqArray | SetupFlags.Sqe128 | SetupFlags.Cqe32));
        uint head = *_sq.Head;
        uint tail = _sq.LocalTail;
        _mapping.Remap(_fd, p);
        _sq = _mapping.Sq;
        _cq = _mapping.Cq;
        _cqGeneration++;
        Features = Features.WithSizes(p.SqEntries, p.CqEntries);
        ReplaceStaging(p.SqEntries, head, tail);
    }

    /// <summary>
    /// A staging arena sized for the new SQ. SQEs prepared before the resize and not yet consumed point into the old
    /// arena (the kernel moved the SQEs, not what they point at), so that one is kept until the kernel's head passes them.
    /// </summary>
    private void ReplaceStaging(uint sqEntries, uint head, uint tail)
    {
        SlotStagingArena old = _staging;
        _staging = new SlotStagingArena(sqEntries);
        FreeConsumedStaging(head);
        if (tail == head)
        {
            old.Dispose();
        }
        else
        {
            (_retiredStaging ??= []).Add((old, tail));
        }
    }

    private void FreeConsumedStaging(uint head)
    {
        if (_retiredStaging is null)
        {
            return;
        }

        for (int i = _retiredStaging.Count - 1; i >= 0; i--)
        {
            if ((int)(head - _retiredStaging[i].ConsumedAt) >= 0)
            {
                _retiredStaging[i].Arena.Dispose();
                _retiredStaging.RemoveAt(i);
            }
        }
    }

    /// <summary>At teardown: the kernel reads nothing any more, so every retired arena goes.</summary>
    private void ReleaseRetiredStaging()
    {
        if (_retiredStaging is null)
        {
            return;
        }

        foreach ((SlotStagingArena arena, _) in _retiredStaging)
        {
            arena.Dispose();
        }

        _retiredStaging = null;
    }

    /// <summary>Retired arenas still kept (for tests).</summary>
    internal int RetiredStagingCount => _retiredStaging?.Count ?? 0;

    private void ValidateResizeArguments(int entries, int completionEntries)
    {
        bool clamp = Options.ClampEntries;
        if (entries < 1 || (entries > RingOptions.EntriesHuge && !clamp))
        {
            throw new ArgumentOutOfRangeException(nameof(entries), entries, $"entries must be in 1..{RingOptions.EntriesHuge} (larger values need RingOptions.ClampEntries).");
        }

        if (completionEntries < 0 || (completionEntries > RingOptions.MaxCompletionEntries && !clamp))
        {
            throw new ArgumentOutOfRangeException(nameof(completionEntries), completionEntries, $"completionEntries must be in 0..{RingOptions.MaxCompletionEntries} (0 = twice entries).");
        }

        if (completionEntries != 0 && RoundedEntries(completionEntries, RingOptions.MaxCompletionEntries) < RoundedEntries(entries, RingOptions.EntriesHuge))
        {
            throw new ArgumentOutOfRangeException(nameof(completionEntries), completionEntries, "completionEntries must be at least entries.");
        }

        static uint RoundedEntries(int count, int maximum) => System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Min(count, maximum));
    }

    private void ThrowIfNotResizable()
    {
        SetupFlags flags = Features.SetupFlags;
        if ((flags & SetupFlags.DeferTaskrun) == 0)
        {
            throw new InvalidOperationException(
                "Only a ring set up with DEFER_TASKRUN can be resized (the kernel's rule): the default single-issuer ring. "
                + "This ring uses MultiIssuers, SubmissionPolling, IoPolling or HybridPolling, which run without it.");
        }

        if ((flags & SetupFlags.NoSqArray) == 0)
        {
            throw new InvalidOperationException(
                "A ring with an SQ index array (RingOptions.IndirectSubmissionQueue = true) cannot be resized: the kernel does not "
                + "report where the resized array lives. Create the ring with IndirectSubmissionQueue = false (the default).");
        }
    }

    private Exception ResizeFailure(Errno errno, int entries, int completionEntries)
    {
        switch (errno)
        {
            case Errno.EOVERFLOW:
                return new InvalidOperationException(
                    $"The resized queues ({entries} SQ, {(completionEntries == 0 ? 2 * entries : completionEntries)} CQ entries) cannot hold "
                    + $"the {_sq.Pending} prepared SQEs and {_cq.Ready} unreaped completions waiting now: submit and reap first, or resize to more entries.");
            case Errno.EINVAL when KernelCapabilities.Cached is { } capabilities && capabilities.RegisterOpcodeCount <= (int)RegisterOp.RegisterResizeRings:
            case Errno.EINVAL when KernelCapabilities.Cached is null:
                // Every argument was checked above: an EINVAL here is a kernel without the opcode (6.13 added it; a kernel
                // without IORING_REGISTER_QUERY predates 6.18 and may be older than 6.13).
                return new NotSupportedException(
                    $"This kernel ({KernelSupport.Release}) refused IORING_REGISTER_RESIZE_RINGS: resizing a ring needs Linux 6.13 or later.");
            default:
                return UringException.ForSyscall($"io_uring_register(RESIZE_RINGS, {entries} SQ / {completionEntries} CQ entries)", errno);
        }
    }
}
