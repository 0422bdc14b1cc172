using System;
using System.Collections.Generic;
using Uring.Tests.Hardening.Harness;
using Uring.Tests.Support;

namespace Uring.Tests.Hardening.Cases;

/// <summary>
/// A full SQ and an exhausted context pool are backpressure, not errors: every entry point returns false
/// (or 0 prepared), queues nothing, keeps no context rented, and on a multi-issuer ring leaves the lock free.
/// </summary>
internal static class CapacityCases
{
    public static IEnumerable<BadInputCase> All()
    {
        foreach ((string what, Func<CaseEnv, bool> act) in Uses())
        {
            yield return new BadInputCase($"{what} with a full SQ", new Expectation.ReturnsFalse(), act) { Arrange = env => env.FillSq() };
        }

        foreach ((string what, Func<CaseEnv, bool> act) in PooledUses())
        {
            yield return new BadInputCase($"{what} with every Extended context rented", new Expectation.ReturnsFalse(), act) { Arrange = env => env.ExhaustExtended() };
        }

        yield return new BadInputCase("TryPrepareNop with a full SQ on a MultiIssuers ring, then from another thread", new Expectation.ReturnsFalse(), env =>
        {
            bool first = env.Ring.TryPrepareNop(env.Tag);
            bool second = true;
            CaseEnv.OnOtherThread(() => second = env.Ring.TryPrepareNop(env.Tag));
            return first || second;
        }) { Arrange = env => env.FillSq(), Ring = CaseRing.MultiIssuers };
        yield return new BadInputCase("TryRentIndirectSqe with every Indirect context rented", new Expectation.ReturnsFalse(), env => env.Ring.TryRentIndirectSqe(out _)) { Arrange = env => env.ExhaustIndirect() };
        yield return new BadInputCase("TryRentExtendedSqe with every Indirect context rented (separate pools)", new Expectation.Succeeds(), env => env.RentedExt().IsValid) { Arrange = env => env.ExhaustIndirect() };
        yield return new BadInputCase("TryPrepareExtended with a full SQ", new Expectation.ReturnsFalse(), env => env.Ring.TryPrepareExtended(env.HeldExt!.Value))
        {
            Arrange = env =>
            {
                env.HeldExt = env.RentedExt();
                env.FillSq();
            },
        };
        yield return new BadInputCase("TryPrepareIndirect with a full SQ", new Expectation.ReturnsFalse(), env => env.Ring.TryPrepareIndirect(env.HeldIndirect!.Value))
        {
            Arrange = env =>
            {
                env.HeldIndirect = env.RentedIndirect();
                env.FillSq();
            },
        };
    }

    private static IEnumerable<(string, Func<CaseEnv, bool>)> Uses()
    {
        yield return ("TryPrepareNop", env => env.Ring.TryPrepareNop(env.Tag));
        yield return ("TryPrepareRead", env => env.Ring.TryPrepareRead(env.Tag, env.PipeRead, env.Buffer));
        yield return ("TryPrepareOpenAt (staged path)", env => env.Ring.TryPrepareOpenAt(env.Tag, -100, "/", OpenFlags.ReadOnly));
        yield return ("TryPrepareTimeout (staged timespec)", env => env.Ring.TryPrepareTimeout(env.Tag, TimeSpan.FromSeconds(1)));
        yield return ("TryPrepareReadv (staged vectors)", env => env.Ring.TryPrepareReadv(env.Tag, env.PipeRead, env.Vectors));
        yield return ("TryPrepare", env => env.Ring.TryPrepareRawNop(env.Tag));
        yield return ("TryPrepareNop<TContext>", env => env.Ring.TryPrepareNop(new ProbeContext { Counter = new ProbeCounter() }));
        yield return ("Multicast.Prepare", env => Multicast.Prepare(env.Ring, env.Tag, [env.SocketA, env.SocketA], env.Buffer[..8]) > 0);
        yield return ("MultishotSubscription.TryStartTimer", env => MultishotSubscription.TryStartTimer(env.Ring, TimeSpan.FromSeconds(1), 0, new SubscriptionRecorder(), out _));
        yield return ("Listener.TryStart", env => Listener.TryStart(env.Ring, SockAddr.IPv4Loopback(0), new ListenerRecorder(), out _));
        yield return ("ZeroCopySendTracker.TryPrepareSendZc", env => ZeroCopySendTracker.TryPrepareSendZc(env.Ring, env.Udp, env.Buffer[..8], new SendRecorder(), 1));
    }

    private static IEnumerable<(string, Func<CaseEnv, bool>)> PooledUses()
    {
        yield return ("TryRentExtendedSqe", env => env.Ring.TryRentExtendedSqe(out _));
        yield return ("Pools.TryRentExtended", env => env.Ring.Pools.TryRentExtended(out _));
        yield return ("TryPrepareNop<TContext>", env => env.Ring.TryPrepareNop(new ProbeContext { Counter = new ProbeCounter() }));
        yield return ("MultishotSubscription.TryStartTimer", env => MultishotSubscription.TryStartTimer(env.Ring, TimeSpan.FromSeconds(1), 0, new SubscriptionRecorder(), out _));
        yield return ("Listener.TryStart", env => Listener.TryStart(env.Ring, SockAddr.IPv4Loopback(0), new ListenerRecorder(), out _));
        yield return ("ZeroCopySendTracker.TryPrepareSendZc", env => ZeroCopySendTracker.TryPrepareSendZc(env.Ring, env.Udp, env.Buffer[..8], new SendRecorder(), 1));
    }
}
