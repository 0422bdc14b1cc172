using System;
using System.Runtime.InteropServices;
using Uring.Interop;

namespace Uring;

/// <summary>
/// The memory of a ring: the shared SQ/CQ ring mapping and the SQE array, mapped from the ring fd. A
/// detached mapping (native memory laid out like the kernel's) lets unit tests exercise prep and reap
/// code without a kernel.
/// </summary>
internal sealed unsafe class RingMapping : IDisposable
{
    private void* _rings;
    private nuint _ringsSize;
    private void* _sqes;
    private nuint _sqesSize;
    private readonly bool _detached;

    private RingMapping(void* rings, nuint ringsSize, void* sqes, nuint sqesSize, bool detached)
    {
        _rings = rings;
        _ringsSize = ringsSize;
        _sqes = sqes;
        _sqesSize = sqesSize;
        _detached = detached;
    }

    public SubmissionQueueState Sq;
    public CompletionQueueState Cq;

    /// <summary>Maps the rings of <paramref name="fd"/> with the offsets the kernel returned.</summary>
    public static RingMapping Map(int fd, in IoUringParams p)
    {
        MapRegions(fd, p, out void* rings, out nuint ringsSize, out void* sqes, out nuint sqesSize, out int sqeSize, out int cqeSize);
        RingMapping mapping = new(rings, ringsSize, sqes, sqesSize, detached: false);
        mapping.Bind(p, sqeSize, cqeSize);
        return mapping;
    }

    /// <summary>
    /// After <c>IORING_REGISTER_RESIZE_RINGS</c>: maps the resized rings (the same <c>IORING_OFF_*</c> offsets now give
    /// the new ones), then unmaps the old and rebinds every pointer. If mapping fails the old mapping stays as it was.
    /// </summary>
    public void Remap(int fd, in IoUringParams p)
    {
        MapRegions(fd, p, out void* rings, out nuint ringsSize, out void* sqes, out nuint sqesSize, out int sqeSize, out int cqeSize);
        Syscalls.Unmap(_sqes, _sqesSize);
        Syscalls.Unmap(_rings, _ringsSize);
        _rings = rings;
        _ringsSize = ringsSize;
        _sqes = sqes;
        _sqesSize = sqesSize;
        Bind(p, sqeSize, cqeSize);
    }

    private static void MapRegions(int fd, in IoUringParams p, out void* rings, out nuint ringsSize, out void* sqes, out nuint sqesSize, out int sqeSize, out int cqeSize)
    {
        bool sqe128 = (p.Flags & (uint)SetupFlags.Sqe128) != 0;
        bool cqe32 = (p.Flags & (uint)SetupFlags.Cqe32) != 0;
        cqeSize = cqe32 ? sizeof(IoUringCqe32) : sizeof(IoUringCqe);
        sqeSize = sqe128 ? sizeof(IoUringSqe128) : sizeof(IoUringSqe);

        nuint sqRingSize = p.SqOff.Array + (p.SqEntries * sizeof(uint));
        nuint cqRingSize = p.CqOff.Cqes + (nuint)(p.CqEntries * cqeSize);

        // Every 6.18 kernel has IORING_FEAT_SINGLE_MMAP: one mapping holds both rings.
        ringsSize = Math.Max(sqRingSize, cqRingSize);
        rings = Syscalls.MapShared(fd, ringsSize, MmapOffsets.SqRing, out int errno);
        if (rings == null)
        {
            throw UringException.ForSyscall("mmap of the SQ/CQ rings", (Errno)errno);
        }

        sqesSize = (nuint)(p.SqEntries * sqeSize);
        sqes = Syscalls.MapShared(fd, sqesSize, MmapOffsets.Sqes, out errno);
        if (sqes == null)
        {
            Syscalls.Unmap(rings, ringsSize);
            throw UringException.ForSyscall("mmap of the SQE array", (Errno)errno);
        }
    }

