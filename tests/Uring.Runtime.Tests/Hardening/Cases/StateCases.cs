using System;
using System.Collections.Generic;
using Uring.Tests.Hardening.Harness;
using Uring.Tests.Support;

namespace Uring.Tests.Hardening.Cases;

/// <summary>
/// A ring that is not started yet, and one that was stopped or disposed. Every use of a stopped ring,
/// including its pools, registrations, buffer groups and helpers, gets ObjectDisposedException naming
/// "Ring"; a ring that is not started refuses to enter the kernel with InvalidOperationException.
/// </summary>
internal static class StateCases
{
    public static IEnumerable<BadInputCase> All()
    {
        // Not started: prep works (SQEs wait for Start), entering the kernel does not.
        yield return NotStarted("Submit before Start", env => env.Ring.Submit() >= 0);
        yield return NotStarted("Reap(CqeView) before Start", env => env.Ring.Reap(new CqeView[1]) >= 0);
        yield return NotStarted("Reap(DirectCqe) before Start", env => env.Ring.Reap(new DirectCqe[1]) >= 0);
        yield return NotStarted("Reap(ExtendedCqe) before Start", env => env.Ring.Reap(new ExtendedCqe[1]) >= 0);
        yield return NotStarted("Wait before Start", env => env.Ring.Wait(new CqeView[1], 1, TimeSpan.Zero) >= 0);
        yield return new BadInputCase("TryPrepareNop before Start is queued", new Expectation.Succeeds(), env => env.Ring.TryPrepareNop(SqeContext.FromValue(5)) && env.Ring.SqPending == 1) { Ring = CaseRing.NotStarted };
        yield return Case.Throws<InvalidOperationException>("Start twice", null, env => env.Ring.Start());

        // Stopped: one row per entry point.
        foreach ((string what, Func<CaseEnv, Action<CaseEnv>> arrange) in StoppedUses())
        {
            Action<CaseEnv>? use = null;
            yield return new BadInputCase($"{what} after Stop", new Expectation.Throws(typeof(ObjectDisposedException), null), env =>
            {
                use!(env);
                return true;
            })
            {
                Arrange = env =>
                {
                    use = arrange(env);
                    env.Ring.Stop();
                },
                StopsRing = true,
            };
        }

        // Disposed is the same state reached through IDisposable.
        yield return Disposed("TryPrepareNop after Dispose", env => env.Ring.TryPrepareNop(env.Tag));
        yield return Disposed("Submit after Dispose", env => env.Ring.Submit() >= 0);
        yield return Disposed("Wait after Dispose", env => env.Ring.Wait(new CqeView[1], 1, TimeSpan.Zero) >= 0);
        yield return Disposed("TryRentExtendedSqe after Dispose", env => env.Ring.TryRentExtendedSqe(out _));
        yield return Disposed("RingFd after Dispose", env => env.Ring.RingFd >= 0);

        // Idempotent teardown and the counters of a stopped ring are not errors.
        yield return new BadInputCase("Stop twice", new Expectation.Succeeds(), env =>
        {
            env.Ring.Stop();
            env.Ring.Stop();
            env.Ring.Dispose();
            return env.Ring.IsStopped;
        }) { StopsRing = true };
        yield return new BadInputCase("Counters of a stopped ring are 0", new Expectation.Succeeds(), env =>
        {
            env.Ring.Stop();
            return env.Ring.SqAvailable == 0 && env.Ring.SqPending == 0 && env.Ring.CqPending == 0;
        }) { StopsRing = true };
    }

    private static BadInputCase NotStarted(string name, Func<CaseEnv, bool> act)
        => new(name, new Expectation.Throws(typeof(InvalidOperationException), null), act) { Ring = CaseRing.NotStarted };

    private static BadInputCase Disposed(string name, Func<CaseEnv, bool> act)
        => new(name, new Expectation.Throws(typeof(ObjectDisposedException), null), act) { Arrange = env => env.Ring.Dispose(), StopsRing = true };

