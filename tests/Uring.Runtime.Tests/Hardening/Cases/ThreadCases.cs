using System;
using System.Collections.Generic;
using Uring.Tests.Hardening.Harness;
using Uring.Tests.Support;

namespace Uring.Tests.Hardening.Cases;

/// <summary>
/// A single-issuer ring used from a thread that does not own it (the owner, the test thread, is alive and
/// idle). Every entry point refuses with InvalidOperationException naming the owner, and the ring keeps
/// working for its owner. A multi-issuer ring and a ring not started yet accept any thread.
/// </summary>
internal static class ThreadCases
{
    public static IEnumerable<BadInputCase> All()
    {
        foreach ((string what, Func<CaseEnv, Action> arrange) in WrongThreadUses())
        {
            Action? use = null;
            yield return new BadInputCase($"{what} from a thread that does not own the ring", new Expectation.Throws(typeof(InvalidOperationException), null), env =>
            {
                CaseEnv.OnOtherThread(use!);
                return true;
            })
            {
                Arrange = env => use = arrange(env),
            };
        }

        yield return new BadInputCase("TryPrepareNop on a MultiIssuers ring from another thread", new Expectation.Succeeds(), env =>
        {
            bool prepared = false;
            CaseEnv.OnOtherThread(() => prepared = env.Ring.TryPrepareNop(SqeContext.FromValue(6)) && env.Ring.Submit() == 1);
            return prepared;
        }) { Ring = CaseRing.MultiIssuers };
        yield return new BadInputCase("TryPrepareNop on a ring not started yet, from another thread", new Expectation.Succeeds(), env =>
        {
            bool prepared = false;
            CaseEnv.OnOtherThread(() => prepared = env.Ring.TryPrepareNop(SqeContext.FromValue(6)));
            return prepared;
        }) { Ring = CaseRing.NotStarted };
    }

    private static IEnumerable<(string, Func<CaseEnv, Action>)> WrongThreadUses()
    {
        static Func<CaseEnv, Action> On(Action<CaseEnv> use) => env => () => use(env);

        yield return ("TryPrepareNop", On(env => env.Ring.TryPrepareNop(env.Tag)));
        yield return ("TryPrepareRead", On(env => env.Ring.TryPrepareRead(env.Tag, env.PipeRead, env.Buffer)));
        yield return ("TryPrepareOpenAt", On(env => env.Ring.TryPrepareOpenAt(env.Tag, -100, "/", OpenFlags.ReadOnly)));
        yield return ("TryPrepareNop<TContext>", On(env => env.Ring.TryPrepareNop(new ProbeContext { Counter = new ProbeCounter() })));
        yield return ("Multicast.Prepare", On(env => Multicast.Prepare(env.Ring, env.Tag, [env.SocketA], env.Buffer[..8])));
        yield return ("TryPrepare", On(env => env.Ring.TryPrepareRawNop(env.Tag)));
        yield return ("Submit", On(env => env.Ring.Submit()));
        yield return ("Reap(CqeView)", On(env => env.Ring.Reap(new CqeView[1])));
        yield return ("Wait", On(env => env.Ring.Wait(new CqeView[1], 1, TimeSpan.Zero)));
        yield return ("Stop", On(env => env.Ring.Stop()));
        yield return ("Dispose", On(env => env.Ring.Dispose()));
        yield return ("RegisterFilesSparse", On(env => env.Ring.RegisterFilesSparse(4)));
        yield return ("RegisterBuffers", On(env => env.Ring.RegisterBuffers(1, 4096)));
        yield return ("RegisterProvidedBufferRing", On(env => env.Ring.RegisterProvidedBufferRing(1, 4, 64)));
        yield return ("TryPrepareExtended", env =>
        {
            ExtendedSqe ext = env.RentedExt();
            return () => env.Ring.TryPrepareExtended(ext);
        });
        yield return ("ProvidedBufferRing.Take", env =>
        {
            ProvidedBufferRing group = env.Ring.RegisterProvidedBufferRing(1, 4, 64);
            return () => group.Take(16, CqeFlags.Buffer);
        });
        yield return ("ProvidedBufferRing.Add", env =>
        {
            ProvidedBufferRing group = env.Ring.RegisterProvidedBufferRing(1, 4, 64);
            return () => group.Add(0);
        });
        yield return ("MultishotSubscription.TryStartTimer", On(env => MultishotSubscription.TryStartTimer(env.Ring, TimeSpan.FromSeconds(1), 0, new SubscriptionRecorder(), out _)));
        yield return ("MultishotSubscription.Cancel", env =>
        {
            MultishotSubscription.TryStartTimer(env.Ring, TimeSpan.FromSeconds(10), 0, new SubscriptionRecorder(), out MultishotSubscription? subscription);
            return () => subscription!.Cancel();
        });
        yield return ("MultishotSubscription.TryHandle", env =>
        {
            MultishotSubscription.TryStartTimer(env.Ring, TimeSpan.FromMilliseconds(1), 1, new SubscriptionRecorder(), out _);
            CqeView timer = CaseRunner.WaitForAny(env.Ring);
            return () => MultishotSubscription.TryHandle(env.Ring, in timer);
        });
        yield return ("MultishotSubscription.TryStart", On(env => MultishotSubscription.TryStart(env.Ring, new SubscriptionRecorder(), env.SocketA, static (Ring r, SqeContext c, in int fd) => r.TryPrepareAcceptMultishot(c, fd), out _)));
        yield return ("ZeroCopySendTracker.TryPrepare", On(env => ZeroCopySendTracker.TryPrepare(env.Ring, new SendRecorder(), 1, env.Udp, static (Ring r, SqeContext c, in int fd) => r.TryPrepareSendZc(c, fd, "x"u8))));
        yield return ("Listener.TryStart", On(env => Listener.TryStart(env.Ring, SockAddr.IPv4Loopback(0), new ListenerRecorder(), out _)));
        yield return ("ZeroCopySendTracker.TryPrepareSendZc", On(env => ZeroCopySendTracker.TryPrepareSendZc(env.Ring, env.Udp, env.Buffer[..8], new SendRecorder(), 1)));
    }
}
