using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using Uring.Hardening.Child.Support;

namespace Uring.Hardening.Child.Cases;

/// <summary>
/// Races run thousands of times each (a few seconds per race): teardown against a running owner, cancel
/// against completion, and multi-issuer submitters against a reaper and against Stop. Reads land in canary
/// buffers that stay allocated until every ring stopped, then are checked: nothing written outside a
/// buffer, nothing written into a buffer after its completion was reaped.
/// </summary>
internal static class RaceCases
{
    public const string Prefix = "race: ";

    public static IEnumerable<(string, Func<string>)> All()
    {
        yield return (Prefix + "non-owner Stop and Dispose against a running single-issuer owner", TeardownAgainstOwner);
        yield return (Prefix + "MultiIssuers Stop against submitters and a reaper", MultiIssuerStop);
        yield return (Prefix + "cancel against completing reads", CancelAgainstReads);
        yield return (Prefix + "timeout removal against expiring timeouts", RemoveAgainstTimeouts);
        yield return (Prefix + "subscription cancel against timer ticks", CancelAgainstTicks);
        yield return (Prefix + "MultiIssuers submitters against a reaper", SubmittersAgainstReaper);
        yield return (Prefix + "cancelling a 1 µs repeating timer", CancelFastTimer);
    }

    /// <summary>Each ring's owner thread prepares, submits and reaps while another thread tries to stop it.</summary>
    private static string TeardownAgainstOwner()
    {
        const int Rings = 300;
        const int Attempts = 10;
        using CanaryArena arena = new(Rings * 64, 64);
        int refused = 0;
        long requests = 0;
        Random random = new(11);
        for (int r = 0; r < Rings; r++)
        {
            Ring? ring = null;
            Exception? ownerError = null;
            using ManualResetEventSlim ready = new();
            using ManualResetEventSlim done = new();
            Thread owner = new(() =>
            {
                (int read, int write) = ChildPosix.Pipe();
                try
                {
                    ring = ChildRings.Started(64);
                    ready.Set();
                    CqeView[] batch = new CqeView[16];
                    int reads = 0;
                    while (!done.IsSet || reads > 0)
                    {
                        if (!done.IsSet)
                        {
                            for (int i = 0; i < 4; i++)
                            {
                                ring.TryPrepareNop(SqeContext.FromValue(1UL << 40));
                            }

                            int slot = arena.TryTake();
                            if (slot >= 0 && ChildPosix.Write(write, "x"u8) == 1 && ring.TryPrepareRead(SqeContext.FromValue((ulong)slot), read, arena.Payload(slot)[..1]))
                            {
                                reads++;
                            }

                            Interlocked.Add(ref requests, 5);
                        }

                        int count = ring.Wait(batch, 1, TimeSpan.FromMilliseconds(100));
                        for (int i = 0; i < count; i++)
                        {
                            ulong value = batch[i].Context.Value;
                            if (value < 1UL << 40)
                            {
                                Check.That(batch[i].Result == 1, $"a read completed with {batch[i].Result}");
                                arena.Release((int)value);
                                reads--;
                            }
                        }
                    }

                    ring.Stop();
                }
                catch (Exception exception)
                {
                    ownerError = exception;
                    ready.Set();
                }
                finally
                {
                    ChildPosix.Close(read);
                    ChildPosix.Close(write);
                }
            });
            owner.Start();
            ready.Wait();
            for (int a = 0; a < Attempts && ownerError is null; a++)
            {
                Thread.SpinWait(random.Next(2000));
                Check.Throws<InvalidOperationException>(() => (a % 2 == 0 ? (Action)ring!.Stop : ring!.Dispose)(), null, "teardown from a thread that does not own the ring");
                refused++;
            }

            done.Set();
            Check.That(owner.Join(TimeSpan.FromSeconds(10)), "an owner did not finish");
            Check.That(ownerError is null, $"an owner failed: {ownerError}");
        }

        Thread.Sleep(20);
        int checkedBuffers = arena.Verify();
        return $"{refused} teardowns refused against {Rings} running owners ({requests} requests); {checkedBuffers} canary buffers intact";
    }

