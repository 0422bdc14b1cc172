using System;
using System.Collections.Generic;
using Uring.Tests.Hardening.Harness;

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
        yield return Case.Throws<InvalidOperationException>("ReturnExtSqe twice", null, env => env.Ring.ReturnExtSqe(env.ReturnedExt()));
        yield return Case.Throws<InvalidOperationException>("ReturnIndirectSqe twice", null, env => env.Ring.ReturnIndirectSqe(env.ReturnedIndirect()));
        yield return Case.Throws<InvalidOperationException>("Pools.Return(ExtSqe) twice", null, env => env.Ring.Pools.Return(env.ReturnedExt()));
        yield return Case.Throws<ArgumentException>("ReturnExtSqe of another ring's context", "ext", env => env.Ring.ReturnExtSqe(env.OthersExt()));
        yield return Case.Throws<ArgumentException>("ReturnIndirectSqe of another ring's context", "sqe", env => env.Ring.ReturnIndirectSqe(env.OthersIndirect()));
        yield return Case.Throws<ArgumentException>("ReturnExtSqe of the default handle", "ext", env => env.Ring.ReturnExtSqe(default));
        yield return Case.Throws<ArgumentException>("ReturnIndirectSqe of the default handle", "sqe", env => env.Ring.ReturnIndirectSqe(default));
        yield return Case.Throws<InvalidOperationException>("ReturnExtSqe of a handle whose slot was rented again", null, env =>
        {
            ExtSqe stale = env.ReturnedExt();
            env.RentedExt();
            env.Ring.ReturnExtSqe(stale);
        });

        // A handle used after its return.
        yield return Case.Throws<InvalidOperationException>("ExtSqe.Sqe after return", null, env => env.ReturnedExt().Sqe.Opcode == 0);
        yield return Case.Throws<InvalidOperationException>("ExtSqe.UserData after return", null, env => env.ReturnedExt().UserData.Length > 0);
        yield return Case.Throws<InvalidOperationException>("ExtSqe.As<T> after return", null, env => env.ReturnedExt().As<long>() == 0);
        yield return Case.Throws<InvalidOperationException>("IndirectSqe.Sqe after return", null, env => env.ReturnedIndirect().Sqe.Opcode == 0);
        yield return Case.Throws<InvalidOperationException>("Pools.ManagedFields after return", null, env => env.Ring.Pools.ManagedFields(env.ReturnedExt()).Length > 0);
        yield return Case.Throws<InvalidOperationException>("ContextPools.ManagedFieldsOf after return", null, env => ContextPools.ManagedFieldsOf(env.ReturnedExt()).Length > 0);
        yield return Case.Throws<InvalidOperationException>("ExtSqe.Sqe of a handle whose slot was rented again", null, env =>
        {
            ExtSqe stale = env.ReturnedExt();
            env.RentedExt();
            return stale.Sqe.Opcode == 0;
        });
        yield return Case.Throws<InvalidOperationException>("ExtSqe.Sqe of the default handle", null, env => default(ExtSqe).Sqe.Opcode == 0);
        yield return Case.Throws<InvalidOperationException>("IndirectSqe.Sqe of the default handle", null, env => default(IndirectSqe).Sqe.Opcode == 0);
        yield return Case.Throws<ArgumentException>("ExtSqe.Context of the default handle", "sqe", env => default(ExtSqe).Context.Raw != 0);
        yield return Case.Throws<ArgumentException>("ContextPools.ManagedFieldsOf the default handle", "sqe", env => ContextPools.ManagedFieldsOf(default).Length > 0);

        // A stale, foreign or default pointer context given to a prep method: refused before anything is queued.
        foreach ((string what, Func<CaseEnv, SqeContext> context) in BadContexts())
        {
            yield return Case.Throws<ArgumentException>($"PrepareNop with {what}", "context", env => env.Ring.PrepareNop(context(env)));
            yield return Case.Throws<ArgumentException>($"PrepareRead with {what}", "context", env => env.Ring.PrepareRead(context(env), env.PipeRead, env.Buffer));
            yield return Case.Throws<ArgumentException>($"PrepareOpenAt (staged path) with {what}", "context", env => env.Ring.PrepareOpenAt(context(env), -100, "/", OpenFlags.ReadOnly));
            yield return Case.Throws<ArgumentException>($"PublishSqe with {what}", "context", env => Publish(env.Ring, context(env)));
            yield return new BadInputCase($"PrepareNop on a MultiIssuers ring with {what}, then another thread prepares", new Expectation.Throws(typeof(ArgumentException), "context"), env =>
            {
                try
                {
                    return env.Ring.PrepareNop(context(env));
                }
                finally
                {
                    // The refusal must not leave the ring's lock held: another thread still gets a slot (and gives it back).
                    bool other = false;
                    CaseEnv.OnOtherThread(() =>
                    {
                        other = env.Ring.TryReserveSqe(out SubmissionSlot slot);
                        env.Ring.AbandonSqe(ref slot);
                    });
                    if (!other)
                    {
                        throw new InvalidOperationException("The other thread could not reserve an SQE after the refusal.");
                    }
                }
            }) { Ring = CaseRing.MultiIssuers };
        }

        yield return Case.Throws<ArgumentException>("PrepareExtended of a returned context", "ext", env => env.Ring.PrepareExtended(env.ReturnedExt()));
        yield return Case.Throws<ArgumentException>("PrepareExtended of another ring's context", "ext", env => env.Ring.PrepareExtended(env.OthersExt()));
        yield return Case.Throws<ArgumentException>("PrepareExtended of the default handle", "ext", env => env.Ring.PrepareExtended(default));
        yield return Case.Throws<ArgumentException>("PrepareIndirect of a returned context", "indirect", env => env.Ring.PrepareIndirect(env.ReturnedIndirect()));
        yield return Case.Throws<ArgumentException>("PrepareIndirect of another ring's context", "indirect", env => env.Ring.PrepareIndirect(env.OthersIndirect()));
        yield return Case.Throws<ArgumentException>("Multicast.Prepare with a pooled context", "context", env => Multicast.Prepare(env.Ring, env.RentedExt().Context, [env.SocketA], env.Buffer[..8]) > 0);

        // Submission slots: published on the ring that reserved them, exactly once.
        yield return Case.Throws<ArgumentException>("PublishSqe of a slot reserved on another ring", "slot", env =>
        {
            Check(env.Other.TryReserveSqe(out SubmissionSlot slot));
            env.Ring.PublishSqe(ref slot, SqeContext.FromValue(8));
            return env.Other.SQPending == 0;
        });
        yield return Case.Throws<InvalidOperationException>("PublishSqe of a stale copy of a published slot", null, env =>
        {
            Check(env.Ring.TryReserveSqe(out SubmissionSlot slot));
            SubmissionSlot copy = slot;
            env.Ring.PublishSqe(ref slot, SqeContext.FromValue(9));
            env.QueuedOnPurpose++;
            env.Ring.PublishSqe(ref copy, SqeContext.FromValue(9));
        });
        yield return Case.Throws<InvalidOperationException>("PublishSqe of an abandoned slot", null, env =>
        {
            Check(env.Ring.TryReserveSqe(out SubmissionSlot slot));
            SubmissionSlot copy = slot;
            env.Ring.AbandonSqe(ref slot);
            env.Ring.PublishSqe(ref copy, SqeContext.FromValue(9));
        });
        yield return Case.Throws<InvalidOperationException>("PublishSqe of the default slot", null, env =>
        {
            SubmissionSlot slot = default;
            env.Ring.PublishSqe(ref slot, SqeContext.FromValue(9));
        });

        // Misc handles.
        yield return Case.Throws<InvalidOperationException>("CompletionHandler.None.Invoke", null, env =>
        {
            CqeView nothing = default;
            CompletionHandler.None.Invoke(env.Ring, in nothing);
        });
        yield return Case.Throws<ArgumentException>("ExtSqe.As<T> of a 72-byte type", null, env => env.RentedExt().As<(Guid, Guid, Guid, Guid, long)>().Item5 == 0);
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

    private static bool Publish(Ring ring, SqeContext context)
    {
        Check(ring.TryReserveSqe(out SubmissionSlot slot));
        ring.PublishSqe(ref slot, context);
        return true;
    }

    private static void Check(bool condition)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Arrangement failed: no SQ room.");
        }
    }
}
