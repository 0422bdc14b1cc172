using System;
using System.Threading;

namespace Uring;

public sealed unsafe partial class Ring
{
    /// <summary>
    /// Starts watching what a helper's preparer publishes: checks the ring is usable, takes the submission lock
    /// of a multi-issuer ring (held until <see cref="EndOwnedPreparation"/>, so no other thread's request lands
    /// between the checkpoint and the check; the lock is re-entrant, so the preparer's own prepare calls work),
    /// and returns the SQ tail before the preparer runs. Only <see cref="OwnedContexts.TryPrepare"/> calls it, as
    /// one scoped call: begin, run the preparer in a <c>try</c>, end in its <c>finally</c>.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The ring was stopped, also while this thread waited for the lock (nothing is held then).</exception>
    internal uint BeginOwnedPreparation()
    {
        ThrowIfStopped();
        EnsureIssuer();
        EnterLock();
        return _sq.LocalTail;
    }

    /// <summary>Releases what <see cref="BeginOwnedPreparation"/> took.</summary>
    internal void EndOwnedPreparation() => ExitLock();

    /// <summary>How many SQEs were published since <paramref name="checkpoint"/> (0 once the ring is stopped).</summary>
    internal uint PublishedSince(uint checkpoint) => IsStopped ? 0 : _sq.LocalTail - checkpoint;

    /// <summary>The SQE published at SQ position <paramref name="position"/> (a tail value).</summary>
    internal IoUringSqe* PublishedSqe(uint position) => _sq.SqeAt(position & _sq.Mask);

    /// <summary>
    /// Takes back the SQEs published since <paramref name="checkpoint"/>. The kernel reads the SQ tail only inside
    /// <c>io_uring_enter</c> (the runtime offers no SQPOLL), so until the next enter the published entries are still
    /// ours: moving the tail back un-queues them. False when the kernel already consumed some (the preparer
    /// submitted), and then nothing is changed.
    /// </summary>
    internal bool TryRollBackTo(uint checkpoint)
    {
        if (IsStopped)
        {
            return false;
        }

        uint head = Volatile.Read(ref *_sq.Head);
        if ((int)(head - checkpoint) > 0)
        {
            return false;
        }

        ReleaseLeasesTakenBack(checkpoint);
        _sq.LocalTail = checkpoint;
        Volatile.Write(ref *_sq.Tail, checkpoint);
        return true;
    }
}
