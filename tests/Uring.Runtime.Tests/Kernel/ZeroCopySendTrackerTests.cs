using System;
using System.Collections.Generic;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>
/// <see cref="ZeroCopySendTracker"/>: the send completion and the notification of a zero-copy send become
/// OnSent then OnBufferReleased, once each, whatever order the kernel posts them in; failed sends release at
/// once; the pooled context goes back after the second callback; tracking allocates nothing.
/// </summary>
public sealed unsafe class ZeroCopySendTrackerTests : IDisposable
{
    private readonly Ring _ring = TestRings.Started(new RingOptions { Entries = 16, NotifySucceed = true });
    private readonly CqeView[] _completions = new CqeView[16];
    private readonly RecordingSendHandler _handler = new();

    public void Dispose() => _ring.Dispose();

    [Fact]
    public void A_tracked_send_reports_sent_then_released_and_the_peer_gets_the_bytes()
    {
        (int client, int server) = Loopback.TcpPair(_ring);
        using NativeBuffer data = new(64 * 1024);
        for (int i = 0; i < data.Length; i++)
        {
            data.Span[i] = (byte)(i * 7);
        }

        using NativeBuffer back = new(data.Length);
        Assert.True(ZeroCopySendTracker.TryPrepareSendZc(_ring, client, data.Span, _handler, token: 42));
        Assert.True(_ring.TryPrepareRecv(SqeContext.FromValue(9), server, back.Span, MessageFlags.WaitAll));
        ReapUntil(() => _handler.Events.Count == 2, expectOther: 1);

        Assert.Equal(new[] { ("sent", 42UL, data.Length), ("released", 42UL, data.Length) }, _handler.Events);
        Assert.True(back.Span.SequenceEqual(data.Span));
        Assert.Equal(_ring.Pools.Capacity, _ring.Pools.ExtendedAvailable);
        Loopback.Close(_ring, client, server);
    }

    [Fact]
    public void Any_zero_copy_op_can_be_tracked_through_a_static_preparer()
    {
        (int client, int server) = Loopback.TcpPair(_ring);
        _ring.RegisterBuffers(1, 4096);
        "registered"u8.CopyTo(_ring.RegisteredBuffer(0));
        Assert.True(ZeroCopySendTracker.TryPrepare(_ring, 
            _handler,
            7,
            client,
            static (Ring ring, SqeContext context, in int fd) => ring.TryPrepareSendZcFixed(context, fd, ring.RegisteredBuffer(0)[..10], 0)));

        using NativeBuffer back = new(10);
        Assert.True(_ring.TryPrepareRecv(SqeContext.FromValue(9), server, back.Span, MessageFlags.WaitAll));
        ReapUntil(() => _handler.Events.Count == 2, expectOther: 1);

        Assert.Equal(new[] { ("sent", 7UL, 10), ("released", 7UL, 10) }, _handler.Events);
        Assert.True(back.Span.SequenceEqual("registered"u8));
        Loopback.Close(_ring, client, server);
    }

    [Fact]
    public void A_failed_send_releases_its_buffer_with_the_error()
    {
        using NativeBuffer data = new(16);
        (int read, int write) = Posix.Pipe(); // not a socket: the send fails and posts no notification
        try
        {
            Assert.True(ZeroCopySendTracker.TryPrepareSendZc(_ring, write, data.Span, _handler, token: 3));
            ReapUntil(() => _handler.Events.Count == 2);
        }
        finally
        {
            Posix.CloseQuietly(ref read);
            Posix.CloseQuietly(ref write);
        }

        Assert.Equal(("sent", 3UL, -(int)Errno.ENOTSOCK), _handler.Events[0]);
        Assert.Equal(("released", 3UL, -(int)Errno.ENOTSOCK), _handler.Events[1]);
        Assert.Equal(_ring.Pools.Capacity, _ring.Pools.ExtendedAvailable);
    }

    [Fact]
    public void A_notification_that_arrives_first_is_held_until_the_send_completion()
    {
        // A detached ring: the send is really queued (the tracker insists on one zero-copy send), but no kernel
        // runs it, so this test feeds the completions itself, in the order it wants.
        using Ring detached = DetachedRings.Create(new RingOptions { Entries = 16, NotifySucceed = true }, 16, 32);
        Assert.True(ZeroCopySendTracker.TryPrepare(detached, _handler, 11, 0, static (Ring ring, SqeContext context, in int _) =>
        {
            Captured = context;
            return ring.TryPrepareSendZc(context, 3, ReadOnlySpan<byte>.Empty);
        }));

        Assert.True(ZeroCopySendTracker.TryHandle(detached, new CqeView(Captured.Raw, 0, (uint)CqeFlags.Notification)));
        Assert.Empty(_handler.Events);
        Assert.True(ZeroCopySendTracker.TryHandle(detached, new CqeView(Captured.Raw, 100, (uint)CqeFlags.More)));

        Assert.Equal(new[] { ("sent", 11UL, 100), ("released", 11UL, 100) }, _handler.Events);
        Assert.Equal(detached.Pools.Capacity, detached.Pools.ExtendedAvailable);
    }

