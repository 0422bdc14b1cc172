using System;
using System.Linq;
using System.Text;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>
/// <see cref="MultishotSubscription"/> on real multishot requests: timers, accept, poll and recv deliver
/// every completion to the handler, cancel (from the handler or from outside) ends the request with
/// -ECANCELED, and the pooled context goes back exactly once, with the final completion.
/// </summary>
public sealed unsafe class MultishotSubscriptionTests : IDisposable
{
    private readonly Ring _ring = TestRings.Started(new RingOptions { Entries = 16, NotifySucceed = true });
    private readonly CqeView[] _completions = new CqeView[16];

    public void Dispose() => _ring.Dispose();

    [Fact]
    public void A_timer_fires_its_shots_then_stops()
    {
        RecordingMultishotHandler handler = new();
        Assert.True(MultishotSubscription.TryStartTimer(_ring, TimeSpan.FromMilliseconds(1), 3, handler, out MultishotSubscription? timer));
        Assert.Equal(SqeContextMode.Extended, timer.Context.Mode);
        Assert.Equal(_ring.Pools.Capacity - 1, _ring.Pools.ExtendedAvailable);

        ReapUntilStopped(timer);

        Assert.Equal(new[] { (-62, true), (-62, true), (-62, false) }, handler.Completions);
        Assert.Equal(3, timer.Completions);
        Assert.Equal(1, handler.StopCalls);
        Assert.Equal(Errno.ETIME, handler.StopError);
        Assert.False(handler.StopCancelled);
        Assert.Equal(SubscriptionState.Stopped, timer.State);
        Assert.Equal(default, timer.Context);
        Assert.Equal(_ring.Pools.Capacity, _ring.Pools.ExtendedAvailable);
        Assert.True(timer.Cancel());
    }

    [Fact]
    public void Stop_from_the_handler_cancels_an_endless_timer()
    {
        RecordingMultishotHandler handler = new() { StopAfter = 2 };
        Assert.True(MultishotSubscription.TryStartTimer(_ring, TimeSpan.FromMilliseconds(1), 0, handler, out MultishotSubscription? timer));

        int claimed = ReapUntilStopped(timer);

        Assert.True(handler.Completions.Count >= 3);
        Assert.All(handler.Completions.SkipLast(1), c => Assert.Equal((-62, true), c));
        Assert.Equal((-125, false), handler.Completions[^1]);
        Assert.Equal(Errno.ECANCELED, handler.StopError);
        Assert.True(handler.StopCancelled);
        // Stop is honoured by not re-arming: no cancel request, and the final -ECANCELED is the subscription's own
        // (no kernel completion), so the handler saw one completion more than was reaped.
        Assert.Equal(handler.Completions.Count - 1, claimed);
        Assert.Equal(handler.Completions.Count - 1, timer.Completions);
        Assert.Equal(1, handler.StopCalls);
        Assert.Equal(_ring.Pools.Capacity, _ring.Pools.ExtendedAvailable);
    }

    [Fact]
    public void Cancel_stops_a_1_microsecond_timer_within_2_seconds()
    {
        // Faster than any reap loop: with the kernel's multishot timeout every cancel missed the timer between shots.
        for (int round = 0; round < 5; round++)
        {
            RecordingMultishotHandler handler = new();
            Assert.True(MultishotSubscription.TryStartTimer(_ring, TimeSpan.FromMicroseconds(1), 0, handler, out MultishotSubscription? timer));
            _ring.Submit();
            ReapUntil(() => handler.Completions.Count >= 3);

            Assert.True(timer.Cancel());
            DateTime deadline = DateTime.UtcNow.AddSeconds(2);
            while (timer.State != SubscriptionState.Stopped)
            {
                Assert.True(DateTime.UtcNow < deadline, $"Cancel did not stop a 1 µs timer within 2 s ({handler.Completions.Count} ticks, {timer.State})");
                int n = _ring.Wait(_completions, 1, TimeSpan.FromMilliseconds(100));
                for (int i = 0; i < n; i++)
                {
                    Assert.True(MultishotSubscription.TryHandle(_ring, in _completions[i]));
                }
            }

            ReapUntilStopped(timer); // the cancel's own completion, if still queued
            Assert.Equal(1, handler.StopCalls);
            Assert.Equal(Errno.ECANCELED, handler.StopError);
            Assert.True(handler.StopCancelled);
            Assert.Equal((-125, false), handler.Completions[^1]);
            Assert.All(handler.Completions.SkipLast(1), c => Assert.Equal((-62, true), c));
            Assert.Equal(_ring.Pools.Capacity, _ring.Pools.ExtendedAvailable);
        }
    }