    /// <summary>Each entry: what runs before the ring stops (to hold a handle), and the use after it stopped.</summary>
    private static IEnumerable<(string, Func<CaseEnv, Action<CaseEnv>>)> StoppedUses()
    {
        static Func<CaseEnv, Action<CaseEnv>> Plain(Action<CaseEnv> use) => _ => use;

        yield return ("TryPrepareNop", Plain(env => env.Ring.TryPrepareNop(env.Tag)));
        yield return ("TryPrepareRead", Plain(env => env.Ring.TryPrepareRead(env.Tag, env.PipeRead, env.Buffer)));
        yield return ("TryPrepareOpenAt", Plain(env => env.Ring.TryPrepareOpenAt(env.Tag, -100, "/", OpenFlags.ReadOnly)));
        yield return ("TryPrepareTimeout", Plain(env => env.Ring.TryPrepareTimeout(env.Tag, TimeSpan.FromSeconds(1))));
        yield return ("TryPrepareNop<TContext>", Plain(env => env.Ring.TryPrepareNop(new ProbeContext { Counter = new ProbeCounter() })));
        yield return ("Multicast.Prepare", Plain(env => Multicast.Prepare(env.Ring, env.Tag, [env.SocketA], env.Buffer[..8])));
        yield return ("TryPrepare", Plain(env => env.Ring.TryPrepareRawNop(env.Tag)));
        yield return ("Submit", Plain(env => env.Ring.Submit()));
        yield return ("Reap(CqeView)", Plain(env => env.Ring.Reap(new CqeView[1])));
        yield return ("Reap(DirectCqe)", Plain(env => env.Ring.Reap(new DirectCqe[1])));
        yield return ("Reap(ExtendedCqe)", Plain(env => env.Ring.Reap(new ExtendedCqe[1])));
        yield return ("Wait", Plain(env => env.Ring.Wait(new CqeView[1], 1, TimeSpan.FromSeconds(1))));
        yield return ("Start", Plain(env => env.Ring.Start()));
        yield return ("RingFd", Plain(env => _ = env.Ring.RingFd));
        yield return ("TryRentExtendedSqe", Plain(env => env.Ring.TryRentExtendedSqe(out _)));
        yield return ("TryRentIndirectSqe", Plain(env => env.Ring.TryRentIndirectSqe(out _)));
        yield return ("Pools.TryRentExtended", Plain(env => env.Ring.Pools.TryRentExtended(out _)));
        yield return ("ReturnExtendedSqe of a context rented before", env =>
        {
            env.Ring.TryRentExtendedSqe(out ExtendedSqe ext);
            return e => e.Ring.ReturnExtendedSqe(ext);
        });
        yield return ("ReturnIndirectSqe of a context rented before", env =>
        {
            env.Ring.TryRentIndirectSqe(out IndirectSqe sqe);
            return e => e.Ring.ReturnIndirectSqe(sqe);
        });
        yield return ("Pools.ManagedFields of a context rented before", env =>
        {
            env.Ring.TryRentExtendedSqe(out ExtendedSqe ext);
            return e => e.Ring.Pools.ManagedFields(ext);
        });
        yield return ("TryPrepareExtended of a context rented before", env =>
        {
            env.Ring.TryRentExtendedSqe(out ExtendedSqe ext);
            return e => e.Ring.TryPrepareExtended(ext);
        });
        yield return ("RegisterFiles", Plain(env => env.Ring.RegisterFiles([env.PipeRead])));
        yield return ("RegisterFilesSparse", Plain(env => env.Ring.RegisterFilesSparse(4)));
        yield return ("UpdateRegisteredFiles", env =>
        {
            env.Ring.RegisterFilesSparse(4);
            return e => e.Ring.UpdateRegisteredFiles(0, [e.PipeRead]);
        });
        yield return ("UnregisterFiles", env =>
        {
            env.Ring.RegisterFilesSparse(4);
            return e => e.Ring.UnregisterFiles();
        });
        yield return ("SetFileAllocRange", Plain(env => env.Ring.SetFileAllocRange(0, 4)));
        yield return ("RegisterBuffers", Plain(env => env.Ring.RegisterBuffers(1, 4096)));
        yield return ("UnregisterBuffers", env =>
        {
            env.Ring.RegisterBuffers(1, 4096);
            return e => e.Ring.UnregisterBuffers();
        });
        yield return ("RegisteredBuffer", env =>
        {
            env.Ring.RegisterBuffers(1, 4096);
            return e => e.Ring.RegisteredBuffer(0);
        });
        yield return ("TryPrepareReadFixed", env =>
        {
            env.Ring.RegisterBuffers(1, 4096);
            return e => e.Ring.TryPrepareReadFixed(e.Tag, e.PipeRead, 0, 0, 16);
        });
        yield return ("RegisterProvidedBufferRing", Plain(env => env.Ring.RegisterProvidedBufferRing(1, 4, 64)));
        yield return ("ProvidedBufferRing.Take of a group registered before", env =>
        {
            ProvidedBufferRing group = env.Ring.RegisterProvidedBufferRing(1, 4, 64);
            return e => group.Take(16, CqeFlags.Buffer);
        });
        yield return ("ProvidedBufferRing.GetBuffer of a group registered before", env =>
        {
            ProvidedBufferRing group = env.Ring.RegisterProvidedBufferRing(1, 4, 64);
            return e => group.GetBuffer(0);
        });
        yield return ("ProvidedBufferRing.ReadKernelHead of a group registered before", env =>
        {
            ProvidedBufferRing group = env.Ring.RegisterProvidedBufferRing(1, 4, 64);
            return e => group.ReadKernelHead();
        });
        yield return ("MultishotSubscription.TryStartTimer", Plain(env => MultishotSubscription.TryStartTimer(env.Ring, TimeSpan.FromSeconds(1), 0, new SubscriptionRecorder(), out _)));
        yield return ("MultishotSubscription.TryStartAccept", Plain(env => MultishotSubscription.TryStartAccept(env.Ring, env.SocketA, new SubscriptionRecorder(), out _)));
        yield return ("MultishotSubscription.Unsubscribe of a subscription made before", env =>
        {
            MultishotSubscription.TryStartTimer(env.Ring, TimeSpan.FromSeconds(1), 0, new SubscriptionRecorder(), out MultishotSubscription? subscription);
            return e => subscription!.Unsubscribe();
        });
        yield return ("MultishotSubscription.TryStart", Plain(env => MultishotSubscription.TryStart(env.Ring, new SubscriptionRecorder(), env.SocketA, static (Ring r, SqeContext c, in int fd) => r.TryPrepareAcceptMultishot(c, fd), out _)));
        yield return ("MultishotSubscription.TryStartRecv", Plain(env => MultishotSubscription.TryStartRecv(env.Ring, env.SocketA, 7, new SubscriptionRecorder(), out _)));
        yield return ("MultishotSubscription.TryStartPoll", Plain(env => MultishotSubscription.TryStartPoll(env.Ring, env.SocketA, PollEvents.In, new SubscriptionRecorder(), out _)));
        yield return ("ZeroCopySendTracker.TryPrepare", Plain(env => ZeroCopySendTracker.TryPrepare(env.Ring, new SendRecorder(), 1, env.Udp, static (Ring r, SqeContext c, in int fd) => r.TryPrepareSendZc(c, fd, "x"u8))));
        yield return ("Multicast.Prepare from a registered buffer", Plain(env => Multicast.Prepare(env.Ring, env.Tag, [env.SocketA], 0, 0, 8)));
        yield return ("Listener.TryStart", Plain(env => Listener.TryStart(env.Ring, SockAddr.IPv4Loopback(0), new ListenerRecorder(), out _)));
        yield return ("ZeroCopySendTracker.TryPrepareSendZc", Plain(env => ZeroCopySendTracker.TryPrepareSendZc(env.Ring, env.Udp, env.Buffer[..8], new SendRecorder(), 1)));
        yield return ("TryPrepareCancelAll", Plain(env => env.Ring.TryPrepareCancelAll(env.Tag)));
    }
}
