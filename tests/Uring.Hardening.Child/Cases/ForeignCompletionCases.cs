using System;
using System.Collections.Generic;
using Uring.Hardening.Child.Support;

namespace Uring.Hardening.Child.Cases;

/// <summary>
/// Completions forged with <c>IORING_OP_MSG_RING</c> (as any process holding the ring fd can) carrying every
/// wild value, met by every consumer a reap loop uses: the view itself, <c>CompletionHandler.TryInvoke</c>,
/// the runtime's <c>TryHandle</c>s, a generated <c>Dispatch</c> and <c>Reap</c>. Each must report
/// the completion as foreign and dereference nothing (so never call the trap handler planted behind it).
/// </summary>
internal static class ForeignCompletionCases
{
    private const int PostedResult = 77;

    public static IEnumerable<(string, Func<string>)> All()
    {
        foreach (WildValues.Wild wild in WildValues.All())
        {
            yield return ($"foreign completion ({wild.Name}): the view is foreign", () => Reaped(wild, (ring, cqe, raw) =>
            {
                Check.That(cqe.IsForeign, "IsForeign is false");
                Check.That(cqe.Context.Raw == raw, "the raw user_data was not kept");
                Check.That(cqe.Result == PostedResult, $"the result is {cqe.Result}");
                IoUringOp? op = cqe.Op;
                Check.That(op is null, $"Op decoded {op}");
                Check.That(cqe.Fd == -1, $"Fd decoded {cqe.Fd}");
                Check.That(!cqe.ExtendedSqe.IsValid && !cqe.IsExtended, "the view hands out an Extended context");
                Check.That(cqe.BufGroup == 0, $"BufGroup decoded {cqe.BufGroup}");
            }));
            yield return ($"foreign completion ({wild.Name}): CompletionHandler.TryInvoke", () => Reaped(wild, (ring, cqe, _) => Check.That(!CompletionHandler.TryInvoke(ring, in cqe), "TryInvoke claimed it")));
            yield return ($"foreign completion ({wild.Name}): MultishotSubscription.TryHandle", () => Reaped(wild, (ring, cqe, _) => Check.That(!MultishotSubscription.TryHandle(ring, in cqe), "TryHandle claimed it")));
            yield return ($"foreign completion ({wild.Name}): ZeroCopySendTracker.TryHandle", () => Reaped(wild, (ring, cqe, _) => Check.That(!ZeroCopySendTracker.TryHandle(ring, in cqe), "TryHandle claimed it")));
            yield return ($"foreign completion ({wild.Name}): Listener.TryHandle", () => Reaped(wild, (ring, cqe, _) => Check.That(!Listener.TryHandle(ring, in cqe), "TryHandle claimed it")));
            yield return ($"foreign completion ({wild.Name}): generated Dispatch", () => Reaped(wild, (ring, cqe, _) =>
            {
                int calls = ProbeHandlers.Calls;
                Check.That(!ProbeContext.Dispatch(ring, in cqe), "Dispatch claimed it");
                Check.That(ProbeHandlers.Calls == calls, "Dispatch ran a handler");
            }));
            yield return ($"foreign completion ({wild.Name}): Reap", () => ReapedExtended(wild));
        }

        yield return ("foreign completion: a flood of 4096 among real ones", Flood);
        yield return ("foreign completion: forged MORE and BUFFER flags", ForgedFlags);
        yield return ("foreign completion: a late one for a finished subscription", LateForSubscription);
    }

    /// <summary>Posts <paramref name="raw"/> to the scope's ring from the other ring and returns the forged completion as reaped.</summary>
    private static CqeView Post(WildScope scope, ulong raw, CqeFlags flags = CqeFlags.None)
    {
        Check.That(scope.Other.TryPrepareMsgRingWithFlags(SqeContext.FromValue(1), scope.Ring.RingFd, raw, PostedResult, flags), "no SQ room");
        Check.That(ChildRings.WaitOne(scope.Other).Result == 0, "MSG_RING failed");
        return ChildRings.WaitOne(scope.Ring);
    }

    private static string Reaped(WildValues.Wild wild, Action<Ring, CqeView, ulong> consume)
    {
        using WildScope scope = new();
        ulong raw = wild.Build(scope);
        int traps = Trap.Calls;
        CqeView cqe = Post(scope, raw);
        consume(scope.Ring, cqe, raw);
        Check.That(Trap.Calls == traps, "the handler planted behind the forged user_data was called");
        ChildRings.NopRoundTrip(scope.Ring);
        return "foreign, untouched";
    }

