using System;
using System.Diagnostics;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Hardening.Harness;

/// <summary>
/// Runs one bad-input case: sets up its ring, arranges, makes the one call, checks the exact answer, checks
/// that a refused call queued and rented nothing, then proves the ring still works with a NOP round trip.
/// </summary>
internal static class CaseRunner
{
    private const ulong NopTag = 0x0A0B_0C0D;

    public static void Run(BadInputCase badInput)
    {
        KernelRequirement.Require();
        using CaseEnv env = new(OptionsFor(badInput.Ring), start: badInput.Ring != CaseRing.NotStarted);
        badInput.Arrange?.Invoke(env);
        Snapshot before = Snapshot.Of(env);

        switch (badInput.Expected)
        {
            case Expectation.Throws throws:
                CheckThrows(badInput, env, throws, before);
                break;
            case Expectation.Completes completes:
                CheckCompletes(badInput, env, completes);
                break;
            case Expectation.ReturnsFalse:
                bool result = badInput.Act(env);
                Assert.False(result, $"{badInput.Name}: expected false (backpressure), the call returned true.");
                before.AssertUnchanged(env, badInput.Name);
                break;
            case Expectation.Succeeds:
                Assert.True(badInput.Act(env), $"{badInput.Name}: a legitimate call returned false.");
                break;
        }

        if (env.Ring.IsStopped)
        {
            Assert.True(badInput.StopsRing, $"{badInput.Name}: the case left the ring stopped (a refused call must not tear the ring down).");
            return;
        }

        Assert.False(badInput.StopsRing, $"{badInput.Name}: the ring should have been stopped by the case.");
        env.ReturnHeld();
        if (!env.Ring.IsStarted)
        {
            env.Ring.Start();
        }

        NopRoundTrip(env.Ring, badInput.Name);
    }

    /// <summary>A NOP goes in and its completion comes out: the ring is still whole.</summary>
    public static void NopRoundTrip(Ring ring, string name)
    {
        SqeContext nop = SqeContext.FromValue(NopTag);
        Stopwatch clock = Stopwatch.StartNew();
        while (!ring.TryPrepareNop(nop))
        {
            // The case filled the SQ: hand it to the kernel and reap until there is room.
            ring.Submit();
            ring.Wait(new CqeView[64], 1, TimeSpan.FromMilliseconds(100));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{name}: no SQ room for the NOP round trip within 10 s.");
        }

        CqeView done = WaitForValue(ring, NopTag, name);
        Assert.True(done.Result == 0, $"{name}: the NOP round trip completed with {done.Result}.");
    }

    /// <summary>The next completion, whatever it is.</summary>
    public static CqeView WaitForAny(Ring ring)
    {
        CqeView[] one = new CqeView[1];
        if (ring.Wait(one, 1, TimeSpan.FromSeconds(10)) != 1)
        {
            throw new TimeoutException("No completion arrived within 10 s.");
        }

        return one[0];
    }

    /// <summary>Reaps until the completion of the Value context <paramref name="value"/> arrives (others are dropped).</summary>
    public static CqeView WaitForValue(Ring ring, ulong value, string name)
    {
        CqeView[] batch = new CqeView[32];
        Stopwatch clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            int count = ring.Wait(batch, 1, TimeSpan.FromMilliseconds(200));
            for (int i = 0; i < count; i++)
            {
                // Only the raw bits are read: a case may have produced completions whose context must not be decoded.
                SqeContext context = batch[i].Context;
                if (context.IsValue && context.Value == value)
                {
                    return batch[i];
                }
            }
        }

