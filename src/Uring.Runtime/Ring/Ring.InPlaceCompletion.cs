using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Uring.Interop;

namespace Uring;

/// <summary>Completions read in place in the CQ ring (<see cref="CompletionBatch"/>), beside the copying reaps.</summary>
public sealed unsafe partial class Ring
{
    // Changes whenever the CQ mapping does (resize, stop): a batch peeked before refuses to read after.
    private uint _cqGeneration;

    /// <summary>
    /// Flushes prepared SQEs and runs pending completion work, as <see cref="Reap(Span{CqeView})"/> does, then returns
    /// the completions visible now without copying them: enumerate the batch with <c>foreach</c>, then call
    /// <see cref="CompletionBatch.Advance"/> once to give their slots back to the kernel. Never blocks; an empty batch
    /// when nothing has completed. Until the batch is advanced, the next peek or reap sees the same completions.
    /// </summary>
    /// <remarks>
    /// For single-issuer rings (a multi-issuer ring serializes reaping on its lock, which a batch would have to hold
    /// across the caller's code). A ring with buffer leases in flight (<see cref="TryBeginLease"/>) reaps with the
    /// copying methods, which process the leases' completions.
    /// </remarks>
    /// <exception cref="CompletionQueueOverflowException">The kernel dropped completions (reported once per counter value, when no completion is visible).</exception>
    /// <exception cref="InvalidOperationException">
    /// The ring is not started, is used from a thread that does not own it, is a <see cref="RingOptions.MultiIssuers"/>
    /// ring, or has buffer leases in flight.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    [IssuerThreadOnly]
    [ObservesCompletion]
    public CompletionBatch PeekCompletions()
    {
        ThrowIfNotStarted();
        EnsureIssuer();
        ThrowIfNoInPlaceReap();
        FlushForReap();
        return PeekBatch();
    }

    /// <summary>
    /// Submits what is prepared and blocks until at least <paramref name="minComplete"/> completions are visible or
    /// <paramref name="timeout"/> passes, as <see cref="Wait(Span{CqeView}, int, TimeSpan)"/> does, then returns every
    /// visible completion in place, as <see cref="PeekCompletions"/> does (possibly fewer than
    /// <paramref name="minComplete"/>, or none, when the time ran out).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minComplete"/> is negative, or <paramref name="timeout"/> is negative and not infinite.</exception>
    /// <exception cref="CompletionQueueOverflowException">The kernel dropped completions (reported once per counter value, when no completion is visible).</exception>
    /// <exception cref="InvalidOperationException">See <see cref="PeekCompletions"/>.</exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    [IssuerThreadOnly]
    [ObservesCompletion]
    public CompletionBatch WaitCompletions(int minComplete, TimeSpan timeout)
    {
        ThrowIfInvalidWait(minComplete, timeout);
        ThrowIfNotStarted();
        EnsureIssuer();
        ThrowIfNoInPlaceReap();

        // The wait with an empty span consumes nothing: it only blocks until enough completions are visible.
        _ = WaitCore(Span<CqeView>.Empty, minComplete, timeout, TimeSpan.Zero);
        return PeekBatch();
    }

    private CompletionBatch PeekBatch()
    {
        uint head = *_cq.Head;
        uint slots = Volatile.Read(ref *_cq.Tail) - head;
        if (slots == 0)
        {
            ReportOverflow();
        }

        return new CompletionBatch(this, head, slots, _cqGeneration);
    }

    private void ThrowIfNoInPlaceReap()
    {
        if (_lock is not null)
        {
            throw new InvalidOperationException(
                "Completions are read in place on single-issuer rings only: a multi-issuer ring reaps with Reap or Wait, which copy under its lock.");
        }

        if (_leases is { Outstanding: > 0 })
        {
            throw new InvalidOperationException(
                "This ring has buffer leases in flight, whose completions the reap must process: reap with Reap or Wait while leases are outstanding.");
        }
    }

    /// <summary>
    /// One step of <see cref="CompletionBatch.Enumerator"/>: the next completion of the batch at <paramref name="head"/>,
    /// read from its slot after checking the slots are still the batch's (same mapping, head not moved).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool TryReadInPlace(uint head, uint slots, uint generation, ref uint next, out CqeView view)
    {
        while (next < slots)
        {
            // The generation first: after a Stop the queue pointers are gone.
            if (generation != _cqGeneration || *_cq.Head != head)
            {
                ThrowBatchStale();
            }

            IoUringCqe* cqe = _cq.CqeAt(head + next);
            next++;
            if ((cqe->Flags & MixedCqeFlags) != 0 && _cqeMixed)
            {
                // As ReapLocked: a padding entry is skipped, a 32-byte one also takes the next slot.
                if ((cqe->Flags & (uint)CqeFlags.Skip) != 0)
                {
                    continue;
                }

                next++;
            }

            ulong userData = cqe->UserData;
            bool foreign = ContextTag.ClaimsPooledSlot(userData) && !_pools.OwnsRented(userData, out _);
            view = new CqeView(userData, cqe->Res, cqe->Flags, foreign);
            return true;
        }

        view = default;
        return false;
    }

    /// <summary><see cref="CompletionBatch.Advance"/>: moves the CQ head past the batch (release), once.</summary>
    internal void AdvanceCompletions(uint head, uint slots, uint generation)
    {
        ThrowIfNotStarted();
        EnsureIssuer();
        if (generation != _cqGeneration || *_cq.Head != head)
        {
            ThrowBatchStale();
        }

        Volatile.Write(ref *_cq.Head, head + slots);
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowBatchStale()
        => throw new InvalidOperationException(
            "The completion batch is stale: its completions were advanced (by the batch or a copy of it, or by a Reap or Wait), "
            + "or the ring was resized or stopped, after it was peeked. Read a batch only until it is advanced, and advance it once.");
}
