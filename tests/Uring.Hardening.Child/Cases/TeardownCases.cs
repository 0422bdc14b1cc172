using System;
using System.Collections.Generic;
using System.Threading;
using Uring.Hardening.Child.Support;

namespace Uring.Hardening.Child.Cases;

/// <summary>
/// Teardown from the wrong place or at the wrong time, once each: a non-owner Stop while the owner waits in
/// the kernel, a Stop after the owner thread is gone, a Stop with reads in flight into canary buffers, a
/// multi-issuer Stop that must wake a blocked waiter, and a ring stopped in the middle of a listener chain.
/// </summary>
internal static class TeardownCases
{
    public static IEnumerable<(string, Func<string>)> All()
    {
        yield return ("teardown: non-owner Stop while the owner waits in the kernel", NonOwnerStopWhileWaiting);
        yield return ("teardown: Stop from another thread after the owner thread exited", StopAfterOwnerExited);
        yield return ("teardown: Stop with reads in flight into canary buffers", StopWithReadsInFlight);
        yield return ("teardown: MultiIssuers Stop wakes a thread blocked in Wait", StopWakesWaiter);
        yield return ("teardown: a ring stopped mid listener chain leaks no socket", StopMidListenerChain);
    }

    private static string NonOwnerStopWhileWaiting()
    {
        Ring? ring = null;
        Exception? ownerError = null;
        int waited = -1;
        using ManualResetEventSlim waiting = new();
        Thread owner = new(() =>
        {
            try
            {
                ring = ChildRings.Started();
                waiting.Set();
                waited = ring.Wait(new CqeView[1], 1, TimeSpan.FromMilliseconds(300));
                ChildRings.NopRoundTrip(ring);
                ring.Stop();
            }
            catch (Exception exception)
            {
                ownerError = exception;
            }
        });
        owner.Start();
        waiting.Wait();
        Thread.Sleep(20);
        Check.Throws<InvalidOperationException>(() => ring!.Stop(), null, "Stop from a thread that does not own the ring");
        Check.Throws<InvalidOperationException>(() => ring!.Dispose(), null, "Dispose from a thread that does not own the ring");
        Check.That(owner.Join(TimeSpan.FromSeconds(10)), "the owner did not finish");
        Check.That(ownerError is null, $"the owner failed: {ownerError}");
        Check.That(waited == 0 && ring!.IsStopped, "the owner's wait or stop went wrong");
        return "refused; the owner finished normally";
    }

    private static string StopAfterOwnerExited()
    {
        Ring? ring = null;
        Thread owner = new(() => ring = ChildRings.Started());
        owner.Start();
        owner.Join();
        ring!.Stop();
        Check.That(ring.IsStopped, "the ring is not stopped");
        return "stopped";
    }

    private static unsafe string StopWithReadsInFlight()
    {
        using CanaryArena arena = new(8, 64);
        (int Read, int Write)[] pipes = new (int, int)[8];
        Ring ring = ChildRings.Started();
        try
        {
            for (int i = 0; i < 8; i++)
            {
                pipes[i] = ChildPosix.Pipe();
                int slot = arena.TryTake();
                Check.That(ring.TryPrepareRead(SqeContext.FromValue((ulong)slot), pipes[i].Read, arena.Payload(slot)), "no SQ room");
            }

            Check.That(ring.Submit() == 8, "the reads were not all submitted");
        }
        finally
        {
            ring.Stop();
        }

        // The reads were cancelled with the ring: data written now must stay in the pipes, not reach the buffers.
        foreach ((int _, int write) in pipes)
        {
            ChildPosix.Write(write, "late data"u8);
        }

        Thread.Sleep(50);
        for (int i = 0; i < 8; i++)
        {
            Check.That(arena.Payload(i).IndexOfAnyExcept((byte)0) < 0, $"buffer {i} was written after the ring stopped");
            ChildPosix.Close(pipes[i].Read);
            ChildPosix.Close(pipes[i].Write);
        }

        arena.Verify();
        return "8 in-flight buffers untouched after Stop";
    }

    private static string StopWakesWaiter()
    {
        Ring ring = ChildRings.Started(8, multiIssuers: true);
        Exception? waiterError = null;
        using ManualResetEventSlim started = new();
        Thread waiter = new(() =>
        {
            try
            {
                started.Set();
                while (true)
                {
                    ring.Wait(new CqeView[1], 1, Timeout.InfiniteTimeSpan);
                }
            }
            catch (Exception exception)
            {
                waiterError = exception;
            }
        });
        waiter.Start();
        started.Wait();
        Thread.Sleep(20);
        ring.Stop();
        Check.That(waiter.Join(TimeSpan.FromSeconds(5)), "the waiter still blocks 5 s after Stop");
        Check.That(waiterError is ObjectDisposedException { ObjectName: "Ring" }, $"the waiter ended with {waiterError?.GetType().Name}: {waiterError?.Message}");
        return "woken with ObjectDisposedException";
    }

    private static string StopMidListenerChain()
    {
        int before = ChildPosix.OpenFdCount();
        Ring ring = ChildRings.Started();
        Check.That(Listener.TryStart(ring, SockAddr.IPv4Loopback(0), new NullListener(), out _), "the listener did not start");
        ring.Submit();
        Thread.Sleep(10);
        ring.Stop();
        Thread.Sleep(20);
        int after = ChildPosix.OpenFdCount();
        Check.That(after == before, $"{after - before} descriptor(s) leaked");
        return "no descriptor leaked";
    }

    private sealed class NullListener : IListenerHandler
    {
        public void OnListening(Listener listener)
        {
        }

        public void OnFailed(Listener listener, ListenerState failedIn, Errno error)
        {
        }
    }
}
