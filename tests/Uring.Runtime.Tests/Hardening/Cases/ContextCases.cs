using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Uring.Tests.Hardening.Harness;
using Uring.Tests.Support;

namespace Uring.Tests.Hardening.Cases;

/// <summary>
/// Pooled contexts and submission slots used wrongly, where the memory involved is still mapped (so a
/// regression corrupts state rather than killing the process; the unmapped cases run in a child process):
/// double returns, stale handles (returned, or returned and rented again), contexts and slots of another
/// ring, default handles, and a pooled context where one SQE per context is required.
/// </summary>
internal static class ContextCases
{
    public static IEnumerable<BadInputCase> All()
    {
        // Returning twice, or returning what is not this pool's.
        yield return Case.Throws<InvalidOperationException>("ReturnExtendedSqe twice", null, env => env.Ring.ReturnExtendedSqe(env.ReturnedExt()));
        yield return Case.Throws<InvalidOperationException>("ReturnIndirectSqe twice", null, env => env.Ring.ReturnIndirectSqe(env.ReturnedIndirect()));
        yield return Case.Throws<InvalidOperationException>("Pools.Return(ExtendedSqe) twice", null, env => env.Ring.Pools.Return(env.ReturnedExt()));
        yield return Case.Throws<ArgumentException>("ReturnExtendedSqe of another ring's context", "ext", env => env.Ring.ReturnExtendedSqe(env.OthersExt()));
        yield return Case.Throws<ArgumentException>("ReturnIndirectSqe of another ring's context", "sqe", env => env.Ring.ReturnIndirectSqe(env.OthersIndirect()));
        yield return Case.Throws<ArgumentException>("ReturnExtendedSqe of the default handle", "ext", env => env.Ring.ReturnExtendedSqe(default));
        yield return Case.Throws<ArgumentException>("ReturnIndirectSqe of the default handle", "sqe", env => env.Ring.ReturnIndirectSqe(default));
        yield return Case.Throws<InvalidOperationException>("ReturnExtendedSqe of a handle whose slot was rented again", null, env =>
        {
            ExtendedSqe stale = env.ReturnedExt();
            env.RentedExt();
            env.Ring.ReturnExtendedSqe(stale);
        });

        // A handle used after its return.
        yield return Case.Throws<InvalidOperationException>("ExtendedSqe.Sqe after return", null, env => env.ReturnedExt().Sqe.Opcode == 0);
        yield return Case.Throws<InvalidOperationException>("ExtendedSqe.UserData after return", null, env => env.ReturnedExt().UserData.Length > 0);
        yield return Case.Throws<InvalidOperationException>("ExtendedSqe.As<T> after return", null, env => env.ReturnedExt().As<long>() == 0);
        yield return Case.Throws<InvalidOperationException>("IndirectSqe.Sqe after return", null, env => env.ReturnedIndirect().Sqe.Opcode == 0);
        yield return Case.Throws<InvalidOperationException>("Pools.ManagedFields after return", null, env => env.Ring.Pools.ManagedFields(env.ReturnedExt()).Length > 0);
        yield return Case.Throws<InvalidOperationException>("ContextPools.ManagedFieldsOf after return", null, env => ContextPools.ManagedFieldsOf(env.ReturnedExt()).Length > 0);
        yield return Case.Throws<InvalidOperationException>("ExtendedSqe.Sqe of a handle whose slot was rented again", null, env =>
        {
            ExtendedSqe stale = env.ReturnedExt();
            env.RentedExt();
            return stale.Sqe.Opcode == 0;
        });
        yield return Case.Throws<InvalidOperationException>("ExtendedSqe.Sqe of the default handle", null, env => default(ExtendedSqe).Sqe.Opcode == 0);
        yield return Case.Throws<InvalidOperationException>("IndirectSqe.Sqe of the default handle", null, env => default(IndirectSqe).Sqe.Opcode == 0);
        yield return Case.Throws<ArgumentException>("ExtendedSqe.Context of the default handle", "sqe", env => default(ExtendedSqe).Context.Raw != 0);
        yield return Case.Throws<ArgumentException>("ContextPools.ManagedFieldsOf the default handle", "sqe", env => ContextPools.ManagedFieldsOf(default).Length > 0);

        // A stale, foreign or default pointer context given to a prep method: refused before anything is queued.
        foreach ((string what, Func<CaseEnv, SqeContext> context) in BadContexts())
        {
            yield return Case.Throws<ArgumentException>($"TryPrepareNop with {what}", "context", env => env.Ring.TryPrepareNop(context(env)));
            yield return Case.Throws<ArgumentException>($"TryPrepareRead with {what}", "context", env => env.Ring.TryPrepareRead(context(env), env.PipeRead, env.Buffer));
            yield return Case.Throws<ArgumentException>($"TryPrepareOpenAt (staged path) with {what}", "context", env => env.Ring.TryPrepareOpenAt(context(env), -100, "/", OpenFlags.ReadOnly));
            yield return Case.Throws<ArgumentException>($"TryPrepare (a raw SQE) with {what}", "context", env => env.Ring.TryPrepareRawNop(context(env)));
            yield return new BadInputCase($"TryPrepareNop on a MultiIssuers ring with {what}, then another thread prepares", new Expectation.Throws(typeof(ArgumentException), "context"), env =>
            {
                try
                {
                    return env.Ring.TryPrepareNop(context(env));
                }
                finally
                {
                    // The refusal must not leave the ring's lock held: another thread still gets a slot to fill (and
                    // gives it back by throwing from its filler, so nothing is queued).
                    StrongBox<bool> other = new();
                    CaseEnv.OnOtherThread(() =>
                    {
                        try
                        {
                            env.Ring.TryPrepare(SqeContext.FromValue(1), UringOpKind.Other, other, static (ref SubmissionSlot slot, scoped in StrongBox<bool> other) =>
                            {
                                other.Value = true;
                                throw new OperationCanceledException("abandon the slot");
                            });
                        }
                        catch (OperationCanceledException)
                        {
                        }
                    });
                    if (!other.Value)
                    {
                        throw new InvalidOperationException("The other thread could not fill an SQE after the refusal.");
                    }
                }
            }) { Ring = CaseRing.MultiIssuers };
        }

        yield return Case.Throws<ArgumentException>("TryPrepareExtended of a returned context", "ext", env => env.Ring.TryPrepareExtended(env.ReturnedExt()));
        yield return Case.Throws<ArgumentException>("TryPrepareExtended of another ring's context", "ext", env => env.Ring.TryPrepareExtended(env.OthersExt()));
        yield return Case.Throws<ArgumentException>("TryPrepareExtended of the default handle", "ext", env => env.Ring.TryPrepareExtended(default));
        yield return Case.Throws<ArgumentException>("TryPrepareIndirect of a returned context", "indirect", env => env.Ring.TryPrepareIndirect(env.ReturnedIndirect()));
        yield return Case.Throws<ArgumentException>("TryPrepareIndirect of another ring's context", "indirect", env => env.Ring.TryPrepareIndirect(env.OthersIndirect()));
        yield return Case.Throws<ArgumentException>("Multicast.Prepare with a pooled context", "context", env => Multicast.Prepare(env.Ring, env.RentedExt().Context, [env.SocketA], env.Buffer[..8]) > 0);

        // Submission slots: a filler fills one SQE of its own ring; reserve and publish are not public, so a slot of
        // another ring, a stale copy or a second publish cannot reach the ring (ReservationTests cover the internals).
        yield return Case.Throws<ArgumentNullException>("TryPrepare with a null filler", "fill", env => env.Ring.TryPrepare<int>(SqeContext.FromValue(8), UringOpKind.Other, 0, null!));
        yield return Case.Throws<TimeZoneNotFoundException>("TryPrepare with a filler that throws", null, env => env.Ring.TryPrepare(SqeContext.FromValue(8), UringOpKind.Other, 0, static (ref SubmissionSlot slot, scoped in int _) =>
        {
            slot.Sqe.Opcode = (byte)IoUringOp.Nop;
            throw new TimeZoneNotFoundException("the filler failed");
        }));
        yield return new BadInputCase("TryPrepare on a MultiIssuers ring with a filler that throws, then another thread prepares", new Expectation.Throws(typeof(TimeZoneNotFoundException), null), env =>
        {
            try
            {
                return env.Ring.TryPrepare(SqeContext.FromValue(8), UringOpKind.Other, 0, static (ref SubmissionSlot slot, scoped in int _) => throw new TimeZoneNotFoundException("the filler failed"));
            }
            finally
            {
                bool other = false;
                CaseEnv.OnOtherThread(() => other = env.Ring.TryPrepareRawNop(SqeContext.FromValue(9)));
                if (!other)
                {
                    throw new InvalidOperationException("The other thread could not prepare after the filler threw: the lock was left held.");
                }

                env.QueuedOnPurpose++;
            }
        }) { Ring = CaseRing.MultiIssuers };
        yield return Case.Throws<InvalidOperationException>("TryPrepare nested in a filler of the same ring", null, env => env.Ring.TryPrepare(SqeContext.FromValue(8), UringOpKind.Other, env.Ring, static (ref SubmissionSlot slot, scoped in Ring ring) =>
        {
            slot.Sqe.Opcode = (byte)IoUringOp.Nop;
            ring.TryPrepareRawNop(SqeContext.FromValue(9));
        }));
        yield return new BadInputCase("TryPrepare nested in a filler of the same MultiIssuers ring", new Expectation.Throws(typeof(InvalidOperationException), null), env => env.Ring.TryPrepare(SqeContext.FromValue(8), UringOpKind.Other, env.Ring, static (ref SubmissionSlot slot, scoped in Ring ring) => ring.TryPrepareNop(SqeContext.FromValue(9))))
        {
            Ring = CaseRing.MultiIssuers,
        };
        yield return Case.Ok("TryPrepare with a filler that swaps in another ring's slot: each ring publishes its own", env =>
        {
            bool inner = false;
            bool outer = env.Ring.TryPrepare(SqeContext.FromValue(8), UringOpKind.Other, env.Other, static (ref SubmissionSlot mine, scoped in Ring other) =>
            {
                mine.Sqe.Opcode = (byte)IoUringOp.Nop;
                mine.Sqe.Fd = -1;
                SubmissionSlot swapped = mine;
                Check(other.TryPrepare(SqeContext.FromValue(9), UringOpKind.Other, swapped, static (ref SubmissionSlot theirs, scoped in SubmissionSlot swapped) =>
                {
                    theirs.Sqe.Opcode = (byte)IoUringOp.Nop;
                    theirs.Sqe.Fd = -1;
                    theirs = swapped;
                }));
            });
            inner = env.Other.SqPending == 1;
            env.QueuedOnPurpose++;
            return outer && inner && env.Ring.SqPending > 0;
        });

        // Misc handles.
        yield return Case.Throws<InvalidOperationException>("CompletionHandler.None.Invoke", null, env =>
        {
            CqeView nothing = default;
            CompletionHandler.None.Invoke(env.Ring, in nothing);
        });
        yield return Case.Throws<ArgumentException>("ExtendedSqe.As<T> of a 72-byte type", null, env => env.RentedExt().As<(Guid, Guid, Guid, Guid, long)>().Item5 == 0);
    }

    /// <summary>Pointer-mode contexts that name no slot this ring rented now (all in mapped memory).</summary>
    private static IEnumerable<(string, Func<CaseEnv, SqeContext>)> BadContexts()
    {
        yield return ("a returned Extended context", env => env.ReturnedExt().Context);
        yield return ("a returned Indirect context", env => env.ReturnedIndirect().Context);
        yield return ("an Extended context whose slot was rented again", env =>
        {
            SqeContext stale = env.ReturnedExt().Context;
            env.RentedExt();
            return stale;
        });
        yield return ("another ring's Extended context", env => env.OthersExt().Context);
        yield return ("another ring's Indirect context", env => env.OthersIndirect().Context);
        yield return ("the null Extended context", _ => SqeContext.FromRaw(2UL << 62));
        yield return ("the null Indirect context", _ => SqeContext.FromRaw(1UL << 62));
        yield return ("an Extended-mode context over an Indirect slot", env => SqeContext.FromRaw((env.RentedIndirect().Context.Raw & ~(3UL << 62)) | (2UL << 62)));
    }

    private static void Check(bool condition)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Arrangement failed: no SQ room.");
        }
    }
}