        throw new TimeoutException($"{name}: the completion of Value({value:x}) did not arrive within 10 s.");
    }

    private static void CheckThrows(BadInputCase badInput, CaseEnv env, Expectation.Throws throws, Snapshot before)
    {
        Exception? thrown = null;
        bool returned = false;
        try
        {
            returned = badInput.Act(env);
        }
        catch (Exception exception)
        {
            thrown = exception;
        }

        if (thrown is null)
        {
            Assert.Fail($"{badInput.Name}: expected {throws}, but the call returned {returned} without throwing.");
        }

        Assert.True(
            thrown.GetType() == throws.Type,
            $"{badInput.Name}: expected {throws}, got {thrown.GetType().Name}: {thrown.Message}{Environment.NewLine}{thrown.StackTrace}");
        if (thrown is ArgumentException argument)
        {
            Assert.True(
                argument.ParamName == throws.ParamName,
                $"{badInput.Name}: {thrown.GetType().Name} names parameter '{argument.ParamName}', expected '{throws.ParamName}'. Message: {thrown.Message}");
        }

        if (thrown is ObjectDisposedException disposed)
        {
            Assert.True(
                disposed.ObjectName == badInput.DisposedObjectName,
                $"{badInput.Name}: ObjectDisposedException names '{disposed.ObjectName}', expected '{badInput.DisposedObjectName}'. Message: {thrown.Message}");
        }

        if (thrown is UringException uring && throws.UringErrno != Errno.None)
        {
            Assert.True(uring.Errno == throws.UringErrno, $"{badInput.Name}: UringException carries {uring.Errno}, expected {throws.UringErrno}.");
        }

        Assert.False(string.IsNullOrWhiteSpace(thrown.Message), $"{badInput.Name}: the exception has no message.");
        before.AssertUnchanged(env, badInput.Name);
    }

    private static void CheckCompletes(BadInputCase badInput, CaseEnv env, Expectation.Completes completes)
    {
        Assert.True(badInput.Act(env), $"{badInput.Name}: the request was not prepared (SQ full?).");
        CqeView cqe = WaitForValue(env.Ring, CaseEnv.CaseTag, badInput.Name);
        Assert.True(
            cqe.Result == -(int)completes.Errno,
            $"{badInput.Name}: expected the completion to carry -{completes.Errno}, got {cqe.Result} ({(cqe.Result < 0 ? cqe.Error.ToString() : "success")}).");
    }

    private static RingOptions OptionsFor(CaseRing ring) => ring switch
    {
        CaseRing.MultiIssuers => new RingOptions { Entries = 8, NotifySucceed = true, MultiIssuers = true },
        CaseRing.Sqe128 => new RingOptions { Entries = 8, NotifySucceed = true, Sqe128 = true },
        _ => new RingOptions { Entries = 8, NotifySucceed = true },
    };

    /// <summary>What a refused call must leave as it was: queued SQEs and pool occupancy.</summary>
    /// <remarks>Contexts the case itself rents through <see cref="CaseEnv"/> (to hold them) are counted out.</remarks>
    private readonly record struct Snapshot(bool Stopped, int Pending, int Extended, int Indirect)
    {
        public static Snapshot Of(CaseEnv env)
        {
            Ring ring = env.Ring;
            return ring.IsStopped
                ? new Snapshot(true, 0, 0, 0)
                : new Snapshot(false, ring.SqPending, ring.Pools.ExtendedAvailable + env.HeldExtended, ring.Pools.IndirectAvailable + env.HeldIndirectCount);
        }

        public void AssertUnchanged(CaseEnv env, string name)
        {
            Ring ring = env.Ring;
            if (Stopped || ring.IsStopped)
            {
                return;
            }

            int extended = ring.Pools.ExtendedAvailable + env.HeldExtended;
            int indirect = ring.Pools.IndirectAvailable + env.HeldIndirectCount;
            int queued = ring.SqPending - Pending - env.QueuedOnPurpose;
            Assert.True(queued == 0, $"{name}: the refused call queued {queued} SQE(s).");
            Assert.True(extended == Extended, $"{name}: the refused call kept {Extended - extended} Extended context(s) rented.");
            Assert.True(indirect == Indirect, $"{name}: the refused call kept {Indirect - indirect} Indirect context(s) rented.");
        }
    }
}
