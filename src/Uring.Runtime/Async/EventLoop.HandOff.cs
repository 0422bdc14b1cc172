using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Uring.Interop;

namespace Uring;

// Descriptor hand-off between the loops of a group (EventLoopGroup.TryHandOff), through the rings alone:
//
//   source loop (its thread):  FILES_UPDATE fd -> its slot    (link, no CQE on success)
//                              MSG_RING SEND_FD slot -> target, any free slot there   (hard link)
//                              CLOSE the slot
//   target loop (its thread):  reaps the arrival (result: the slot) ->
//                              FIXED_FD_INSTALL slot -> a normal fd   (hard link)
//                              CLOSE the slot
//                              -> the group's HandOffReceived(loop, fd)
//
// IORING_MSG_SEND_FD only moves registered files (slot to slot), and LoopConnection, Socket and every op of the loop
// work on normal descriptors; so the target turns the slot into a descriptor at once (IORING_OP_FIXED_FD_INSTALL, 6.8)
// and frees the slot. The source keeps its own descriptor until the send's completion, so a failed send (the target's
// table full, no memory) falls back to a post of the descriptor; once the target shuts down, whatever is still on its
// way is closed: by the target while it drains, by the kernel with the target's file table after that.
public sealed unsafe partial class EventLoop
{
    /// <summary>The first slots of a group loop's file table: where the kernel places descriptors handed to it (its allocation range).</summary>
    internal const int HandOffIncomingSlots = 256;

    /// <summary>The slots after them: one per hand-off this loop has in flight (more wait: <see cref="EventLoopGroup.TryHandOff"/> returns false).</summary>
    internal const int HandOffOutgoingSlots = 64;

    private static readonly ulong s_handOffArrivalUserData = AsyncUserData.Context(AsyncUserData.Encode(AsyncRequestKind.HandOffArrival, 0, 0)).Raw;

    private static readonly Action<object?> s_retryArrivals = static state => ((EventLoop)state!).PrepareWaitingArrivals();

    private static readonly Action<object?> s_deliverPosted = static state =>
    {
        PostedHandOff posted = (PostedHandOff)state!;
        posted.Target.DeliverHandOff(posted.Fd);
    };

    // Loop thread only (except _handOffReady, read by the other loops of the group).
    private readonly OutgoingHandOff[] _handOffs = new OutgoingHandOff[HandOffOutgoingSlots];
    private readonly int[] _freeHandOffs = CreateFreeList(HandOffOutgoingSlots);
    private readonly Queue<int> _arrivalsWaitingForRoom = new();
    private int _freeHandOffCount = HandOffOutgoingSlots;
    private volatile bool _handOffReady;
    private bool _arrivalRetryQueued;
    private int* _handOffStaging;
    private int _handOffSendsInFlight;
    private int _handOffInstallsInFlight;
    private long _handOffsSent;
    private long _handOffsReceived;
    private long _handOffsClosed;

    /// <summary>The group the loop belongs to (its hand-off handler), or null for a loop on its own.</summary>
    internal EventLoopGroup? Group { get; set; }

    /// <summary>True while a hand-off request of this loop still owes a completion, or an arrival waits for room in the SQ.</summary>
    private bool HasHandOffWork => _handOffSendsInFlight > 0 || _handOffInstallsInFlight > 0 || _arrivalsWaitingForRoom.Count > 0;

    /// <summary>
    /// On the loop thread: registers the sparse file table hand-offs travel through and restricts the kernel's own
    /// placement to the incoming slots. A kernel that refuses leaves hand-offs off for this loop (they return false).
    /// </summary>
    internal void EnableHandOffs()
    {
        if (_handOffReady || _stopRequested)
        {
            return;
        }

        try
        {
            _ring.RegisterFilesSparse(HandOffIncomingSlots + HandOffOutgoingSlots);
            _ring.SetFileAllocRange(0, HandOffIncomingSlots);
        }
        catch (UringException)
        {
            // No table (EMFILE under a tiny RLIMIT_NOFILE, ENOMEM): a group without hand-offs still works with posts.
            return;
        }

        nuint bytes = (nuint)(HandOffOutgoingSlots * sizeof(int));
        _handOffStaging = (int*)NativeMemory.AlignedAlloc(bytes, 64);
        Interlocked.Add(ref _nativeBytes, (long)bytes);
        _handOffReady = true;
    }

    /// <summary>Runs <see cref="EnableHandOffs"/> on the loop; the task completes when it ran (or the loop stopped first).</summary>
    internal Task EnableHandOffsAsync()
    {
        TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!TryRunOnLoop(static state =>
            {
                (EventLoop loop, TaskCompletionSource signal) = ((EventLoop, TaskCompletionSource))state!;
                loop.EnableHandOffs();
                signal.TrySetResult();
            }, (this, done)))
        {
            done.TrySetResult();
        }