    /// <summary>Two submitters and a reaper run on a multi-issuer ring; the main thread stops it at a random moment.</summary>
    private static string MultiIssuerStop()
    {
        const int Iterations = 400;
        using CanaryArena arena = new(Iterations * 64, 64);
        using Barrier barrier = new(4);
        Ring? ring = null;
        (int Read, int Write) pipe = default;
        bool finished = false;
        int disposedSeen = 0;
        long requests = 0;
        Exception? failure = null;

        void Worker(bool reaper)
        {
            CqeView[] batch = new CqeView[16];
            while (true)
            {
                barrier.SignalAndWait();
                if (Volatile.Read(ref finished))
                {
                    return;
                }

                try
                {
                    while (true)
                    {
                        if (reaper)
                        {
                            int count = ring!.Wait(batch, 1, TimeSpan.FromMilliseconds(20));
                            for (int i = 0; i < count; i++)
                            {
                                ulong value = batch[i].Context.Value;
                                if (value < 1UL << 40)
                                {
                                    arena.Release((int)value);
                                }
                            }
                        }
                        else
                        {
                            ring!.TryPrepareNop(SqeContext.FromValue(1UL << 40));
                            int slot = arena.TryTake();
                            if (slot >= 0 && ChildPosix.Write(pipe.Write, "x"u8) == 1)
                            {
                                ring.TryPrepareRead(SqeContext.FromValue((ulong)slot), pipe.Read, arena.Payload(slot)[..1]);
                            }

                            ring.Submit();
                            Interlocked.Add(ref requests, 2);
                        }
                    }
                }
                catch (ObjectDisposedException exception) when (exception.ObjectName == "Ring")
                {
                    Interlocked.Increment(ref disposedSeen);
                }
                catch (Exception exception)
                {
                    Interlocked.CompareExchange(ref failure, exception, null);
                }

                barrier.SignalAndWait();
            }
        }

        Thread[] workers = [new(() => Worker(false)), new(() => Worker(false)), new(() => Worker(true))];
        foreach (Thread worker in workers)
        {
            worker.IsBackground = true;
            worker.Start();
        }

        Random random = new(12);
        for (int i = 0; i < Iterations && failure is null; i++)
        {
            pipe = ChildPosix.Pipe(nonBlocking: true);
            ring = ChildRings.Started(64, multiIssuers: true);
            barrier.SignalAndWait();
            Thread.SpinWait(random.Next(20_000));
            ring.Stop();
            Check.That(barrier.SignalAndWait(TimeSpan.FromSeconds(10)), $"iteration {i}: a thread did not return after Stop (hang)");
            ChildPosix.Close(pipe.Read);
            ChildPosix.Close(pipe.Write);
        }

        Volatile.Write(ref finished, true);
        barrier.SignalAndWait();
        Check.That(failure is null, $"a thread failed with {failure?.GetType().Name}: {failure?.Message}");
        Thread.Sleep(20);
        int checkedBuffers = arena.Verify();
        return $"{Iterations} Stops against 3 threads ({requests} requests), {disposedSeen} ObjectDisposedExceptions and nothing else; {checkedBuffers} canary buffers intact";
    }

