using System;
using System.Collections.Generic;
using Uring.Tests.Hardening.Harness;

namespace Uring.Tests.Hardening.Cases;

/// <summary>
/// The runtime's request helpers (multishot subscriptions, the listener chain, tracked zero-copy sends)
/// given bad arguments, bad preparers and bad descriptors, and registration calls the kernel refuses.
/// </summary>
internal static class HelperCases
{
    public static IEnumerable<BadInputCase> All()
    {
        // Subscriptions.
        yield return Case.Throws<ArgumentNullException>("MultishotSubscription.TryStart: null handler", "handler", env => MultishotSubscription.TryStart(env.Ring, null!, 0, (Ring r, SqeContext c, in int s) => r.TryPrepareNop(c), out _));
        yield return Case.Throws<ArgumentNullException>("MultishotSubscription.TryStart: null preparer", "prepare", env => MultishotSubscription.TryStart(env.Ring, new SubscriptionRecorder(), 0, null!, out _));
        yield return Case.Throws<ArgumentOutOfRangeException>("MultishotSubscription.TryStartTimer: zero interval", "interval", env => MultishotSubscription.TryStartTimer(env.Ring, TimeSpan.Zero, 0, new SubscriptionRecorder(), out _));
        yield return Case.Throws<ArgumentOutOfRangeException>("MultishotSubscription.TryStartTimer: negative interval", "interval", env => MultishotSubscription.TryStartTimer(env.Ring, TimeSpan.FromMilliseconds(-1), 0, new SubscriptionRecorder(), out _));
        yield return Case.Throws<ArgumentOutOfRangeException>("TryPrepareTimeout: a repeating timer with zero interval", "duration", env => env.Ring.TryPrepareTimeout(env.Tag, TimeSpan.Zero, 0, TimeoutFlags.Multishot));
        yield return Case.Throws<ArgumentException>("MultishotSubscription.TryStart: a preparer that queues nothing", "prepare", env => MultishotSubscription.TryStart(env.Ring, new SubscriptionRecorder(), 0, (Ring r, SqeContext c, in int s) => true, out _));
        yield return Case.Throws<ArgumentException>("MultishotSubscription.TryStart: a preparer that queues two requests", "prepare", env => MultishotSubscription.TryStart(env.Ring, new SubscriptionRecorder(), 0, (Ring r, SqeContext c, in int s) => r.TryPrepareNop(c) && r.TryPrepareNop(SqeContext.FromValue(1)), out _));
        yield return Case.Throws<ArgumentException>("MultishotSubscription.TryStart: a preparer that uses another context", "prepare", env => MultishotSubscription.TryStart(env.Ring, new SubscriptionRecorder(), 0, (Ring r, SqeContext c, in int s) => r.TryPrepareNop(SqeContext.FromValue(1)), out _));
        yield return Case.Ok("MultishotSubscription.TryStartAccept: -1 stops the subscription with EBADF", env =>
        {
            SubscriptionRecorder recorder = new();
            Must(MultishotSubscription.TryStartAccept(env.Ring, -1, recorder, out MultishotSubscription? subscription));
            Drive(env.Ring, () => recorder.Stops > 0, c => MultishotSubscription.TryHandle(env.Ring, in c));
            return recorder.Stops == 1 && recorder.StopError == Errno.EBADF && !subscription.IsActive && env.Ring.Pools.ExtendedAvailable == env.Ring.Pools.Capacity;
        });
        yield return Case.Ok("MultishotSubscription.TryStartPoll: a closed fd stops the subscription with EBADF", env =>
        {
            SubscriptionRecorder recorder = new();
            Must(MultishotSubscription.TryStartPoll(env.Ring, env.ClosedFd, PollEvents.In, recorder, out _));
            Drive(env.Ring, () => recorder.Stops > 0, c => MultishotSubscription.TryHandle(env.Ring, in c));
            return recorder.Stops == 1 && recorder.StopError == Errno.EBADF && env.Ring.Pools.ExtendedAvailable == env.Ring.Pools.Capacity;
        });

        // The listener.
        yield return Case.Throws<ArgumentNullException>("Listener.TryStart: null handler", "handler", env => Listener.TryStart(env.Ring, SockAddr.IPv4Loopback(0), null!, out _));
        yield return Case.Throws<ArgumentOutOfRangeException>("Listener.TryStart: backlog -1", "backlog", env => Listener.TryStart(env.Ring, SockAddr.IPv4Loopback(0), new ListenerRecorder(), out _, backlog: -1));
        yield return Case.Throws<ArgumentException>("Listener.TryStart: an address with no family", "address", env => Listener.TryStart(env.Ring, default, new ListenerRecorder(), out _));
        yield return Case.Ok("Listener.TryStart: an address in use fails in Binding with EADDRINUSE", env =>
        {
            using System.Net.Sockets.Socket taken = new(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            taken.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
            taken.Listen();
            int port = ((System.Net.IPEndPoint)taken.LocalEndPoint!).Port;
            ListenerRecorder recorder = new();
            Must(Listener.TryStart(env.Ring, SockAddr.IPv4Loopback(port), recorder, out Listener? listener));
            Drive(env.Ring, () => recorder.Events.Count > 0, c => Listener.TryHandle(env.Ring, in c));
            return recorder.Events[0] == "failed Binding EADDRINUSE" && listener.State == ListenerState.Failed && listener.Fd == -1;
        });
        yield return Case.Ok("Listener.Close before the chain finished ends it, socket closed", env =>
        {
            ListenerRecorder recorder = new();
            Must(Listener.TryStart(env.Ring, SockAddr.IPv4Loopback(0), recorder, out Listener? listener));
            listener.Close();
            Drive(env.Ring, () => recorder.Events.Count > 0, c => Listener.TryHandle(env.Ring, in c));
            return listener.State == ListenerState.Closed && listener.Fd == -1 && env.Ring.Pools.ExtendedAvailable == env.Ring.Pools.Capacity;
        });

        // Tracked zero-copy sends.
        yield return Case.Throws<ArgumentNullException>("ZeroCopySendTracker.TryPrepare: null handler", "handler", env => ZeroCopySendTracker.TryPrepare(env.Ring, null!, 1, 0, (Ring r, SqeContext c, in int s) => r.TryPrepareNop(c)));
        yield return Case.Throws<ArgumentNullException>("ZeroCopySendTracker.TryPrepare: null preparer", "prepare", env => ZeroCopySendTracker.TryPrepare(env.Ring, new SendRecorder(), 1, 0, null!));
        yield return Case.Throws<ArgumentException>("ZeroCopySendTracker.TryPrepare: an op that is not a zero-copy send", "prepare", env => ZeroCopySendTracker.TryPrepare(env.Ring, new SendRecorder(), 1, env.SocketA, (Ring r, SqeContext c, in int fd) => r.TryPrepareSend(c, fd, "x"u8)));
        yield return Case.Throws<ArgumentException>("ZeroCopySendTracker.TryPrepare: a multishot op", "prepare", env => ZeroCopySendTracker.TryPrepare(env.Ring, new SendRecorder(), 1, 0, (Ring r, SqeContext c, in int s) => r.TryPrepareTimeout(c, TimeSpan.FromMilliseconds(1), 3, TimeoutFlags.Multishot)));
        yield return Case.Ok("ZeroCopySendTracker.TryPrepareSendZc: a pipe gets OnSent(-ENOTSOCK) then one release", env =>
        {
            SendRecorder recorder = new();
            Must(ZeroCopySendTracker.TryPrepareSendZc(env.Ring, env.PipeWrite, env.Buffer[..8], recorder, 42));
            Drive(env.Ring, () => recorder.Released.Count > 0, c => ZeroCopySendTracker.TryHandle(env.Ring, in c));
            return recorder.Sent.Count == 1 && recorder.Sent[0] == (42, -(int)Errno.ENOTSOCK) && recorder.Released.Count == 1;
        });

        // Every helper takes its ring as an argument and names it when it is null.
        static BadInputCase NullRing(string name, Func<CaseEnv, bool> act) => Case.Throws<ArgumentNullException>(name + ": null ring", "ring", act);
        yield return NullRing("MultishotSubscription.TryStart", env => MultishotSubscription.TryStart(null!, new SubscriptionRecorder(), 0, (Ring r, SqeContext c, in int s) => r.TryPrepareNop(c), out _));
        yield return NullRing("MultishotSubscription.TryStartAccept", env => MultishotSubscription.TryStartAccept(null!, env.SocketA, new SubscriptionRecorder(), out _));
        yield return NullRing("MultishotSubscription.TryStartRecv", env => MultishotSubscription.TryStartRecv(null!, env.SocketA, 7, new SubscriptionRecorder(), out _));
        yield return NullRing("MultishotSubscription.TryStartPoll", env => MultishotSubscription.TryStartPoll(null!, env.SocketA, PollEvents.In, new SubscriptionRecorder(), out _));
        yield return NullRing("MultishotSubscription.TryStartTimer", env => MultishotSubscription.TryStartTimer(null!, TimeSpan.FromSeconds(1), 0, new SubscriptionRecorder(), out _));
        yield return NullRing("Listener.TryStart", env => Listener.TryStart(null!, SockAddr.IPv4Loopback(0), new ListenerRecorder(), out _));
        yield return NullRing("ZeroCopySendTracker.TryPrepare", env => ZeroCopySendTracker.TryPrepare(null!, new SendRecorder(), 1, 0, (Ring r, SqeContext c, in int s) => r.TryPrepareNop(c)));
        yield return NullRing("ZeroCopySendTracker.TryPrepareSendZc", env => ZeroCopySendTracker.TryPrepareSendZc(null!, env.Udp, env.Buffer[..8], new SendRecorder(), 1));
        yield return NullRing("Multicast.Prepare", env => Multicast.Prepare(null!, env.Tag, [env.SocketA], env.Buffer[..8]) > 0);
        yield return NullRing("Multicast.Prepare from a registered buffer", env => Multicast.Prepare(null!, env.Tag, [env.SocketA], 0, 0, 8) > 0);

        // Registration the kernel refuses: UringException with its errno and advice.
        yield return Case.Refused("RegisterFiles: a closed fd", Errno.EBADF, env => env.Ring.RegisterFiles([env.ClosedFd]));
        yield return Case.Refused("RegisterFiles: the ring's own fd", Errno.EBADF, env => env.Ring.RegisterFiles([env.Ring.RingFd]));
        yield return new BadInputCase("RegisterFiles: a second table", new Expectation.Throws(typeof(UringException), null, Errno.EBUSY), env =>
        {
            env.Ring.RegisterFiles([env.PipeRead]);
            return true;
        }) { Arrange = env => env.Ring.RegisterFilesSparse(4) };
        yield return Case.Refused("UpdateRegisteredFiles: without a table", Errno.ENXIO, env => env.Ring.UpdateRegisteredFiles(0, [env.PipeRead]));
        yield return new BadInputCase("UpdateRegisteredFiles: past the table", new Expectation.Throws(typeof(UringException), null, Errno.EINVAL), env => env.Ring.UpdateRegisteredFiles(4, [env.PipeRead]) >= 0) { Arrange = env => env.Ring.RegisterFilesSparse(4) };
        yield return Case.Refused("UnregisterFiles: without a table", Errno.ENXIO, env => env.Ring.UnregisterFiles());
        yield return new BadInputCase("RegisterBuffers: a second set", new Expectation.Throws(typeof(InvalidOperationException), null), env =>
        {
            env.Ring.RegisterBuffers(1, 4096);
            return true;
        }) { Arrange = env => env.Ring.RegisterBuffers(1, 4096) };
    }

    /// <summary>Reaps and hands completions to <paramref name="handle"/> until <paramref name="done"/> (at most 10 s).</summary>
    private static void Drive(Ring ring, Func<bool> done, Func<CqeView, bool> handle)
    {
        CqeView[] batch = new CqeView[16];
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (!done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The helper did not finish within 10 s.");
            }

            int count = ring.Wait(batch, 1, TimeSpan.FromMilliseconds(200));
            for (int i = 0; i < count; i++)
            {
                handle(batch[i]);
            }
        }
    }

    private static void Must([System.Diagnostics.CodeAnalysis.DoesNotReturnIf(false)] bool condition)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Arrangement failed.");
        }
    }
}
