using System.Runtime.CompilerServices;
using System.Threading;
using Uring.Interop;

namespace Uring;

/// <summary>Pointers into the mapped SQ ring and SQE array, plus the locally reserved tail.</summary>
internal unsafe struct SubmissionQueueState
{
    public uint* Head;
    public uint* Tail;
    public uint* Flags;
    public uint* Dropped;
    public uint* Array;
    public byte* Sqes;
    public uint Mask;
    public uint Entries;
    public int SqeShift;

    /// <summary>The next tail to publish; equals <c>*Tail</c> between prep methods.</summary>
    public uint LocalTail;

    /// <summary>Published entries the kernel has not consumed yet.</summary>
    public readonly uint Pending => LocalTail - Volatile.Read(ref *Head);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly IoUringSqe* SqeAt(uint index) => (IoUringSqe*)(Sqes + ((nuint)index << SqeShift));
}

/// <summary>Pointers into the mapped CQ ring.</summary>
internal unsafe struct CompletionQueueState
{
    public uint* Head;
    public uint* Tail;
    public uint* Overflow;
    public uint* Flags;
    public byte* Cqes;
    public uint Mask;
    public uint Entries;
    public int CqeShift;

    public readonly uint Ready => Volatile.Read(ref *Tail) - *Head;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly IoUringCqe* CqeAt(uint position) => (IoUringCqe*)(Cqes + ((nuint)(position & Mask) << CqeShift));
}