    /// <summary>Reads that data completes while a cancel for them is in flight: exactly one final completion each.</summary>
    private static string CancelAgainstReads()
    {
        const int Batches = 160;
        const int Width = 32;
        const ulong CancelBit = 1UL << 40;
        using CanaryArena arena = new(Batches * Width, 64);
        Ring ring = ChildRings.Started(128);
        (int Read, int Write)[] pipes = new (int, int)[Width];
        for (int i = 0; i < Width; i++)
        {
            pipes[i] = ChildPosix.Pipe(nonBlocking: true);
        }

        int cancelled = 0;
        int completed = 0;
        Random random = new(13);
        Span<byte> drain = stackalloc byte[16];
        try
        {
            int[] readResults = new int[Width];
            int[] cancelResults = new int[Width];
            int[] slots = new int[Width];
            for (int b = 0; b < Batches; b++)
            {
                for (int i = 0; i < Width; i++)
                {
                    slots[i] = arena.TryTake();
                    readResults[i] = int.MinValue;
                    cancelResults[i] = int.MinValue;
                    Check.That(ring.TryPrepareRead(SqeContext.FromValue((ulong)i), pipes[i].Read, arena.Payload(slots[i])[..1]), "no SQ room");
                }

                int recorded = 0;
                void Record(CqeView cqe)
                {
                    ulong value = cqe.Context.Value;
                    int i = (int)(value & 0xFFFF);
                    ref int result = ref (value & CancelBit) != 0 ? ref cancelResults[i] : ref readResults[i];
                    Check.That(result == int.MinValue, $"request {value:x} completed twice");
                    result = cqe.Result;
                    recorded++;
                }

                ring.Submit();
                CqeView[] flushed = new CqeView[64];
                for (int i = 0; i < Width; i++)
                {
                    // Three orders: the read completes and is reaped before the cancel is queued, the data and
                    // the cancel reach the kernel together, or the cancel goes first and the data arrives later.
                    int order = random.Next(3);
                    if (order != 2)
                    {
                        ChildPosix.Write(pipes[i].Write, "x"u8);
                    }

                    if (order == 0)
                    {
                        int got = ring.Reap(flushed);
                        for (int k = 0; k < got; k++)
                        {
                            Record(flushed[k]);
                        }
                    }

                    Check.That(ring.TryPrepareCancel(SqeContext.FromValue(CancelBit | (uint)i), SqeContext.FromValue((ulong)i).Raw), "no SQ room");
                    if (random.Next(4) == 0)
                    {
                        ring.Submit();
                    }

                    if (order == 2)
                    {
                        ChildPosix.Write(pipes[i].Write, "x"u8);
                    }
                }

                Reap(ring, (Width * 2) - recorded, Record);
                for (int i = 0; i < Width; i++)
                {
                    int read = readResults[i];
                    int cancel = cancelResults[i];
                    Check.That(read is 1 or -(int)Errno.ECANCELED or -(int)Errno.EINTR, $"read {i} completed with {read}");
                    Check.That(cancel is 0 or -(int)Errno.ENOENT or -(int)Errno.EALREADY, $"cancel {i} completed with {cancel}");
                    Check.That(read != 1 || cancel != 0, $"read {i} got data although its cancel succeeded");
                    arena.Release(slots[i]);
                    if (read == 1)
                    {
                        completed++;
                    }
                    else
                    {
                        cancelled++;
                    }

                    while (ChildPosix.Read(pipes[i].Read, drain) > 0)
                    {
                    }
                }
            }

            CheckNothingMore(ring);
        }
        finally
        {
            ring.Stop();
            foreach ((int read, int write) in pipes)
            {
                ChildPosix.Close(read);
                ChildPosix.Close(write);
            }
        }

        int checkedBuffers = arena.Verify();
        return $"{Batches * Width} reads raced by cancels: {completed} completed, {cancelled} cancelled, each exactly once; {checkedBuffers} canary buffers intact";
    }

    /// <summary>Timeouts of 0-100 µs against removals of them: exactly one final completion for each.</summary>
    private static string RemoveAgainstTimeouts()
    {
        const int Batches = 128;
        const int Width = 32;
        const ulong RemoveBit = 1UL << 40;
        Ring ring = ChildRings.Started(128);
        int expired = 0;
        int removed = 0;
        Random random = new(14);
        try
        {
            int[] timeouts = new int[Width];
            int[] removals = new int[Width];
            for (int b = 0; b < Batches; b++)
            {
                Array.Fill(timeouts, int.MinValue);
                Array.Fill(removals, int.MinValue);
                for (int i = 0; i < Width; i++)
                {
                    Check.That(ring.TryPrepareTimeout(SqeContext.FromValue((ulong)i), TimeSpan.FromTicks(random.Next(1000))), "no SQ room");
                    if (random.Next(2) == 0)
                    {
                        ring.Submit();
                        Thread.SpinWait(random.Next(500));
                    }

                    Check.That(ring.TryPrepareTimeoutRemove(SqeContext.FromValue(RemoveBit | (uint)i), SqeContext.FromValue((ulong)i).Raw), "no SQ room");
                }

                Reap(ring, Width * 2, cqe =>
                {
                    ulong value = cqe.Context.Value;
                    int i = (int)(value & 0xFFFF);
                    ref int result = ref (value & RemoveBit) != 0 ? ref removals[i] : ref timeouts[i];
                    Check.That(result == int.MinValue, $"request {value:x} completed twice");
                    result = cqe.Result;
                });
                for (int i = 0; i < Width; i++)
                {
                    Check.That(timeouts[i] is -(int)Errno.ETIME or -(int)Errno.ECANCELED, $"timeout {i} completed with {timeouts[i]}");
                    Check.That(removals[i] is 0 or -(int)Errno.ENOENT or -(int)Errno.EALREADY or -(int)Errno.EBUSY, $"removal {i} completed with {removals[i]}");
                    Check.That((timeouts[i] == -(int)Errno.ECANCELED) == (removals[i] == 0), $"timeout {i} ({timeouts[i]}) and its removal ({removals[i]}) disagree");
                    if (removals[i] == 0)
                    {
                        removed++;
                    }
                    else
                    {
                        expired++;
                    }
                }
            }

            CheckNothingMore(ring);
        }
        finally
        {
            ring.Stop();
        }

        return $"{Batches * Width} timeouts raced by removals: {expired} expired, {removed} removed, each exactly once";
    }

