using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using Uring.Interop;

namespace Uring;

public sealed unsafe partial class Ring
{
    private List<ProvidedBufferRing>? _providedBufferRings;

    /// <summary>
    /// Allocates <paramref name="bufferCount"/> buffers of <paramref name="bufferSize"/> bytes in page-aligned
    /// native memory and registers them as provided-buffer group <paramref name="groupId"/>
    /// (<c>IORING_REGISTER_PBUF_RING</c>, ring entries = <paramref name="bufferCount"/> rounded up to a power of
    /// two). Every buffer starts provided, unless <paramref name="startEmpty"/>. The group is freed by its <see cref="ProvidedBufferRing.Dispose"/>
    /// or by <see cref="Stop"/>.
    /// </summary>
    /// <param name="groupId">The group id requests select from (<c>buf_group</c>).</param>
    /// <param name="bufferCount">1 to 32768 buffers.</param>
    /// <param name="bufferSize">Bytes per buffer: 1 to <see cref="BufferLimits.MaxProvidedBufferBytes"/>.</param>
    /// <param name="flags">
    /// <see cref="ProvidedBufferRingFlags.KernelAllocated"/> lets the kernel allocate the ring
    /// (<c>IOU_PBUF_RING_MMAP</c>); <see cref="ProvidedBufferRingFlags.Incremental"/> consumes buffers
    /// incrementally (<c>IOU_PBUF_RING_INC</c>).
    /// </param>
    /// <param name="minimumLeft">
    /// Incremental rings only: <c>min_left</c>, the fewest bytes a partly used buffer must keep to stay in the
    /// ring. The field exists on this 6.18.44 kernel (a backport); mainline 6.18.0 reserves those bytes and
    /// rejects a nonzero value with EINVAL. 0 (the default) leaves it unset.
    /// </param>
    /// <param name="startEmpty">
    /// Every buffer starts lent to you and the ring starts empty: a group to send from
    /// (<see cref="TryPrepareSendBundle"/>), where you write data into a buffer and add it with
    /// <see cref="ProvidedBufferRing.Add(ushort, int)"/> and its length.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A count or size is out of range, or <paramref name="bufferCount"/> × <paramref name="bufferSize"/> exceeds the memory
    /// this process can have (reported on <paramref name="bufferSize"/>); checked before anything is allocated.
    /// </exception>
    /// <exception cref="ArgumentException"><paramref name="minimumLeft"/> without <see cref="ProvidedBufferRingFlags.Incremental"/>, or unknown flags.</exception>
    /// <exception cref="UringException">
    /// The kernel refused: EEXIST when <paramref name="groupId"/> is already in use on this ring. ENOMEM before anything is
    /// allocated when the ring entries exceed the memlock limit (without <c>CAP_IPC_LOCK</c>).
    /// </exception>
    [IssuerThreadOnly]
    public ProvidedBufferRing RegisterProvidedBufferRing(
        ushort groupId,
        int bufferCount,
        int bufferSize,
        ProvidedBufferRingFlags flags = ProvidedBufferRingFlags.None,
        int minimumLeft = 0,
        bool startEmpty = false)
    {
        if (bufferCount < 1 || bufferCount > BufferOpConstants.MaxRingEntries)
        {
            throw new ArgumentOutOfRangeException(nameof(bufferCount), bufferCount, $"A provided-buffer ring holds 1 to {BufferOpConstants.MaxRingEntries} buffers.");
        }

        if (bufferSize < 1 || bufferSize > BufferLimits.MaxProvidedBufferBytes)
        {
            throw new ArgumentOutOfRangeException(
                nameof(bufferSize),
                bufferSize,
                $"A provided buffer holds 1 to {BufferLimits.MaxProvidedBufferBytes} bytes (MAX_RW_COUNT: no request moves more at once).");
        }

        BufferLimits.ThrowIfBeyondMemory(bufferCount, bufferSize, nameof(bufferSize), $"Provided-buffer group {groupId} of {bufferCount} buffers of {bufferSize} bytes");
        ArgumentOutOfRangeException.ThrowIfNegative(minimumLeft);
        if ((flags & ~(ProvidedBufferRingFlags.KernelAllocated | ProvidedBufferRingFlags.Incremental)) != 0)
        {
            throw new ArgumentException($"Unknown provided-buffer ring flags {flags}.", nameof(flags));
        }

        if (minimumLeft != 0 && (flags & ProvidedBufferRingFlags.Incremental) == 0)
        {
            throw new ArgumentException("minimumLeft (min_left) is only valid for an incremental ring (ProvidedBufferRingFlags.Incremental).", nameof(minimumLeft));
        }

        ThrowIfStopped();
        EnsureIssuer();

        // The kernel pins the ring entries (its own pages for a kernel-allocated ring) and counts them against the memlock limit.
        MemlockLimit.EnsureCanPin((ulong)BufferTierSet.RingEntryBytes(bufferCount), $"Provided-buffer group {groupId}'s ring entries");
        using LockScope held = HoldLock();
        bool kernelAllocated = (flags & ProvidedBufferRingFlags.KernelAllocated) != 0;
        ProvidedBufferRing group = new(this, groupId, bufferCount, bufferSize, flags, minimumLeft);
        bool registered = false;
        try
        {
            BufRingRegistration registration = new()
            {
                RingAddress = kernelAllocated ? 0 : group.RingAddress,
                RingEntries = (uint)group.RingEntries,
                GroupId = groupId,
                Flags = (ushort)flags,
                MinLeft = (uint)minimumLeft,
            };
            int rc = Syscalls.IoUringRegister(_fd, RegisterOp.RegisterPbufRing, &registration, 1);
            if (rc < 0)
            {
                Errno errno = (Errno)(-rc);
                if (errno == Errno.EEXIST)
                {
                    throw new UringException(errno,
                        $"io_uring_register(REGISTER_PBUF_RING) failed: buffer group {groupId} is already registered on this ring (EEXIST). "
                        + "Dispose the existing group first, or use another group id.");
                }

                throw UringException.ForSyscall($"io_uring_register(REGISTER_PBUF_RING, group {groupId}, {group.RingEntries} entries, flags [{flags}])", errno);
            }

            registered = true;
            if (kernelAllocated)
            {
                long offset = MmapOffsets.PbufRing | ((long)groupId << MmapOffsets.PbufShift);
                void* entries = Syscalls.MapShared(_fd, group.RingBytes, offset, out int errno);
                if (entries == null)
                {
                    throw UringException.ForSyscall($"mmap of provided-buffer ring {groupId}", (Errno)errno);
                }

                group.AttachMappedRing(entries);
            }

            if (startEmpty)
            {
                group.LendAll();
            }
            else
            {
                group.ProvideAll();
            }
        }
        catch
        {
            if (registered)
            {
                UnregisterGroup(groupId);
            }

            group.Release(ringStopped: false);
            throw;
        }

        (_providedBufferRings ??= new List<ProvidedBufferRing>()).Add(group);
        return group;
    }

