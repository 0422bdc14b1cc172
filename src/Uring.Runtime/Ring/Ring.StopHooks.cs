using System;
using System.Collections.Generic;
using System.Threading;
using Uring.Interop;

namespace Uring;

/// <summary>
/// Something the runtime started on a ring that owns a resource a completion hands over (a listener's socket
/// fd, a multishot accept's connection fds): when the ring stops with such a completion posted but not reaped,
/// only its owner knows to release what it carries.
/// </summary>
internal interface IRingStopHook
{
    /// <summary>
    /// The ring is stopping: release what this owner holds, and what any of <paramref name="unreaped"/> (the
    /// completions posted and not reaped, still in the CQ) hands over to it. Called on the thread that stops the
    /// ring, before anything is unmapped. Must not prepare, submit or wait, and must not call user code.
    /// </summary>
    void OnRingStopping(ReadOnlySpan<IoUringCqe> unreaped);
}

public sealed unsafe partial class Ring
{
    private List<IRingStopHook>? _stopHooks;

    /// <summary>Registers <paramref name="hook"/> until <see cref="RemoveStopHook"/> or the ring stops.</summary>
    internal void AddStopHook(IRingStopHook hook)
    {
        lock (StopHookGate)
        {
            (_stopHooks ??= new List<IRingStopHook>()).Add(hook);
        }
    }

    /// <summary>Forgets <paramref name="hook"/> (its owner released what it held).</summary>
    internal void RemoveStopHook(IRingStopHook hook)
    {
        lock (StopHookGate)
        {
            _stopHooks?.Remove(hook);
        }
    }

    /// <summary>Registered stop hooks (tests).</summary>
    internal int StopHookCount
    {
        get
        {
            lock (StopHookGate)
            {
                return _stopHooks?.Count ?? 0;
            }
        }
    }

    /// <summary>Guards the hook list: a multi-issuer ring may register from several threads.</summary>
    private readonly Lock _stopHookGate = new();

    private Lock StopHookGate => _stopHookGate;

    /// <summary>
    /// Lets every registered owner release what it holds, with the completions still in the CQ (copied out,
    /// the head left where it is). Called by <see cref="Stop"/> before it unmaps anything. A hook that throws
    /// does not stop the teardown or the other hooks.
    /// </summary>
    private void RunStopHooks()
    {
        IRingStopHook[] hooks;
        lock (StopHookGate)
        {
            if (_stopHooks is not { Count: > 0 })
            {
                return;
            }

            hooks = _stopHooks.ToArray();
            _stopHooks = null;
        }

        IoUringCqe[] unreaped = CopyUnreaped();
        foreach (IRingStopHook hook in hooks)
        {
            try
            {
                hook.OnRingStopping(unreaped);
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                // Teardown must finish: a hook's failure (a close that fails) cannot keep the ring mapped.
            }
        }
    }

    /// <summary>The CQEs between the head and the tail, copied out without consuming them.</summary>
    private IoUringCqe[] CopyUnreaped()
    {
        if (_cq.Cqes == null)
        {
            return [];
        }

        uint head = *_cq.Head;
        uint tail = Volatile.Read(ref *_cq.Tail);
        uint count = Math.Min(tail - head, _cq.Entries);
        IoUringCqe[] copies = new IoUringCqe[count];
        int copied = 0;
        for (uint i = 0; i < count; i++)
        {
            IoUringCqe cqe = *_cq.CqeAt(head + i);
            if (_cqeMixed && (cqe.Flags & MixedCqeFlags) != 0)
            {
                // A CQE_MIXED ring: padding is no completion, and a 32-byte completion spans two slots.
                if ((cqe.Flags & (uint)CqeFlags.Skip) != 0)
                {
                    continue;
                }

                i++;
            }

            copies[copied++] = cqe;
        }

        return copied == copies.Length ? copies : copies[..copied];
    }
}
