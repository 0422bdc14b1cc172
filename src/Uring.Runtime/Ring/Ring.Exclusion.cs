using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Uring;

/// <summary>
/// Who may touch the mapped queues, the staging memory and the fd, and when.
/// </summary>
/// <remarks>
/// A single-issuer ring is touched by its owner thread only (<see cref="EnsureIssuer"/>), and only the
/// owner may stop it while it lives, so it needs nothing more. A multi-issuer ring serializes every call
/// that touches the queues or the fd on <see cref="_lock"/>, and <see cref="Stop"/> marks the ring stopped
/// and unmaps under that same lock: a call that checked the state before waiting for the lock checks it
/// again once it holds it. The one thing done without the lock is the blocking <c>io_uring_enter</c> of
/// <see cref="Wait(Span{CqeView}, int, TimeSpan)"/>; such a thread is counted in <see cref="_blockedWaiters"/> before it leaves the
/// lock, and <see cref="Stop"/> wakes it and waits for it to leave the kernel before it closes the fd.
/// </remarks>
public sealed partial class Ring
{
    // Threads of a multi-issuer ring inside (or about to enter) the unlocked blocking enter of Wait.
    private int _blockedWaiters;

    // Set by Stop on a multi-issuer ring before it asks for the lock. The lock is not fair: threads that submit in
    // a tight loop could take it again and again while Stop waits, for seconds on a loaded machine. Callers that
    // see the flag throw at once instead of queuing for the lock, so Stop gets it after at most the threads already
    // queued. Calls that race with Stop throw ObjectDisposedException either way.
    private int _stopRequested;

    /// <summary>
    /// The longest single kernel wait of a multi-issuer ring. <see cref="Wait(Span{CqeView}, int, TimeSpan)"/> re-enters until its own
    /// timeout, so this only bounds how long <see cref="Stop"/> waits for a waiter its wake-up missed. Tests
    /// make it infinite to prove the wake-up alone ends a wait.
    /// </summary>
    internal TimeSpan MultiIssuerWaitSlice { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Threads inside the unlocked blocking enter of <see cref="Wait(Span{CqeView}, int, TimeSpan)"/> (multi-issuer rings; for tests).</summary>
    internal int BlockedWaiterCount => Volatile.Read(ref _blockedWaiters);

    // True between TryReserveSqe and PublishSqe/AbandonSqe (inside a prepare call). Only the thread holding the
    // reservation changes it (the owner, or the lock holder), so Stop can tell that it runs inside that thread's own fill.
    private bool ReservationOpen => _openTicket != 0;

    /// <summary>
    /// Takes a multi-issuer ring's lock and re-checks that no <see cref="Stop"/> ran while this thread waited
    /// for it. A no-op on a single-issuer ring.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The ring was stopped meanwhile (the lock is not held then).</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EnterLock()
    {
        if (_lock is not null)
        {
            EnterLockAndRecheck(_lock);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ExitLock() => _lock?.Exit();

    /// <summary>
    /// <see cref="EnterLock"/> for a whole method: <c>using LockScope held = HoldLock();</c> releases the lock
    /// when the method leaves, however it leaves. For calls that use the fd or the ring's native resources
    /// outside the submit/reap paths (registration), so Stop cannot close or free them in between.
    /// </summary>
    private LockScope HoldLock()
    {
        EnterLock();
        return new LockScope(_lock);
    }

    /// <summary>
    /// After this thread saw the ring stopped: returns once <see cref="Stop"/> has finished releasing (it
    /// marks the ring stopped and releases under the lock), so nothing it frees is freed twice.
    /// </summary>
    private void WaitForTeardown()
    {
        if (_lock is not null)
        {
            _lock.Enter();
            _lock.Exit();
        }
    }

    private void EnterLockAndRecheck(Lock gate)
    {
        if (Volatile.Read(ref _stopRequested) != 0)
        {
            ThrowStopped();
        }

        gate.Enter();
        if (Volatile.Read(ref _state) == StateStopped)
        {
            gate.Exit();
            ThrowStopped();
        }
    }

    /// <summary>
    /// For the queue-reading properties, which answer 0 after <see cref="Stop"/> instead of throwing: false
    /// when the ring is stopped; otherwise true, holding a multi-issuer ring's lock (release it with
    /// <see cref="ExitLock"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">A single-issuer ring is read from a thread that does not own it (its owner may be unmapping the queues).</exception>
    private bool TryEnterQueues()
    {
        if (Volatile.Read(ref _state) == StateStopped)
        {
            return false;
        }

        EnsureIssuer();
        if (_lock is not null)
        {
            if (Volatile.Read(ref _stopRequested) != 0)
            {
                return false;
            }

            _lock.Enter();
            if (Volatile.Read(ref _state) == StateStopped)
            {
                _lock.Exit();
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Under the lock: decides whether <see cref="Wait(Span{CqeView}, int, TimeSpan)"/> must block and, when it must, counts this thread
    /// as a blocked waiter so <see cref="Stop"/> keeps the fd open until it left the kernel. Every
    /// <c>true</c> must be followed by <see cref="EndBlockingWait"/>.
    /// </summary>
    /// <param name="minComplete">The caller's minimum.</param>
    /// <param name="first">The first round also returns false when nothing is pending and enough completions are there.</param>
    /// <param name="pending">Prepared SQEs to submit with the enter.</param>
    /// <param name="want">The minimum, capped at the CQ size.</param>
    private bool TryBeginBlockingWait(uint minComplete, bool first, out uint pending, out uint want)
    {
        EnterLock();
        want = Math.Min(minComplete, _cq.Entries);
        pending = _sq.Pending;
        uint ready = _cq.Ready;
        bool block = first ? want != 0 && (pending != 0 || ready < want) : ready < want;
        if (block && _lock is not null)
        {
            Interlocked.Increment(ref _blockedWaiters);
        }

        ExitLock();
        return block;
    }

    /// <summary>The waiter left the kernel: <see cref="Stop"/> may close the fd as far as this thread is concerned.</summary>
    private void EndBlockingWait()
    {
        if (_lock is not null)
        {
            Interlocked.Decrement(ref _blockedWaiters);
        }
    }
}

/// <summary>Releases a multi-issuer ring's lock at the end of a <c>using</c> scope (nothing for a single-issuer ring).</summary>
internal readonly ref struct LockScope
{
    private readonly Lock? _gate;

    public LockScope(Lock? gate) => _gate = gate;

    public void Dispose() => _gate?.Exit();
}
