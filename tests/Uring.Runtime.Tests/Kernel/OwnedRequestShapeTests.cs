using System;
using System.Threading;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>
/// The helpers that hand their pooled context to a caller's preparer (tracked zero-copy sends, subscriptions)
/// check what the preparer queued: exactly one request of the helper's kind, with that context, that posts its
/// completions. Anything else is taken back before the kernel sees it and refused with an
/// <see cref="ArgumentException"/> naming the preparer; the context returns and the ring still works.
/// </summary>
public sealed class OwnedRequestShapeTests : IDisposable
{
    private static readonly byte[] Payload = GC.AllocateArray<byte>(16, pinned: true);

    private readonly Ring _ring = TestRings.Started(new RingOptions { Entries = 16, NotifySucceed = true });
    private readonly NullSendHandler _sends = new();
    private readonly RecordingMultishotHandler _multishot = new();

    public void Dispose() => _ring.Dispose();

    [Fact]
    public void The_tracker_refuses_a_plain_send()
        => AssertRefusedTracked(static (Ring r, SqeContext c, in int fd) => r.TryPrepareSend(c, fd, Payload), "Send");

    [Fact]
    public void The_tracker_refuses_a_multishot_op_that_would_fire_on_sent_again_and_again()
        => AssertRefusedTracked(static (Ring r, SqeContext c, in int fd) => r.TryPrepareRecvMultishot(c, fd, 1), "Recv");

    [Fact]
    public void The_tracker_refuses_a_preparer_that_queues_nothing_two_requests_another_context_or_skip_success()
    {
        AssertRefusedTracked(static (Ring r, SqeContext c, in int fd) => true, "queued nothing");
        AssertRefusedTracked(
            static (Ring r, SqeContext c, in int fd) => r.TryPrepareSendZc(c, fd, Payload) && r.TryPrepareSendZc(c, fd, Payload),
            "queued 2 requests");
        AssertRefusedTracked(
            static (Ring r, SqeContext c, in int fd) => r.TryPrepareSendZc(SqeContext.FromValue(77), fd, Payload),
            "another context");
        AssertRefusedTracked(
            static (Ring r, SqeContext c, in int fd) => r.TryPrepareSendZc(c, fd, Payload, options: OpOptions.SkipSuccess),
            "SKIP_SUCCESS");
    }

    [Fact]
    public void A_preparer_that_publishes_and_then_says_full_or_throws_leaves_nothing_queued()
    {
        Assert.False(ZeroCopySendTracker.TryPrepare(_ring, _sends, 1, 3, static (Ring r, SqeContext c, in int fd) => r.TryPrepareSendZc(c, fd, Payload) && false));
        AssertNothingLeft();
        Assert.Throws<InvalidOperationException>(() => ZeroCopySendTracker.TryPrepare(_ring, _sends, 1, 3, static (Ring r, SqeContext c, in int fd)
            => r.TryPrepareSendZc(c, fd, Payload) ? throw new InvalidOperationException("after publishing") : false));
        AssertNothingLeft();
        AssertNopRoundTrip(_ring);
    }

    [Fact]
    public void A_subscription_refuses_an_op_that_cannot_post_several_completions()
    {
        ArgumentException nop = Assert.Throws<ArgumentException>(
            () => MultishotSubscription.TryStart(_ring, _multishot, 0, static (Ring r, SqeContext c, in int _) => r.TryPrepareNop(c), out _));
        Assert.Equal("prepare", nop.ParamName);
        Assert.Contains("Nop", nop.Message);
        AssertNothingLeft();

        ArgumentException send = Assert.Throws<ArgumentException>(
            () => MultishotSubscription.TryStart(_ring, _multishot, 3, static (Ring r, SqeContext c, in int fd) => r.TryPrepareSend(c, fd, Payload), out _));
        Assert.Equal("prepare", send.ParamName);
        AssertNothingLeft();
        Assert.Empty(_multishot.Completions);
        AssertNopRoundTrip(_ring);

        // A real multishot op is still accepted.
        Assert.True(MultishotSubscription.TryStartTimer(_ring, TimeSpan.FromMilliseconds(1), 2, _multishot, out MultishotSubscription? timer));
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        Span<CqeView> completions = stackalloc CqeView[4];
        while (timer.State != SubscriptionState.Stopped)
        {
            Assert.True(DateTime.UtcNow < deadline);
            int n = _ring.Wait(completions, 1, TimeSpan.FromMilliseconds(200));
            for (int i = 0; i < n; i++)
            {
                Assert.True(MultishotSubscription.TryHandle(_ring, in completions[i]));
            }
        }

        Assert.Equal(2, _multishot.Completions.Count);
    }

    [Fact]
    public void On_a_multi_issuer_ring_a_refused_preparer_releases_the_lock_and_takes_back_only_its_own_request()
    {
        using Ring ring = TestRings.Started(new RingOptions { Entries = 16, NotifySucceed = true, MultiIssuers = true });
        NullSendHandler sends = new();
        Assert.Throws<ArgumentException>(() => ZeroCopySendTracker.TryPrepare(ring, sends, 1, 3, static (Ring r, SqeContext c, in int fd) => r.TryPrepareSend(c, fd, Payload)));
        Assert.Equal(0, ring.SqPending);

        // Another thread can still submit: the lock was released.
        Exception? failure = null;
        TestThread other = new(() =>
        {
            try
            {
                AssertNopRoundTrip(ring);
            }
            catch (Exception error)
            {
                failure = error;
            }
        });
        other.Start();
        Assert.True(other.Join(TimeSpan.FromSeconds(10)), "the ring's lock was left held");
        Assert.Null(failure);
        Assert.Equal(ring.Pools.Capacity, ring.Pools.ExtendedAvailable);
    }

    private void AssertRefusedTracked(RequestPreparer<int> prepare, string expected)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => ZeroCopySendTracker.TryPrepare(_ring, _sends, 9, 3, prepare));
        Assert.Equal("prepare", error.ParamName);
        Assert.Contains(expected, error.Message);
        AssertNothingLeft();
        Assert.Equal(0, _sends.Calls);
        AssertNopRoundTrip(_ring);
    }

    private void AssertNothingLeft()
    {
        Assert.Equal(0, _ring.SqPending);
        Assert.Equal(_ring.Features.SqEntries, _ring.SqAvailable);
        Assert.Equal(_ring.Pools.Capacity, _ring.Pools.ExtendedAvailable);
    }

    private static void AssertNopRoundTrip(Ring ring)
    {
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(0x600D)));
        CqeView nop = ring.WaitOne();
        Assert.Equal(0x600DUL, nop.Context.Value);
        Assert.Equal(0, nop.Result);
        Assert.Equal(0, ring.SqPending);
    }

    private sealed class NullSendHandler : IZeroCopySendHandler
    {
        public int Calls { get; private set; }

        public void OnSent(Ring ring, ulong token, int result) => Calls++;

        public void OnBufferReleased(Ring ring, ulong token, int sendResult) => Calls++;
    }
}
