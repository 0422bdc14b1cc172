using System;
using System.Threading;
using Uring.Interop;

namespace Uring;

public sealed unsafe partial class Ring
{
    /// <summary>
    /// Tears the ring down: unmaps the rings, closes the fd, frees pools and staging. Idempotent. Drain
    /// in-flight requests first: memory the kernel still writes to must stay valid until it completes.
    /// </summary>
    /// <remarks>
    /// <para>A started single-issuer ring must be stopped on its owner thread while that thread is alive: the
    /// owner may be writing into the submission queue that teardown unmaps. To stop it from outside, make
    /// the owner call <see cref="Stop"/> (for example after a <c>MSG_RING</c> completion from another ring
    /// woke it). Once the owner thread has exited, any thread may stop the ring. A ring that was never
    /// started may be stopped from any thread.</para>
    /// <para>A <see cref="RingOptions.MultiIssuers"/> ring may be stopped from any thread. Calls that race
    /// with it throw <see cref="ObjectDisposedException"/>; threads blocked in <see cref="Wait(Span{CqeView}, int, TimeSpan)"/>, even
    /// without a time limit, are woken (with an <c>IORING_OP_TIMEOUT</c> that expires at once, which wakes
    /// every waiter whatever its minimum) and throw it as well. <see cref="Stop"/> returns once every such
    /// thread has left the kernel.</para>
    /// </remarks>
    /// <exception cref="InvalidOperationException">
    /// A started single-issuer ring was stopped from a thread other than its owner while the owner is alive,
    /// or it was called from inside the fill of a request being prepared on this ring (a <see cref="TryPrepare{TState}"/> filler).
    /// </exception>
    [IssuerThreadOnly]
    public void Stop()
    {
        if (Volatile.Read(ref _state) == StateStopped)
        {
            return;
        }

        if (_lock is null)
        {
            StopSingleIssuer();
        }
        else
        {
            StopMultiIssuers(_lock);
        }
    }

    /// <summary>Same as <see cref="Stop"/>, with the same thread rules.</summary>
    /// <exception cref="InvalidOperationException">See <see cref="Stop"/>.</exception>
    [IssuerThreadOnly]
    public void Dispose() => Stop();

    private void StopSingleIssuer()
    {
        EnsureTeardownThread();
        if (!OwnerMayBeRunning())
        {
            ForgetIssuerStack();
        }

        if (ReservationOpen && OwnerMayBeRunning())
        {
            ThrowStopWhileReserved();
        }

        // Before the state changes: the fast prep path's stack test then fails, and the reservation path throws
        // ObjectDisposedException (TryReserveSqeFast relies on this instead of reading the state).
        ForgetIssuerStack();
        if (Interlocked.Exchange(ref _state, StateStopped) == StateStopped)
        {
            return;
        }

        ReleaseResources();
    }

    private void StopMultiIssuers(Lock gate)
    {
        // Other callers stand back from here on (see _stopRequested). Not for a Stop from inside this thread's own
        // fill, which holds the lock and is refused below: the ring stays usable after that refusal.
        if (!gate.IsHeldByCurrentThread)
        {
            Volatile.Write(ref _stopRequested, 1);
        }

        gate.Enter();
        try
        {
            if (Volatile.Read(ref _state) == StateStopped)
            {
                return;
            }

            // Lock is reentrant: the holder of a reservation that calls Stop from its own fill gets here.
            if (ReservationOpen)
            {
                ThrowStopWhileReserved();
            }

            // Every later call re-checks the state once it holds the lock, so nothing touches the queues
            // after this line except the blocked waiters, which WakeBlockedWaiters gets out of the kernel.
            Volatile.Write(ref _state, StateStopped);
            WakeBlockedWaiters();
            ReleaseResources();
        }
        finally
        {
            gate.Exit();
        }
    }

    private void ReleaseResources()
    {
        bool kernelIdle = QuiesceForStop();
        RunStopHooks();
        ReleaseLeasesAtStop();
        ReleaseProvidedMemoryAtStop(kernelIdle);
        _mapping.Dispose();
        UnregisterRingFdAtStop();
        _handle?.Dispose();
        ReleaseMemoryRegion();
        ReleaseRegisteredBuffers();
        ReleaseProvidedBufferRings();
        _staging.Dispose();
        ReleaseRetiredStaging();
        _pools.Dispose();
        _sq = default;
        _cq = default;
        _cqGeneration++;
    }