        return done.Task;
    }

    /// <summary>
    /// On this (the source) loop's thread: prepares the three linked requests that move <paramref name="fd"/> into a
    /// free slot of <paramref name="target"/>'s file table, and takes ownership of <paramref name="fd"/>. False, with
    /// nothing done, when this loop cannot now (hand-offs off, stopping, all outgoing slots busy, no room in the SQ) or
    /// the target is shutting down.
    /// </summary>
    internal bool TryBeginHandOff(int fd, EventLoop target)
    {
        if (!_handOffReady || !target._handOffReady || _stopRequested || target._stopRequested || _freeHandOffCount == 0
            || HoldSubmissionsForTests || _ring.SqAvailable < 3)
        {
            return false;
        }

        if (!TryReferenceRing(target, out SafeHandle handle))
        {
            return false;
        }

        int slot = _freeHandOffs[--_freeHandOffCount];
        ref OutgoingHandOff handOff = ref _handOffs[slot];
        uint generation = unchecked(handOff.Generation + 1);
        int tableSlot = HandOffIncomingSlots + slot;
        _handOffStaging[slot] = fd;

        // Three SQEs fit (checked above), so the chain is never cut after a linked one. A failed FILES_UPDATE cancels
        // the rest (the slot stays empty); the hard link clears the slot whether the send worked or not.
        bool prepared = _ring.TryPrepareFilesUpdate(
                AsyncUserData.Context(AsyncUserData.Encode(AsyncRequestKind.HandOffStage, slot, generation)),
                new ReadOnlySpan<int>(_handOffStaging + slot, 1),
                (uint)tableSlot,
                new OpOptions { Flags = SqeFlags.IoLink | SqeFlags.CqeSkipSuccess })
            && _ring.TryPrepareMsgRingFd(
                AsyncUserData.Context(AsyncUserData.Encode(AsyncRequestKind.HandOffSend, slot, generation)),
                (int)handle.DangerousGetHandle(),
                tableSlot,
                FileTarget.AnySlot,
                s_handOffArrivalUserData,
                options: OpOptions.HardLinked)
            && _ring.TryPrepareCloseDirect(
                AsyncUserData.Context(AsyncUserData.Encode(AsyncRequestKind.HandOffClear, slot, generation)),
                (uint)tableSlot);
        if (!prepared)
        {
            // Unreachable with three free SQEs; never leave a half chain behind silently.
            throw new InvalidOperationException("The SQ had room for the hand-off's three requests but refused one.");
        }

        handOff = new OutgoingHandOff(target, handle, fd, generation, SendPending: true, ClearPending: true);
        _handOffSendsInFlight += 2;
        Interlocked.Increment(ref _ownedFds);
        return true;
    }

    /// <summary>The source's completions: the staging failed (only failures post), the send ended, the slot was cleared.</summary>
    private void OnHandOffSourceCompletion(ulong value, int result)
    {
        int slot = AsyncUserData.IndexOf(value);
        if (slot >= HandOffOutgoingSlots || _handOffs[slot].Target is null || _handOffs[slot].Generation != AsyncUserData.GenerationOf(value))
        {
            _foreignDropped++;
            return;
        }

        ref OutgoingHandOff handOff = ref _handOffs[slot];
        switch (AsyncUserData.KindOf(value))
        {
            case AsyncRequestKind.HandOffStage:
                // The descriptor never reached the slot; the send that follows fails with ECANCELED and handles it.
                return;
            case AsyncRequestKind.HandOffSend when handOff.SendPending:
                handOff = handOff with { SendPending = false };
                _handOffSendsInFlight--;
                FinishSend(handOff.Target!, handOff.Fd, result);
                handOff.Handle!.DangerousRelease();
                break;
            case AsyncRequestKind.HandOffClear when handOff.ClearPending:
                handOff = handOff with { ClearPending = false };
                _handOffSendsInFlight--;
                break;
            default:
                _foreignDropped++;
                return;
        }

        if (!handOff.SendPending && !handOff.ClearPending)
        {
            handOff = new OutgoingHandOff(null, null, -1, handOff.Generation, false, false);
            _freeHandOffs[_freeHandOffCount++] = slot;
        }
    }

    /// <summary>
    /// The send's completion: delivered (the target has the file in its table; this loop's descriptor goes), or not
    /// (posted to the target instead while it runs, closed otherwise).
    /// </summary>
    private void FinishSend(EventLoop target, int fd, int result)
    {
        Interlocked.Decrement(ref _ownedFds);
        if (result >= 0 || (Errno)(-result) == Errno.EOVERFLOW)
        {
            // EOVERFLOW: the file is in the target's table but its completion was lost; the target's shutdown closes it.
            _handOffsSent++;
            _ = Syscalls.Close(fd);
            return;
        }

        if (target._stopRequested || !target.TryRunOnLoop(s_deliverPosted, new PostedHandOff(target, fd)))
        {
            _handOffsClosed++;
            _ = Syscalls.Close(fd);
        }
    }

    /// <summary>The target's side: a descriptor arrived in slot <paramref name="result"/> of its table.</summary>
    private void OnHandOffArrived(int result)
    {
        if (!_handOffReady || result < 0 || result >= HandOffIncomingSlots)
        {
            _foreignDropped++;
            return;
        }

        if (_arrivalsWaitingForRoom.Count > 0 || !TryPrepareArrival(result))
        {
            _arrivalsWaitingForRoom.Enqueue(result);
            QueueArrivalRetry();
        }
    }

    /// <summary>
    /// Installs the slot as a normal descriptor and frees it (hard-linked: the slot is freed also when the install
    /// fails); while the loop shuts down, only frees it, which closes the connection.
    /// </summary>
    private bool TryPrepareArrival(int slot)
    {
        int needed = _stopRequested ? 1 : 2;
        if (_ring.SqAvailable < needed)
        {
            _ring.Submit();
            if (_ring.SqAvailable < needed)
            {
                return false;
            }
        }

        SqeContext release = AsyncUserData.Context(AsyncUserData.Encode(AsyncRequestKind.HandOffRelease, slot, 0));
        if (_stopRequested)
        {
            _handOffsClosed++;
            _ = _ring.TryPrepareCloseDirect(release, (uint)slot);
            _handOffInstallsInFlight++;
            return true;
        }

        SqeContext install = AsyncUserData.Context(AsyncUserData.Encode(AsyncRequestKind.HandOffInstall, slot, 0));
        _ = _ring.TryPrepareFixedFdInstall(install, slot, options: OpOptions.HardLinked);
        _ = _ring.TryPrepareCloseDirect(release, (uint)slot);
        _handOffInstallsInFlight += 2;
        return true;
    }

    private void QueueArrivalRetry()
    {
        if (!_arrivalRetryQueued)
        {
            _arrivalRetryQueued = true;
            _local.Enqueue(new LoopWork(s_retryArrivals, this));
            _localCount = _local.Count;
        }
    }

    /// <summary>Arrivals that found the SQ full, on the loop's next turn (the reap in between makes room).</summary>
    private void PrepareWaitingArrivals()
    {
        _arrivalRetryQueued = false;
        while (_arrivalsWaitingForRoom.TryPeek(out int slot) && TryPrepareArrival(slot))
        {
            _arrivalsWaitingForRoom.Dequeue();
        }

        if (_arrivalsWaitingForRoom.Count > 0)
        {
            QueueArrivalRetry();
        }
    }

    /// <summary>The target's completions: the install (its result is the new descriptor) and the slot's release.</summary>
    private void OnHandOffTargetCompletion(ulong value, int result)
    {
        if (_handOffInstallsInFlight == 0)
        {
            _foreignDropped++;
            return;
        }

        _handOffInstallsInFlight--;
        if (AsyncUserData.KindOf(value) == AsyncRequestKind.HandOffRelease)
        {
            return;
        }

        if (result < 0)
        {
            // Not installed (no descriptor left: EMFILE): the linked release frees the slot, which closes the connection.
            _handOffsClosed++;
            return;
        }

        DeliverHandOff(result);
    }

    /// <summary>Gives a descriptor that arrived to the group's handler, which owns it from then on; closes it when there is none or the loop stops.</summary>
    private void DeliverHandOff(int fd)
    {
        Action<EventLoop, int>? handler = Group?.HandOffReceived;
        if (handler is null || _stopRequested)
        {
            _handOffsClosed++;
            _ = Syscalls.Close(fd);
            return;
        }

        _handOffsReceived++;
        try
        {
            handler(this, fd);
        }
        catch (Exception e) when (_options.UnhandledException is not null)
        {
            _options.UnhandledException(e);
        }
    }

    /// <summary>
    /// After the ring is unmapped: descriptors whose send never completed go (the file reached the target, which
    /// owns it now, or it did not, and the group is shutting down), as do the references on the targets' rings and
    /// the staging memory.
    /// </summary>
    private void ReleaseHandOffs()
    {
        for (int slot = 0; slot < HandOffOutgoingSlots; slot++)
        {
            ref OutgoingHandOff handOff = ref _handOffs[slot];
            if (handOff.Target is not null)
            {
                if (handOff.SendPending)
                {
                    _ = Syscalls.Close(handOff.Fd);
                    Interlocked.Decrement(ref _ownedFds);
                    handOff.Handle!.DangerousRelease();
                }

                handOff = new OutgoingHandOff(null, null, -1, handOff.Generation, false, false);
            }
        }

        _arrivalsWaitingForRoom.Clear();
        Volatile.Write(ref _handOffSendsInFlight, 0);
        Volatile.Write(ref _handOffInstallsInFlight, 0);
        if (_handOffStaging is not null)
        {
            NativeMemory.AlignedFree(_handOffStaging);
            _handOffStaging = null;
            Interlocked.Add(ref _nativeBytes, -(long)(HandOffOutgoingSlots * sizeof(int)));
        }

        _handOffReady = false;
    }

    /// <summary>A hand-off of this loop in flight: where to, the reference on that ring, the descriptor this loop still owns, what is owed.</summary>
    private readonly record struct OutgoingHandOff(EventLoop? Target, SafeHandle? Handle, int Fd, uint Generation, bool SendPending, bool ClearPending);

    /// <summary>A descriptor whose send failed, posted to its target instead.</summary>
    private sealed record PostedHandOff(EventLoop Target, int Fd);
}