    [Fact]
    public void Cancel_from_inside_a_tick_ends_the_timer_without_a_cancel_request()
    {
        CancellingHandler handler = new();
        Assert.True(MultishotSubscription.TryStartTimer(_ring, TimeSpan.FromMilliseconds(1), 0, handler, out MultishotSubscription? timer));

        int claimed = ReapUntilStopped(timer);

        // Between a tick and its re-arm nothing is in the kernel: Cancel only stops the re-arm, and queues nothing.
        Assert.Equal(1, claimed);
        Assert.Equal(new[] { (-62, true), (-125, false) }, handler.Completions);
        Assert.Equal(1, handler.StopCalls);
        Assert.True(handler.StopCancelled);
        Assert.Equal(_ring.Features.SqEntries, _ring.SqAvailable);
    }

    [Fact]
    public void A_timer_whose_next_shot_finds_the_queue_full_ends_with_eagain()
    {
        RecordingMultishotHandler handler = new();
        Assert.True(MultishotSubscription.TryStartTimer(_ring, TimeSpan.FromMilliseconds(1), 0, handler, out MultishotSubscription? timer));
        Assert.Equal(1, _ring.Wait(_completions, 1, TimeSpan.FromSeconds(5)));

        // The tick is reaped; fill the SQ before handing it over, so the re-arm finds no slot.
        int queued = 0;
        while (_ring.TryPrepareNop(SqeContext.FromValue((ulong)(1000 + queued))))
        {
            queued++;
        }

        Assert.True(MultishotSubscription.TryHandle(_ring, in _completions[0]));

        Assert.Equal(SubscriptionState.Stopped, timer.State);
        Assert.Equal(new[] { (-62, true), (-11, false) }, handler.Completions);
        Assert.Equal(1, handler.StopCalls);
        Assert.Equal(Errno.EAGAIN, handler.StopError);
        Assert.False(handler.StopCancelled);
        Assert.Equal(_ring.Pools.Capacity, _ring.Pools.ExtendedAvailable);
        Assert.Equal(queued, _ring.WaitMany(queued).Length);
    }