    /// <summary>A repeating timer cancelled between ticks: the handler hears exactly one stop and the context goes back.</summary>
    private static string CancelAgainstTicks()
    {
        const int Subscriptions = 3000;
        Ring ring = ChildRings.Started(64);
        long ticks = 0;
        Random random = new(15);
        try
        {
            CqeView[] batch = new CqeView[16];
            for (int s = 0; s < Subscriptions; s++)
            {
                Ticker ticker = new();
                Check.That(MultishotSubscription.TryStartTimer(ring, TimeSpan.FromTicks(500 + random.Next(1500)), 0, ticker, out MultishotSubscription? subscription), "no subscription");
                ring.Submit();
                Thread.SpinWait(random.Next(3000));
                subscription.Cancel();
                Stopwatch clock = Stopwatch.StartNew();
                while (ticker.Stops == 0)
                {
                    Check.That(clock.Elapsed < TimeSpan.FromSeconds(5), $"subscription {s} never stopped (hang)");
                    int count = ring.Wait(batch, 1, TimeSpan.FromMilliseconds(100));
                    for (int i = 0; i < count; i++)
                    {
                        Check.That(MultishotSubscription.TryHandle(ring, in batch[i]), "a timer completion was not claimed");
                    }
                }

                // Anything still queued for it (a late tick, the cancel's own completion) must be claimed and change nothing.
                int more;
                while ((more = ring.Wait(batch, 0, TimeSpan.Zero)) > 0)
                {
                    for (int i = 0; i < more; i++)
                    {
                        MultishotSubscription.TryHandle(ring, in batch[i]);
                    }
                }

                Check.That(ticker.Stops == 1, $"subscription {s} stopped {ticker.Stops} times");
                Check.That(!subscription.IsActive, $"subscription {s} is still active");
                ticks += ticker.Ticks;
            }

            Check.That(ring.Pools.ExtendedAvailable == ring.Pools.Capacity, $"{ring.Pools.Capacity - ring.Pools.ExtendedAvailable} context(s) never returned");
            ChildRings.NopRoundTrip(ring);
        }
        finally
        {
            ring.Stop();
        }

        return $"{Subscriptions} timer subscriptions cancelled between ticks ({ticks} ticks), each stopped exactly once, every context returned";
    }