    [Fact]
    public void Duplicated_completions_fire_each_callback_exactly_once()
    {
        using Ring detached = DetachedRings.Create(new RingOptions { Entries = 16, NotifySucceed = true }, 16, 32);
        Assert.True(ZeroCopySendTracker.TryPrepare(detached, _handler, 12, 0, static (Ring ring, SqeContext context, in int _) =>
        {
            Captured = context;
            return ring.TryPrepareSendZc(context, 3, ReadOnlySpan<byte>.Empty);
        }));

        // A forged or repeated send completion (MSG_RING can post any user_data) must not fire OnSent again.
        Assert.True(ZeroCopySendTracker.TryHandle(detached, new CqeView(Captured.Raw, 7, (uint)CqeFlags.More)));
        Assert.True(ZeroCopySendTracker.TryHandle(detached, new CqeView(Captured.Raw, 7, (uint)CqeFlags.More)));
        Assert.True(ZeroCopySendTracker.TryHandle(detached, new CqeView(Captured.Raw, 7, (uint)CqeFlags.More)));
        Assert.Equal(new[] { ("sent", 12UL, 7) }, _handler.Events);
        Assert.True(ZeroCopySendTracker.TryHandle(detached, new CqeView(Captured.Raw, 0, (uint)CqeFlags.Notification)));

        Assert.Equal(new[] { ("sent", 12UL, 7), ("released", 12UL, 7) }, _handler.Events);
        Assert.Equal(detached.Pools.Capacity, detached.Pools.ExtendedAvailable);
    }

    [Fact]
    public void Other_completions_are_not_claimed_and_bad_calls_queue_nothing()
    {
        Assert.True(_ring.TryPrepareNop(SqeContext.FromValue(1)));
        Assert.False(ZeroCopySendTracker.TryHandle(_ring, _ring.WaitOne()));

        Assert.Throws<ArgumentNullException>(() => ZeroCopySendTracker.TryPrepareSendZc(_ring, 0, default, null!, 0));
        Assert.Throws<InvalidOperationException>(() => ZeroCopySendTracker.TryPrepare(_ring, _handler, 0, 0, static (Ring r, SqeContext c, in int s) => throw new InvalidOperationException("boom")));
        ExtendedSqe[] rented = new ExtendedSqe[_ring.Pools.Capacity];
        for (int i = 0; i < rented.Length; i++)
        {
            Assert.True(_ring.TryRentExtendedSqe(out rented[i]));
        }

        Assert.False(ZeroCopySendTracker.TryPrepareSendZc(_ring, 0, default, _handler, 0));
        Assert.Equal(_ring.Features.SqEntries, _ring.SqAvailable);
        foreach (ExtendedSqe ext in rented)
        {
            _ring.ReturnExtendedSqe(ext);
        }

        Assert.Equal(_ring.Pools.Capacity, _ring.Pools.ExtendedAvailable);
        Assert.Empty(_handler.Events);
    }

    [Fact]
    public void Tracking_sends_allocates_nothing()
    {
        (int client, int server) = Loopback.TcpPair(_ring);
        using NativeBuffer data = new(256);
        using NativeBuffer back = new(256);
        CountingSendHandler counter = new();
        for (int i = 0; i < 1100; i++)
        {
            if (i == 100)
            {
                counter.Allocated = GC.GetAllocatedBytesForCurrentThread();
            }

            Assert.True(ZeroCopySendTracker.TryPrepareSendZc(_ring, client, data.Span, counter, (ulong)i));
            Assert.True(_ring.TryPrepareRecv(SqeContext.FromValue(9), server, back.Span, MessageFlags.WaitAll));
            int target = counter.Released + 1;
            int received = 0;
            while (counter.Released < target || received == 0)
            {
                int n = _ring.Wait(_completions, 1, TimeSpan.FromSeconds(5));
                for (int j = 0; j < n; j++)
                {
                    if (!ZeroCopySendTracker.TryHandle(_ring, in _completions[j]))
                    {
                        received++;
                    }
                }
            }
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - counter.Allocated;
        Assert.Equal(1100, counter.Released);
        Assert.Equal(0, allocated);
        Loopback.Close(_ring, client, server);
    }

    [ThreadStatic]
    private static SqeContext Captured;

    private void ReapUntil(Func<bool> done, int expectOther = 0)
    {
        int other = 0;
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (!done() || other < expectOther)
        {
            Assert.True(DateTime.UtcNow < deadline, "the tracked send did not finish within 10 s");
            int n = _ring.Wait(_completions, 1, TimeSpan.FromMilliseconds(200));
            for (int i = 0; i < n; i++)
            {
                if (!ZeroCopySendTracker.TryHandle(_ring, in _completions[i]))
                {
                    Assert.True(_completions[i].IsSuccess, $"request {_completions[i].Context.Value} failed: {_completions[i].Error}");
                    other++;
                }
            }
        }
    }

    private sealed class RecordingSendHandler : IZeroCopySendHandler
    {
        public List<(string What, ulong Token, int Result)> Events { get; } = new();

        public void OnSent(Ring ring, ulong token, int result) => Events.Add(("sent", token, result));

        public void OnBufferReleased(Ring ring, ulong token, int sendResult) => Events.Add(("released", token, sendResult));
    }

    private sealed class CountingSendHandler : IZeroCopySendHandler
    {
        public long Allocated { get; set; }

        public int Released { get; private set; }

        public void OnSent(Ring ring, ulong token, int result)
        {
            if (result != 256)
            {
                throw new InvalidOperationException("short or failed send: " + result);
            }
        }

        public void OnBufferReleased(Ring ring, ulong token, int sendResult) => Released++;
    }
}