    [Fact]
    public void An_accept_subscription_delivers_one_fd_per_connection_until_cancelled()
    {
        (int listener, SockAddr address) = Loopback.Listen(_ring, SocketDomain.IPv4, SocketKind.Stream, SockAddr.IPv4Loopback(0));
        RecordingMultishotHandler handler = new();
        Assert.True(MultishotSubscription.TryStartAccept(_ring, listener, handler, out MultishotSubscription? accepts));
        int[] clients = new int[3];
        for (int i = 0; i < clients.Length; i++)
        {
            // Before any connect: a blocking single wait here must not meet an accept or a connect completion.
            clients[i] = _ring.Complete(_ring.TryPrepareSocket(SqeContext.FromValue(10), SocketSpec.Tcp4), "socket");
        }

        foreach (int client in clients)
        {
            Assert.True(_ring.TryPrepareConnect(SqeContext.FromValue(11), client, address));
        }

        while (handler.Completions.Count < clients.Length)
        {
            int n = _ring.Wait(_completions, 1, TimeSpan.FromSeconds(5));
            Assert.True(n > 0, "no completion within 5 s");
            foreach (CqeView cqe in _completions.AsSpan(0, n))
            {
                if (!MultishotSubscription.TryHandle(_ring, in cqe))
                {
                    Assert.True(cqe.IsSuccess, $"connect failed: {cqe.Error}");
                }
            }
        }

        int[] accepted = handler.Completions.Select(c => c.Result).ToArray();
        Assert.All(handler.Completions, c => Assert.True(c.Result >= 0 && c.More, $"accept: {c.Result}"));
        Assert.Equal(SubscriptionState.Active, accepts.State);

        Assert.True(accepts.Cancel());
        Assert.Equal(SubscriptionState.Cancelling, accepts.State);
        Assert.True(accepts.Cancel()); // idempotent: nothing more is queued
        ReapUntilStopped(accepts);

        Assert.Equal(-125, handler.Completions[^1].Result);
        Assert.True(handler.StopCancelled);
        Assert.Equal(_ring.Pools.Capacity, _ring.Pools.ExtendedAvailable);
        Loopback.Close(_ring, [.. clients, .. accepted, listener]);
    }

    [Fact]
    public void A_poll_subscription_sees_each_readiness_and_unsubscribe_silences_it()
    {
        (int read, int write) = Posix.Pipe();
        try
        {
            RecordingMultishotHandler handler = new();
            Assert.True(MultishotSubscription.TryStartPoll(_ring, read, PollEvents.In, handler, out MultishotSubscription? poll));
            Span<byte> one = stackalloc byte[1];
            for (int round = 0; round < 2; round++)
            {
                Assert.Equal(1, Posix.Write(write, "x"u8));
                ReapUntil(() => handler.Completions.Count == round + 1);
                Assert.Equal(1, Posix.Read(read, one));
            }

            Assert.All(handler.Completions, c => Assert.True((c.Result & (int)PollEvents.In) != 0 && c.More));

            Assert.True(poll.Unsubscribe());
            ReapUntilStopped(poll);
            Assert.Equal(2, handler.Completions.Count); // the final -ECANCELED is not delivered
            Assert.Equal(0, handler.StopCalls);
            Assert.Equal(3, poll.Completions);
            Assert.Equal(_ring.Pools.Capacity, _ring.Pools.ExtendedAvailable);
        }
        finally
        {
            Posix.CloseQuietly(ref read);
            Posix.CloseQuietly(ref write);
        }
    }

    [Fact]
    public void A_recv_subscription_reads_into_provided_buffers_until_end_of_stream()
    {
        (int client, int server) = Loopback.TcpPair(_ring);
        ProvidedBufferRing group = _ring.RegisterProvidedBufferRing(7, 8, 256);
        StringBuilder received = new();
        ReceivingHandler handler = new(group, received);
        Assert.True(MultishotSubscription.TryStartRecv(_ring, server, 7, handler, out MultishotSubscription? recv));

        // Sends and the shutdown complete among the subscription's completions: ReapUntil hands those to it and
        // checks the rest succeeded.
        using NativeBuffer data = new(16);
        foreach (string part in new[] { "hello ", "world" })
        {
            int length = Encoding.ASCII.GetBytes(part, data.Span);
            Assert.True(_ring.TryPrepareSend(SqeContext.FromValue(20), client, data.Span[..length]));
            ReapUntil(() => received.ToString().EndsWith(part, StringComparison.Ordinal));
        }

        Assert.True(_ring.TryPrepareShutdown(SqeContext.FromValue(21), client, ShutdownHow.Write));
        ReapUntilStopped(recv);

        Assert.Equal("hello world", received.ToString());
        Assert.Equal(0, handler.LastResult); // end of stream ends the request
        Assert.Equal(Errno.None, handler.StopError);
        Assert.Equal(8, group.ProvidedCount); // every buffer recycled
        Assert.Equal(_ring.Pools.Capacity, _ring.Pools.ExtendedAvailable);
        Loopback.Close(_ring, client, server);
    }