    private static string ReapedExtended(WildValues.Wild wild)
    {
        using WildScope scope = new();
        ulong raw = wild.Build(scope);
        Check.That(scope.Other.TryPrepareMsgRing(SqeContext.FromValue(1), scope.Ring.RingFd, raw, PostedResult), "no SQ room");
        Check.That(ChildRings.WaitOne(scope.Other).Result == 0, "MSG_RING failed");
        ExtendedCqe[] one = new ExtendedCqe[1];
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (scope.Ring.Reap(one) == 0)
        {
            Check.That(DateTime.UtcNow < deadline, "no completion within 10 s");
        }

        ExtendedCqe cqe = one[0];
        Check.That(cqe.IsForeign, "ExtendedCqe.IsForeign is false");
        Check.That(!cqe.Ext.IsValid, "the ExtendedCqe hands out a context");
        IoUringOp? op = cqe.Op;
        Check.That(op is null && cqe.Fd == -1, $"Op {op} / Fd {cqe.Fd} decoded");
        ChildRings.NopRoundTrip(scope.Ring);
        return "foreign, untouched";
    }

    /// <summary>Real typed-context completions interleaved with forged ones: every real one dispatched once, every forged one refused.</summary>
    private static string Flood()
    {
        using WildScope scope = new();
        int forged = 0;
        int real = 0;
        int calls = ProbeHandlers.Calls;
        int traps = Trap.Calls;
        ulong raw = scope.OthersWithTrap().Context.Raw;
        CqeView[] batch = new CqeView[64];
        for (int round = 0; round < 512; round++)
        {
            for (int i = 0; i < 8; i++)
            {
                Check.That(scope.Other.TryPrepareMsgRing(SqeContext.FromValue(1), scope.Ring.RingFd, raw + (ulong)(i * 8), PostedResult, OpOptions.SkipSuccess), "no SQ room on the poster");
            }

            scope.Other.Submit();
            Check.That(scope.Ring.TryPrepareNop(new ProbeContext { Handler = ProbeContext.Handlers.OnProbe, Value = round }), "no room for a real request");
            int seen = 0;
            while (seen < 9)
            {
                int count = scope.Ring.Wait(batch, 9 - seen, TimeSpan.FromSeconds(5));
                Check.That(count > 0, $"round {round}: only {seen} of 9 completions");
                for (int i = 0; i < count; i++)
                {
                    if (batch[i].IsForeign)
                    {
                        Check.That(!ProbeContext.Dispatch(scope.Ring, in batch[i]), "a forged completion was dispatched");
                        forged++;
                    }
                    else
                    {
                        Check.That(ProbeContext.Dispatch(scope.Ring, in batch[i]), "a real completion was not dispatched");
                        real++;
                    }
                }

                seen += count;
            }
        }

        Check.That(forged == 4096 && real == 512, $"{forged} forged and {real} real completions");
        Check.That(ProbeHandlers.Calls - calls == 512, "real handlers did not run exactly once each");
        Check.That(Trap.Calls == traps, "a forged completion's handler ran");
        Check.That(scope.Ring.Pools.ExtendedAvailable == scope.Ring.Pools.Capacity, "real contexts were not all returned");
        ChildRings.NopRoundTrip(scope.Ring);
        return $"{forged} forged refused, {real} real dispatched";
    }

    private static string ForgedFlags()
    {
        using WildScope scope = new();
        CqeView cqe = Post(scope, (2UL << 62) | 0x7ffd_dead_0000, CqeFlags.More | CqeFlags.Buffer | (CqeFlags)(3u << 16));
        Check.That(cqe.IsForeign, "IsForeign is false");
        Check.That(!MultishotSubscription.TryHandle(scope.Ring, in cqe), "a subscription claimed it");
        Check.That(!CompletionHandler.TryInvoke(scope.Ring, in cqe), "TryInvoke claimed it");
        ChildRings.NopRoundTrip(scope.Ring);
        return "foreign";
    }

    /// <summary>A subscription ends and returns its context; a completion naming the old context arrives later.</summary>
    private static string LateForSubscription()
    {
        using WildScope scope = new();
        Recorder recorder = new();
        Check.That(MultishotSubscription.TryStartTimer(scope.Ring, TimeSpan.FromMilliseconds(1), 1, recorder, out MultishotSubscription? subscription), "no subscription");
        ulong raw = subscription.Context.Raw;
        while (recorder.Stops == 0)
        {
            CqeView cqe = ChildRings.WaitOne(scope.Ring);
            MultishotSubscription.TryHandle(scope.Ring, in cqe);
        }

        int completions = recorder.Completions;
        CqeView late = Post(scope, raw);
        Check.That(late.IsForeign, "the late completion is not foreign");
        Check.That(!MultishotSubscription.TryHandle(scope.Ring, in late), "the finished subscription claimed the late completion");
        Check.That(recorder.Completions == completions && recorder.Stops == 1, "the handler heard about the late completion");
        ChildRings.NopRoundTrip(scope.Ring);
        return "foreign";
    }

    private sealed class Recorder : IMultishotHandler
    {
        public int Completions { get; private set; }

        public int Stops { get; private set; }

        public MultishotAction OnCompletion(MultishotSubscription subscription, in CqeView completion)
        {
            Completions++;
            return MultishotAction.Continue;
        }

        public void OnStopped(MultishotSubscription subscription, Errno error, bool cancelled) => Stops++;
    }
}
