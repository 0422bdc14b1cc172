using System;
using System.Collections.Generic;
using System.Threading;
using Uring.Hardening.Child.Support;

namespace Uring.Hardening.Child.Cases;

/// <summary>
/// <c>SqeContext.FromRaw</c> with every wild value, given to prep methods and <c>TryPrepare</c> (refused with
/// ArgumentException naming "context", nothing queued, the ring still works, and on a multi-issuer ring the
/// lock is free), and read through the decoding properties (no dereference: Op null, Fd -1, no handle).
/// </summary>
internal static class WildContextCases
{
    public static IEnumerable<(string, Func<string>)> All()
    {
        foreach (WildValues.Wild wild in WildValues.All())
        {
            yield return ($"wild context ({wild.Name}): TryPrepareNop", () => Refused(wild, (ring, context) => ring.TryPrepareNop(context)));
            yield return ($"wild context ({wild.Name}): TryPrepareTimeout", () => Refused(wild, (ring, context) => ring.TryPrepareTimeout(context, TimeSpan.FromSeconds(1))));
            yield return ($"wild context ({wild.Name}): TryPrepare", () => Refused(wild, Publish));
            yield return ($"wild context ({wild.Name}): TryPrepareNop on a MultiIssuers ring leaves the lock free", () => RefusedOnMultiIssuers(wild));
            if (!wild.OtherRingsSlot)
            {
                yield return ($"wild context ({wild.Name}): decoding dereferences nothing", () => Decoded(wild));
            }
        }
    }

    private static string Refused(WildValues.Wild wild, Func<Ring, SqeContext, bool> prepare)
    {
        using WildScope scope = new();
        SqeContext context = SqeContext.FromRaw(wild.Build(scope));
        int traps = Trap.Calls;
        Check.Throws<ArgumentException>(() => prepare(scope.Ring, context), "context", "prep with a wild context");
        Check.That(scope.Ring.SqPending == 0, $"{scope.Ring.SqPending} SQE(s) were queued");
        Check.That(Trap.Calls == traps, "a handler found through the wild context was called");
        ChildRings.NopRoundTrip(scope.Ring);
        return "refused";
    }

    /// <summary>A raw SQE through the public scoped prepare: the filler runs, then publishing refuses the context.</summary>
    private static bool Publish(Ring ring, SqeContext context)
        => ring.TryPrepare(context, UringOpKind.Other, 0, static (ref SubmissionSlot slot, scoped in int _) => slot.Sqe.Opcode = (byte)IoUringOp.Nop);

    private static string RefusedOnMultiIssuers(WildValues.Wild wild)
    {
        using WildScope scope = new(multiIssuers: true);
        SqeContext context = SqeContext.FromRaw(wild.Build(scope));
        Check.Throws<ArgumentException>(() => scope.Ring.TryPrepareNop(context), "context", "prep with a wild context");
        bool prepared = false;
        Thread other = new(() => prepared = scope.Ring.TryPrepareNop(SqeContext.FromValue(7))) { IsBackground = true };
        other.Start();
        Check.That(other.Join(TimeSpan.FromSeconds(5)), "another thread blocked for 5 s: the refusal left the ring's lock held");
        Check.That(prepared, "another thread could not prepare after the refusal");
        ChildRings.NopRoundTrip(scope.Ring);
        return "refused, lock free";
    }

    private static string Decoded(WildValues.Wild wild)
    {
        using WildScope scope = new();
        SqeContext context = SqeContext.FromRaw(wild.Build(scope));
        IoUringOp? op = context.Op;
        Check.That(op is null, $"Op decoded {op} from a wild context");
        Check.That(context.Fd == -1, $"Fd decoded {context.Fd}");
        Check.That(context.Flags == SqeFlags.None, $"Flags decoded {context.Flags}");
        Check.That(context.BufGroup == 0, $"BufGroup decoded {context.BufGroup}");
        Check.That(!context.HasBufferSelect, "HasBufferSelect decoded true");
        Check.That(!context.ExtendedSqe.IsValid, "ExtendedSqe is a valid handle");
        Check.That(!context.IndirectSqe.IsValid, "IndirectSqe is a valid handle");
        Check.That(!string.IsNullOrEmpty(context.ToString()), "ToString is empty");
        Check.Throws<InvalidOperationException>(() => context.WithOp(IoUringOp.Nop), null, "WithOp through a wild context");
        Check.Throws<InvalidOperationException>(() => context.WithFd(3), null, "WithFd through a wild context");
        Check.Throws<InvalidOperationException>(() => context.WithFlags(SqeFlags.Async), null, "WithFlags through a wild context");
        Check.That(Trap.Calls == 0, "a trap handler was called");
        ChildRings.NopRoundTrip(scope.Ring);
        return "nothing dereferenced";
    }
}