    /// <summary>
    /// Native memory laid out with the offsets a 6.18 kernel returns, for tests that drive prep and reap
    /// code without a kernel. The test plays the kernel by moving heads and tails itself.
    /// </summary>
    public static RingMapping CreateDetached(uint sqEntries, uint cqEntries, SetupFlags flags)
    {
        IoUringParams p = default;
        p.SqEntries = sqEntries;
        p.CqEntries = cqEntries;
        p.Flags = (uint)flags;
        p.SqOff = new SqRingOffsets { Head = 0, Tail = 4, RingMask = 16, RingEntries = 24, Flags = 36, Dropped = 32, Array = 0 };
        p.CqOff = new CqRingOffsets { Head = 8, Tail = 12, RingMask = 20, RingEntries = 28, Overflow = 44, Cqes = 64, Flags = 40 };
        bool sqe128 = (flags & SetupFlags.Sqe128) != 0;
        int cqeSize = (flags & SetupFlags.Cqe32) != 0 ? sizeof(IoUringCqe32) : sizeof(IoUringCqe);
        int sqeSize = sqe128 ? sizeof(IoUringSqe128) : sizeof(IoUringSqe);

        bool sqArray = (flags & SetupFlags.NoSqArray) == 0;
        nuint cqBytes = p.CqOff.Cqes + (nuint)(cqEntries * cqeSize);
        if (sqArray)
        {
            p.SqOff.Array = (uint)cqBytes;
        }

        nuint ringsSize = cqBytes + (sqArray ? sqEntries * sizeof(uint) : 0);
        void* rings = NativeMemory.AlignedAlloc(ringsSize, 64);
        NativeMemory.Clear(rings, ringsSize);
        *(uint*)((byte*)rings + p.SqOff.RingMask) = sqEntries - 1;
        *(uint*)((byte*)rings + p.SqOff.RingEntries) = sqEntries;
        *(uint*)((byte*)rings + p.CqOff.RingMask) = cqEntries - 1;
        *(uint*)((byte*)rings + p.CqOff.RingEntries) = cqEntries;

        nuint sqesSize = (nuint)(sqEntries * sqeSize);
        void* sqes = NativeMemory.AlignedAlloc(sqesSize, 64);
        NativeMemory.Clear(sqes, sqesSize);

        RingMapping mapping = new(rings, ringsSize, sqes, sqesSize, detached: true);
        mapping.Bind(p, sqeSize, cqeSize);
        return mapping;
    }

    public void Dispose()
    {
        if (_rings == null)
        {
            return;
        }

        if (_detached)
        {
            NativeMemory.AlignedFree(_rings);
            NativeMemory.AlignedFree(_sqes);
        }
        else
        {
            Syscalls.Unmap(_sqes, _sqesSize);
            Syscalls.Unmap(_rings, _ringsSize);
        }

        _rings = null;
        _sqes = null;
        Sq = default;
        Cq = default;
    }

    private void Bind(in IoUringParams p, int sqeSize, int cqeSize)
    {
        byte* rings = (byte*)_rings;
        Sq = new SubmissionQueueState
        {
            Head = (uint*)(rings + p.SqOff.Head),
            Tail = (uint*)(rings + p.SqOff.Tail),
            Flags = (uint*)(rings + p.SqOff.Flags),
            Dropped = (uint*)(rings + p.SqOff.Dropped),
            Array = (p.Flags & (uint)SetupFlags.NoSqArray) != 0 ? null : (uint*)(rings + p.SqOff.Array),
            Sqes = (byte*)_sqes,
            Mask = *(uint*)(rings + p.SqOff.RingMask),
            Entries = *(uint*)(rings + p.SqOff.RingEntries),
            SqeShift = sqeSize == 128 ? 7 : 6,
        };
        Sq.LocalTail = *Sq.Tail;
        Cq = new CompletionQueueState
        {
            Head = (uint*)(rings + p.CqOff.Head),
            Tail = (uint*)(rings + p.CqOff.Tail),
            Overflow = (uint*)(rings + p.CqOff.Overflow),
            Flags = (uint*)(rings + p.CqOff.Flags),
            Cqes = rings + p.CqOff.Cqes,
            Mask = *(uint*)(rings + p.CqOff.RingMask),
            Entries = *(uint*)(rings + p.CqOff.RingEntries),
            CqeShift = cqeSize == 32 ? 5 : 4,
        };
    }
}