    /// <summary>
    /// A started single-issuer ring may only be torn down by its owner, or by anyone once the owner thread
    /// has exited (nothing can be running in the ring then).
    /// </summary>
    private void EnsureTeardownThread()
    {
        int owner = _ownerThreadId;
        if (owner != 0 && owner != Environment.CurrentManagedThreadId && _ownerThread is { IsAlive: true } thread)
        {
            throw new InvalidOperationException(
                $"This ring is single-issuer and owned by managed thread {owner}{NameOf(thread)}, which is still running, "
                + $"but Stop/Dispose was called from thread {Environment.CurrentManagedThreadId}. Tearing the ring down "
                + "would unmap its queues under the owner: call Stop on the owner thread, or create the ring with RingOptions.MultiIssuers.");
        }
    }

    /// <summary>True when the reservation flag can belong to a thread that may still publish: not a dead owner's.</summary>
    private bool OwnerMayBeRunning() => _ownerThreadId == 0 || _ownerThreadId == Environment.CurrentManagedThreadId;

    private static string NameOf(Thread thread) => thread.Name is { Length: > 0 } name ? $" ('{name}')" : string.Empty;

    private static void ThrowStopWhileReserved()
        => throw new InvalidOperationException(
            "Stop was called from inside the fill of a request being prepared on this ring (a TryPrepare filler, or a "
            + "self-staging argument): teardown would unmap the SQE being filled. Stop after the prepare call returned.");

    /// <summary>
    /// Gets every thread of a multi-issuer ring out of its blocking <c>io_uring_enter</c> and waits until it
    /// left, so the fd is not closed (and its number reused) under a thread about to enter, and no waiter
    /// sleeps forever on a ring nobody will complete. Called with the lock held and the state already
    /// stopped: a woken waiter re-checks the state under the lock and throws.
    /// </summary>
    /// <remarks>
    /// An expired <c>IORING_OP_TIMEOUT</c> bumps the kernel's timeout counter, which ends every CQ wait
    /// whatever its <c>min_complete</c> (a NOP would only wake a waiter that wants one completion). A waiter
    /// that had not yet started sleeping when a timeout fired misses it, so one is posted every round until
    /// the count is zero; the enter of each round also runs the task work that posts the previous timeout's
    /// completion (a cooperative ring notifies waiters from there). Waits of a multi-issuer ring are also
    /// cut into slices of at most <see cref="MultiIssuerWaitSlice"/>, so even a ring that cannot take a
    /// timeout (a full SQ, an IOPOLL ring) lets Stop finish within one slice.
    /// </remarks>
    private void WakeBlockedWaiters()
    {
        if (_fd < 0 || Volatile.Read(ref _blockedWaiters) == 0)
        {
            return;
        }

        KernelTimespec expired = default;
        while (Volatile.Read(ref _blockedWaiters) != 0)
        {
            PostWakeTimeout(&expired);
            try
            {
                EnterNonBlocking(_sq.Pending, EnterFlags.GetEvents);
            }
            catch (UringException)
            {
                // The wake-up is best effort; the wait slices still bound how long a waiter stays inside.
            }

            if (Volatile.Read(ref _blockedWaiters) != 0)
            {
                Thread.Sleep(1);
            }
        }
    }

    /// <summary>Queues an <c>IORING_OP_TIMEOUT</c> of <paramref name="expired"/> (zero) when the SQ has room.</summary>
    private void PostWakeTimeout(KernelTimespec* expired)
    {
        uint tail = _sq.LocalTail;
        if (tail - Volatile.Read(ref *_sq.Head) >= _sq.Entries)
        {
            return;
        }

        uint index = tail & _sq.Mask;
        IoUringSqe* sqe = _sq.SqeAt(index);
        *sqe = default;
        sqe->Opcode = (byte)IoUringOp.Timeout;
        sqe->Fd = -1;
        sqe->Addr = (ulong)expired;
        sqe->Len = 1;
        if (_sq.Array != null)
        {
            _sq.Array[index] = index;
        }

        _sq.LocalTail = tail + 1;
        Volatile.Write(ref *_sq.Tail, _sq.LocalTail);
    }
}