    /// <summary>Provided-buffer groups currently registered through <see cref="RegisterProvidedBufferRing"/>.</summary>
    public int ProvidedBufferRingCount => _providedBufferRings?.Count ?? 0;

    /// <summary>
    /// Finds the group registered as <paramref name="groupId"/> through <see cref="RegisterProvidedBufferRing"/>,
    /// for example to route a completion by <see cref="CqeView.BufGroup"/> (a Direct context records the group).
    /// A linear search over the ring's groups that allocates nothing.
    /// </summary>
    public bool TryGetProvidedBufferRing(ushort groupId, [NotNullWhen(true)] out ProvidedBufferRing? group)
    {
        // A multi-issuer ring's list changes under its lock (register, unregister, Stop).
        _lock?.Enter();
        using LockScope held = new(_lock);
        if (_providedBufferRings is not null)
        {
            foreach (ProvidedBufferRing candidate in _providedBufferRings)
            {
                if (candidate.GroupId == groupId)
                {
                    group = candidate;
                    return true;
                }
            }
        }

        group = null;
        return false;
    }

    /// <summary>
    /// Gives a detached ring (unit tests) fixed-buffer memory without registering it, so the fixed ops can be
    /// encoded against <see cref="RegisteredBuffer"/>.
    /// </summary>
    internal void UseUnregisteredBuffersForTests(int count, int size)
    {
        if (_fd >= 0)
        {
            throw new InvalidOperationException("Only a detached ring may use unregistered fixed buffers.");
        }

        _registeredBuffers?.Dispose();
        _registeredBuffers = new RegisteredBufferSet(count, size);
    }

    /// <summary>Throws when a single-issuer ring is used from a thread that does not own it (for the ring's helpers).</summary>
    internal void EnsureIssuerThread() => EnsureIssuer();

    /// <summary>
    /// A multi-issuer ring's lock (null for a single-issuer ring), for the ring's helpers whose memory
    /// <see cref="Stop"/> frees: they hold it while they touch that memory, and Stop frees it under the lock.
    /// </summary>
    internal System.Threading.Lock? SubmissionGate => _lock;

    /// <summary>Unregisters <paramref name="group"/> and forgets it (its memory is freed by the caller).</summary>
    internal void UnregisterProvidedBufferRing(ProvidedBufferRing group)
    {
        if (IsStopped)
        {
            WaitForTeardown(); // Stop releases every group; let it finish before the caller looks at this one
            return;
        }

        EnsureIssuer();
        _lock?.Enter();
        using LockScope held = new(_lock);
        if (IsStopped)
        {
            return; // Stop ran while this thread waited for the lock, and released the group
        }

        int rc = UnregisterGroup(group.GroupId);
        if (rc < 0)
        {
            throw UringException.ForSyscall($"io_uring_register(UNREGISTER_PBUF_RING, group {group.GroupId})", (Errno)(-rc));
        }

        _providedBufferRings?.Remove(group);
    }

    /// <summary>The kernel's head of provided-buffer group <paramref name="groupId"/> (<c>IORING_REGISTER_PBUF_STATUS</c>).</summary>
    internal int ReadProvidedBufferHead(ushort groupId)
    {
        ThrowIfStopped();
        EnsureIssuer();
        using LockScope held = HoldLock();
        BufRingStatus status = new() { GroupId = groupId };
        int rc = Syscalls.IoUringRegister(_fd, RegisterOp.RegisterPbufStatus, &status, 1);
        if (rc < 0)
        {
            throw UringException.ForSyscall($"io_uring_register(PBUF_STATUS, group {groupId})", (Errno)(-rc));
        }

        return (int)status.Head;
    }

    private int UnregisterGroup(ushort groupId)
    {
        BufRingRegistration registration = new() { GroupId = groupId };
        return Syscalls.IoUringRegister(_fd, RegisterOp.UnregisterPbufRing, &registration, 1);
    }

    /// <summary>Frees every group's memory once the ring is gone (from <see cref="Stop"/>).</summary>
    private void ReleaseProvidedBufferRings()
    {
        if (_providedBufferRings is null)
        {
            return;
        }

        foreach (ProvidedBufferRing group in _providedBufferRings)
        {
            group.Release(ringStopped: true);
        }

        _providedBufferRings = null;
    }
}