    /// <summary>
    /// A repeating timer faster than the reap loop: with the kernel's multishot timeout each tick was between firing
    /// and re-arming (waiting for task work) whenever a cancel reached the kernel, so the cancel never landed. The
    /// subscription's single shot is either cancelled or fires and is not re-armed: it stops within a reap cycle or two.
    /// </summary>
    private static string CancelFastTimer()
    {
        const int Subscriptions = 20;
        Ring ring = ChildRings.Started(64);
        try
        {
            CqeView[] batch = new CqeView[16];
            for (int s = 0; s < Subscriptions; s++)
            {
                Ticker ticker = new();
                Check.That(MultishotSubscription.TryStartTimer(ring, TimeSpan.FromTicks(10), 0, ticker, out MultishotSubscription? subscription), "no subscription");
                ring.Submit();
                Thread.Sleep(1);
                subscription.Cancel();
                Stopwatch clock = Stopwatch.StartNew();
                while (ticker.Stops == 0)
                {
                    Check.That(clock.Elapsed < TimeSpan.FromSeconds(2), $"subscription {s}: Cancel() did not stop a 1 µs timer within 2 s ({ticker.Ticks} ticks, state {subscription.State}): the cancel keeps missing the timer");
                    int count = ring.Wait(batch, 1, TimeSpan.FromMilliseconds(100));
                    for (int i = 0; i < count; i++)
                    {
                        MultishotSubscription.TryHandle(ring, in batch[i]);
                    }
                }

                // The cancel's own completion (if it is still queued) must be claimed and change nothing.
                int more;
                while ((more = ring.Wait(batch, 0, TimeSpan.Zero)) > 0)
                {
                    for (int i = 0; i < more; i++)
                    {
                        MultishotSubscription.TryHandle(ring, in batch[i]);
                    }
                }

                Check.That(ticker.Stops == 1, $"subscription {s} stopped {ticker.Stops} times");
                Check.That(subscription.State == SubscriptionState.Stopped, $"subscription {s} is {subscription.State}");
            }

            Check.That(ring.Pools.ExtendedAvailable == ring.Pools.Capacity, $"{ring.Pools.Capacity - ring.Pools.ExtendedAvailable} context(s) never returned");
            ChildRings.NopRoundTrip(ring);
        }
        finally
        {
            ring.Stop();
        }

        return $"{Subscriptions} 1 µs timers cancelled, each stopped exactly once, every context returned";
    }

    /// <summary>Three threads submit into a multi-issuer ring while a fourth reaps: every request completes exactly once.</summary>
    private static string SubmittersAgainstReaper()
    {
        const int Threads = 3;
        const int PerThread = 20_000;
        const ulong ReadBit = 1UL << 60;
        Ring ring = ChildRings.Started(256, multiIssuers: true);
        using CanaryArena arena = new((Threads * (PerThread / 8)) + 8192, 64);
        int[] seen = new int[Threads * PerThread];
        int[] slotOwner = new int[arena.Count];
        long total = 0;
        Exception? failure = null;
        (int Read, int Write)[] pipes = new (int, int)[Threads];
        for (int t = 0; t < Threads; t++)
        {
            pipes[t] = ChildPosix.Pipe();
        }

        Thread reaper = new(() =>
        {
            try
            {
                CqeView[] batch = new CqeView[64];
                Stopwatch clock = Stopwatch.StartNew();
                while (Interlocked.Read(ref total) < Threads * PerThread)
                {
                    Check.That(clock.Elapsed < TimeSpan.FromSeconds(20), $"only {total} of {Threads * PerThread} completions in 20 s");
                    int count = ring.Wait(batch, 1, TimeSpan.FromMilliseconds(100));
                    for (int i = 0; i < count; i++)
                    {
                        CqeView cqe = batch[i];
                        Check.That(!cqe.IsForeign, "a real completion was reported foreign");
                        int key;
                        if (cqe.Context.IsExtended)
                        {
                            ExtendedSqe ext = cqe.ExtendedSqe;
                            Check.That(ext.IsValid, "an Extended completion has no context");
                            key = ext.As<int>();
                            ring.ReturnExtendedSqe(ext);
                        }
                        else if ((cqe.Context.Value & ReadBit) != 0)
                        {
                            int slot = (int)(cqe.Context.Value & 0xFFFFFF);
                            Check.That(cqe.Result == 1, $"a read completed with {cqe.Result}");
                            key = slotOwner[slot];
                            arena.Release(slot);
                        }
                        else
                        {
                            key = (int)cqe.Context.Value;
                        }

                        Check.That(Interlocked.Increment(ref seen[key]) == 1, $"request {key} completed twice");
                        Interlocked.Increment(ref total);
                    }
                }
            }
            catch (Exception exception)
            {
                Interlocked.CompareExchange(ref failure, exception, null);
            }
        });

        Thread[] submitters = new Thread[Threads];
        for (int t = 0; t < Threads; t++)
        {
            int thread = t;
            submitters[t] = new Thread(() =>
            {
                try
                {
                    for (int n = 0; n < PerThread && failure is null; n++)
                    {
                        int key = (thread * PerThread) + n;
                        while (!TrySubmitOne(ring, key, n, pipes[thread], arena, slotOwner, ReadBit))
                        {
                            ring.Submit();
                            Thread.Yield();
                            Check.That(failure is null, "stopping: another thread failed");
                        }

                        if ((n & 15) == 0)
                        {
                            ring.Submit();
                        }
                    }

                    ring.Submit();
                }
                catch (Exception exception)
                {
                    Interlocked.CompareExchange(ref failure, exception, null);
                }
            });
        }

        reaper.Start();
        foreach (Thread submitter in submitters)
        {
            submitter.Start();
        }

        foreach (Thread submitter in submitters)
        {
            Check.That(submitter.Join(TimeSpan.FromSeconds(30)), "a submitter hung");
        }

        Check.That(reaper.Join(TimeSpan.FromSeconds(30)), "the reaper hung");
        Check.That(failure is null, $"{failure?.GetType().Name}: {failure?.Message}");
        Check.That(Array.TrueForAll(seen, count => count == 1), "a request never completed");
        Check.That(ring.Pools.ExtendedAvailable == ring.Pools.Capacity, "contexts were not all returned");
        ring.Stop();
        foreach ((int read, int write) in pipes)
        {
            ChildPosix.Close(read);
            ChildPosix.Close(write);
        }

        Thread.Sleep(20);
        int checkedBuffers = arena.Verify();
        return $"{Threads * PerThread} requests from {Threads} submitters, each reaped exactly once (pooled contexts, values and reads); {checkedBuffers} canary buffers intact";
    }

