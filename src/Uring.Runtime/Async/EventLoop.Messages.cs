using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace Uring;

// Loop-to-loop wake-ups: work posted to this loop from another loop's thread wakes it with an IORING_OP_MSG_RING data
// message sent from the poster's own ring (that thread owns it), instead of a write to this loop's eventfd. The target
// reaps the message as a completion of kind WakeMessage: no eventfd read to complete and re-arm, and no extra thread
// touches the target's ring. Posts from threads that are no loop keep the eventfd.
public sealed partial class EventLoop
{
    /// <summary>Wake messages one loop may have in flight at once; a post beyond them wakes through the eventfd.</summary>
    private const int WakeMessageSlots = 64;

    /// <summary>The <c>user_data</c> of the completion a wake message posts on its target.</summary>
    private static readonly ulong s_wakeMessageUserData = AsyncUserData.Context(AsyncUserData.Encode(AsyncRequestKind.WakeMessage, 0, 0)).Raw;

    // Loop thread only. A wake message in flight holds a reference on its target ring's handle from before the SQE is
    // written until this loop reaps its completion: the descriptor number in the SQE then names that ring, never a
    // number the target closed and something else reused (the kernel holds its own reference once the request runs).
    private readonly OutgoingMessage[] _wakeMessages = new OutgoingMessage[WakeMessageSlots];
    private readonly int[] _freeWakeMessages = CreateFreeList(WakeMessageSlots);
    private int _freeWakeMessageCount = WakeMessageSlots;
    private int _wakeMessagesInFlight;
    private long _wakeUpsByMessage;
    private long _wakeUpsByEventFd;

    /// <summary>False makes every wake-up an eventfd write, also from a loop's thread (for benchmarks that compare the two paths).</summary>
    internal static bool WakeMessagesEnabled { get; set; } = true;

    /// <summary>True while the loop sleeps in the kernel, or is about to (for tests that need a post to wake it).</summary>
    internal bool IsSleeping => Volatile.Read(ref _sleeping) != 0;

    /// <summary>
    /// Called by a poster that swapped this loop's sleeping flag: when the poster runs on another loop's thread, that
    /// loop sends the wake-up as a message from its ring. False: the caller writes the eventfd.
    /// </summary>
    private bool TryWakeFromLoop()
    {
        EventLoop? poster = t_current;
        return poster is not null && poster != this && WakeMessagesEnabled && poster.TrySendWakeMessage(this);
    }

    /// <summary>
    /// On this loop's thread: sends <paramref name="target"/> a wake message and submits it at once (the target sleeps,
    /// so the wake-up's latency matters more than one non-blocking enter; and the poster may block next, which it should
    /// not, but then nothing waits for this loop's next turn). False when it cannot (this loop is stopping, the SQ or the
    /// message slots are full, the target's ring is gone): the caller writes the eventfd.
    /// </summary>
    private bool TrySendWakeMessage(EventLoop target)
    {
        if (_stopRequested || _freeWakeMessageCount == 0 || HoldSubmissionsForTests || Volatile.Read(ref _running) == 0)
        {
            return false;
        }

        if (!TryReferenceRing(target, out SafeHandle handle))
        {
            return false;
        }

        int slot = _freeWakeMessages[_freeWakeMessageCount - 1];
        ref OutgoingMessage message = ref _wakeMessages[slot];
        uint generation = unchecked(message.Generation + 1);
        SqeContext context = AsyncUserData.Context(AsyncUserData.Encode(AsyncRequestKind.WakeMessageSent, slot, generation));
        if (!_ring.TryPrepareMsgRing(context, (int)handle.DangerousGetHandle(), s_wakeMessageUserData))
        {
            handle.DangerousRelease();
            return false;
        }

        _freeWakeMessageCount--;
        message = new OutgoingMessage(target, handle, generation);
        _wakeMessagesInFlight++;
        _ring.Submit();
        return true;
    }

    /// <summary>
    /// A reference on <paramref name="target"/>'s ring handle, so its descriptor number stays that ring's until the
    /// caller releases it; false once the target has closed it (it shut down).
    /// </summary>
    private static bool TryReferenceRing(EventLoop target, out SafeHandle handle)
    {
        handle = target._ring.FileHandle!;
        if (handle is null || handle.IsClosed)
        {
            return false;
        }

        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
        }
        catch (ObjectDisposedException)
        {
            // Closed between the check and the reference: the target shut down.
            return false;
        }

        return added;
    }

    /// <summary>This loop's completion of a wake message it sent: release the target's ring; wake it by eventfd if the message failed.</summary>
    private void OnWakeMessageSent(ulong value, int result)
    {
        int slot = AsyncUserData.IndexOf(value);
        if (slot >= WakeMessageSlots || _wakeMessages[slot].Target is null || _wakeMessages[slot].Generation != AsyncUserData.GenerationOf(value))
        {
            _foreignDropped++;
            return;
        }

        ref OutgoingMessage message = ref _wakeMessages[slot];
        EventLoop target = message.Target!;
        SafeHandle handle = message.Handle!;
        message = new OutgoingMessage(null, null, message.Generation);
        _freeWakeMessages[_freeWakeMessageCount++] = slot;
        _wakeMessagesInFlight--;
        if (result < 0)
        {
            // Not delivered (the target's ring is going away, or the kernel had no memory): the eventfd cannot miss.
            target._wakeFd.Signal();
        }

        handle.DangerousRelease();
    }

    /// <summary>After the ring is unmapped: its requests are gone, so the references they held on other rings go too.</summary>
    private void ReleaseWakeMessages()
    {
        for (int slot = 0; slot < WakeMessageSlots; slot++)
        {
            ref OutgoingMessage message = ref _wakeMessages[slot];
            if (message.Target is not null)
            {
                message.Handle!.DangerousRelease();
                message = new OutgoingMessage(null, null, message.Generation);
                _freeWakeMessages[_freeWakeMessageCount++] = slot;
            }
        }

        Volatile.Write(ref _wakeMessagesInFlight, 0);
    }

    /// <summary>Routes the completions of the loop-to-loop requests (wake messages, descriptor hand-offs); anything else is foreign.</summary>
    private void DispatchLoopMessage(ulong value, int result)
    {
        switch (AsyncUserData.KindOf(value))
        {
            case AsyncRequestKind.WakeMessage:
                // Another loop woke this one: the loop goes on to run its queue; nothing else to do.
                _wakeUpsByMessage++;
                break;
            case AsyncRequestKind.WakeMessageSent:
                OnWakeMessageSent(value, result);
                break;
            case AsyncRequestKind.HandOffStage:
            case AsyncRequestKind.HandOffSend:
            case AsyncRequestKind.HandOffClear:
                OnHandOffSourceCompletion(value, result);
                break;
            case AsyncRequestKind.HandOffArrival:
                OnHandOffArrived(result);
                break;
            case AsyncRequestKind.HandOffInstall:
            case AsyncRequestKind.HandOffRelease:
                OnHandOffTargetCompletion(value, result);
                break;
            default:
                _foreignDropped++;
                break;
        }
    }

    /// <summary>A stack of the indices 0 .. <paramref name="count"/> - 1.</summary>
    private static int[] CreateFreeList(int count)
    {
        int[] free = new int[count];
        for (int i = 0; i < count; i++)
        {
            free[i] = count - 1 - i;
        }

        return free;
    }

    /// <summary>A request this loop sent to another loop's ring, and the reference it holds on that ring's handle.</summary>
    private readonly record struct OutgoingMessage(EventLoop? Target, SafeHandle? Handle, uint Generation);
}