    [Fact]
    public void Completions_of_other_requests_are_left_to_the_caller()
    {
        RecordingMultishotHandler handler = new();
        Assert.True(_ring.TryPrepareNop(SqeContext.FromValue(5), NopFlags.InjectResult, 5));
        Assert.True(_ring.TryRentExtendedSqe(out ExtendedSqe ext));
        ext.UserData.Fill(0xAB);
        Assert.True(_ring.TryPrepareNop(ext.Context, NopFlags.InjectResult, 6));
        foreach (CqeView cqe in _ring.WaitMany(2))
        {
            Assert.False(MultishotSubscription.TryHandle(_ring, in cqe));
        }

        _ring.ReturnExtendedSqe(ext);
        Assert.Empty(handler.Completions);
    }

    [Fact]
    public void Completion_handler_dispatch_routes_subscription_completions()
    {
        RecordingMultishotHandler handler = new();
        Assert.True(MultishotSubscription.TryStartTimer(_ring, TimeSpan.FromMilliseconds(1), 2, handler, out MultishotSubscription? timer));
        while (timer.State != SubscriptionState.Stopped)
        {
            int n = _ring.Wait(_completions, 1, TimeSpan.FromSeconds(5));
            foreach (CqeView cqe in _completions.AsSpan(0, n))
            {
                Assert.True(CompletionHandler.TryInvoke(_ring, in cqe));
            }
        }

        Assert.Equal(2, handler.Completions.Count);
        Assert.Equal(1, handler.StopCalls);
    }

    [Fact]
    public void Exhausted_pool_full_queue_and_a_throwing_preparer_leave_nothing_behind()
    {
        RecordingMultishotHandler handler = new();
        ExtendedSqe[] rented = new ExtendedSqe[_ring.Pools.Capacity];
        for (int i = 0; i < rented.Length; i++)
        {
            Assert.True(_ring.TryRentExtendedSqe(out rented[i]));
        }

        int free = _ring.SqAvailable;
        Assert.False(MultishotSubscription.TryStartTimer(_ring, TimeSpan.FromMilliseconds(1), 1, handler, out MultishotSubscription? none));
        Assert.Null(none);
        Assert.Equal(free, _ring.SqAvailable);
        foreach (ExtendedSqe ext in rented)
        {
            _ring.ReturnExtendedSqe(ext);
        }

        int queued = 0;
        while (_ring.TryPrepareNop(SqeContext.FromValue((ulong)queued)))
        {
            queued++;
        }

        Assert.False(MultishotSubscription.TryStartPoll(_ring, 0, PollEvents.In, handler, out none));
        Assert.Equal(_ring.Pools.Capacity, _ring.Pools.ExtendedAvailable);
        Assert.Equal(queued, _ring.WaitMany(queued).Length);

        Assert.Throws<InvalidOperationException>(() => MultishotSubscription.TryStart(_ring, handler, 0, static (Ring r, SqeContext c, in int s) => throw new InvalidOperationException("boom"), out _));
        Assert.Throws<ArgumentNullException>(() => MultishotSubscription.TryStartPoll(_ring, 0, PollEvents.In, null!, out _));
        Assert.Equal(_ring.Pools.Capacity, _ring.Pools.ExtendedAvailable);
        Assert.Equal(_ring.Features.SqEntries, _ring.SqAvailable);
        Assert.Empty(handler.Completions);
    }

    [Fact]
    public void Cancel_on_a_stopped_ring_throws_object_disposed()
    {
        Ring ring = TestRings.Started(new RingOptions { Entries = 8, NotifySucceed = true });
        Assert.True(MultishotSubscription.TryStartTimer(ring, TimeSpan.FromSeconds(10), 0, new RecordingMultishotHandler(), out MultishotSubscription? timer));
        ring.Dispose();
        Assert.Throws<ObjectDisposedException>(() => timer.Cancel());
        Assert.Equal(SubscriptionState.Active, timer.State);
    }