    /// <summary>One request: every 8th a read into a canary buffer, every other a pooled context, the rest a Value. False when the SQ or pool is full.</summary>
    private static bool TrySubmitOne(Ring ring, int key, int n, (int Read, int Write) pipe, CanaryArena arena, int[] slotOwner, ulong readBit)
    {
        if ((n & 7) == 7)
        {
            // A slot whose read found no SQ room stays unused (never written); a retry takes a fresh one.
            int slot = arena.TryTake();
            Check.That(slot >= 0, "the canary arena ran out");
            slotOwner[slot] = key;
            if (!ring.TryPrepareRead(SqeContext.FromValue(readBit | (uint)slot), pipe.Read, arena.Payload(slot)[..1]))
            {
                return false;
            }

            // The byte the read will get, written after the read is queued (so nothing is left over if it is not).
            Check.That(ChildPosix.Write(pipe.Write, "x"u8) == 1, "the pipe refused a byte");
            return true;
        }

        if ((n & 1) == 0)
        {
            if (!ring.TryRentExtendedSqe(out ExtendedSqe ext))
            {
                return false;
            }

            ext.As<int>() = key;
            if (!ring.TryPrepareNop(ext.Context))
            {
                ring.ReturnExtendedSqe(ext);
                return false;
            }

            return true;
        }

        return ring.TryPrepareNop(SqeContext.FromValue((ulong)key));
    }

    /// <summary>Reaps <paramref name="count"/> completions (5 s at most).</summary>
    private static void Reap(Ring ring, int count, Action<CqeView> each)
    {
        CqeView[] batch = new CqeView[64];
        int seen = 0;
        Stopwatch clock = Stopwatch.StartNew();
        while (seen < count)
        {
            Check.That(clock.Elapsed < TimeSpan.FromSeconds(5), $"only {seen} of {count} completions within 5 s (a request got no final completion)");
            int got = ring.Wait(batch, Math.Min(count - seen, 64), TimeSpan.FromMilliseconds(200));
            for (int i = 0; i < got; i++)
            {
                each(batch[i]);
            }

            seen += got;
        }
    }

    /// <summary>After every expected completion arrived, nothing else may (a duplicate).</summary>
    private static void CheckNothingMore(Ring ring)
    {
        CqeView[] batch = new CqeView[8];
        int extra = ring.Wait(batch, 1, TimeSpan.FromMilliseconds(20));
        Check.That(extra == 0, $"{extra} completion(s) arrived after every request had its final one (first: {batch[0]})");
    }

    private sealed class Ticker : IMultishotHandler
    {
        public int Ticks { get; private set; }

        public int Stops { get; private set; }

        public MultishotAction OnCompletion(MultishotSubscription subscription, in CqeView completion)
        {
            Ticks++;
            return MultishotAction.Continue;
        }

        public void OnStopped(MultishotSubscription subscription, Errno error, bool cancelled) => Stops++;
    }
}
