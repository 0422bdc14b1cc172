using System;

namespace Uring.Tests.Support;

/// <summary>
/// Rings over plain native memory with no kernel behind them: prep methods write real SQEs the tests can
/// read byte by byte, and tests play the kernel by posting CQEs and moving heads themselves.
/// </summary>
internal static unsafe class DetachedRings
{
    public static Ring Create(RingOptions? options = null, uint sqEntries = 8, uint cqEntries = 16)
        => Ring.CreateDetached(options ?? new RingOptions { NotifySucceed = true }, sqEntries, cqEntries);

    /// <summary>The bytes of the most recently published SQE.</summary>
    public static byte[] LastSqeBytes(this Ring ring)
    {
        ref SubmissionQueueState sq = ref ring.SubmissionQueue;
        uint index = (sq.LocalTail - 1) & sq.Mask;
        return new ReadOnlySpan<byte>(sq.SqeAt(index), IoUringSqe.Size).ToArray();
    }

    /// <summary>The most recently published SQE.</summary>
    public static IoUringSqe LastSqe(this Ring ring)
    {
        ref SubmissionQueueState sq = ref ring.SubmissionQueue;
        return *sq.SqeAt((sq.LocalTail - 1) & sq.Mask);
    }

    /// <summary>Plays the kernel: consumes every published SQE (moves the SQ head to the tail).</summary>
    public static void KernelConsumeAll(this Ring ring)
    {
        ref SubmissionQueueState sq = ref ring.SubmissionQueue;
        *sq.Head = *sq.Tail;
    }

    /// <summary>Plays the kernel: posts a CQE.</summary>
    public static void KernelPost(this Ring ring, ulong userData, int result, uint flags = 0)
    {
        ref CompletionQueueState cq = ref ring.CompletionQueue;
        uint tail = *cq.Tail;
        Interop.IoUringCqe* cqe = cq.CqeAt(tail);
        cqe->UserData = userData;
        cqe->Res = result;
        cqe->Flags = flags;
        *cq.Tail = tail + 1;
    }

    /// <summary>Plays the kernel: bumps the dropped-CQE counter.</summary>
    public static void KernelDropCompletions(this Ring ring, uint count)
    {
        ref CompletionQueueState cq = ref ring.CompletionQueue;
        *cq.Overflow += count;
    }

    public static ulong ReadU64(byte[] sqe, int offset) => BitConverter.ToUInt64(sqe, offset);
}