    [Fact]
    public void Handling_subscription_completions_allocates_nothing()
    {
        CountingHandler handler = new();
        Assert.True(MultishotSubscription.TryStartTimer(_ring, TimeSpan.FromMicroseconds(20), 0, handler, out MultishotSubscription? timer));
        ReapUntil(() => handler.Count >= 200); // warm-up: JIT, tiering

        long before = GC.GetAllocatedBytesForCurrentThread();
        int target = handler.Count + 2000;
        while (handler.Count < target)
        {
            int n = _ring.Wait(_completions, 1, TimeSpan.FromSeconds(5));
            for (int i = 0; i < n; i++)
            {
                MultishotSubscription.TryHandle(_ring, in _completions[i]);
            }
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(timer.Cancel());
        ReapUntilStopped(timer);
        Assert.Equal(0, allocated);
    }

    /// <summary>
    /// Reaps, handing every completion to <see cref="MultishotSubscription.TryHandle"/>, until the subscription
    /// stopped and every pooled context (its cancel's too) is back; returns how many completions it claimed.
    /// </summary>
    private int ReapUntilStopped(MultishotSubscription subscription)
    {
        int claimed = 0;
        ReapUntil(() => subscription.State == SubscriptionState.Stopped && _ring.Pools.ExtendedAvailable == _ring.Pools.Capacity, ref claimed);
        return claimed;
    }

    private void ReapUntil(Func<bool> done)
    {
        int claimed = 0;
        ReapUntil(done, ref claimed);
    }

    private void ReapUntil(Func<bool> done, ref int claimed)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "the subscription did not get there within 10 s");
            int n = _ring.Wait(_completions, 1, TimeSpan.FromMilliseconds(200));
            for (int i = 0; i < n; i++)
            {
                if (MultishotSubscription.TryHandle(_ring, in _completions[i]))
                {
                    claimed++;
                }
                else
                {
                    Assert.True(_completions[i].IsSuccess, $"request {_completions[i].Context.Value} failed: {_completions[i].Error}");
                }
            }
        }
    }

    private sealed class CancellingHandler : IMultishotHandler
    {
        public System.Collections.Generic.List<(int Result, bool More)> Completions { get; } = new();

        public int StopCalls { get; private set; }

        public bool StopCancelled { get; private set; }

        public MultishotAction OnCompletion(MultishotSubscription subscription, in CqeView completion)
        {
            Completions.Add((completion.Result, completion.HasMore));
            Assert.True(subscription.Cancel());
            return MultishotAction.Continue;
        }

        public void OnStopped(MultishotSubscription subscription, Errno error, bool cancelled)
        {
            StopCalls++;
            StopCancelled = cancelled;
        }
    }

    private sealed class CountingHandler : IMultishotHandler
    {
        public int Count { get; private set; }

        public MultishotAction OnCompletion(MultishotSubscription subscription, in CqeView completion)
        {
            Count++;
            return MultishotAction.Continue;
        }

        public void OnStopped(MultishotSubscription subscription, Errno error, bool cancelled)
        {
        }
    }

    private sealed class ReceivingHandler(ProvidedBufferRing group, StringBuilder received) : IMultishotHandler
    {
        public int LastResult { get; private set; } = -1;

        public Errno StopError { get; private set; } = Errno.EINVAL;

        public MultishotAction OnCompletion(MultishotSubscription subscription, in CqeView completion)
        {
            LastResult = completion.Result;
            if (completion.Result > 0)
            {
                ProvidedBuffer buffer = group.Take(in completion);
                received.Append(Encoding.ASCII.GetString(buffer.Data));
                group.Recycle(in buffer);
            }

            return MultishotAction.Continue;
        }

        public void OnStopped(MultishotSubscription subscription, Errno error, bool cancelled) => StopError = error;
    }
}
