using System;
using System.Collections.Generic;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>
/// Multicast to several loopback TCP connections through both paths: copying sends (a caller buffer, or a
/// registered buffer below the threshold) and zero-copy sends from a registered buffer.
/// </summary>
public sealed class SocketMulticastTests : IDisposable
{
    private const int Receivers = 4;
    private readonly Ring _ring = TestRings.Started(new RingOptions { Entries = 64, NotifySucceed = true });
    private readonly int[] _senders = new int[Receivers];
    private readonly int[] _receivers = new int[Receivers];

    public SocketMulticastTests()
    {
        for (int i = 0; i < Receivers; i++)
        {
            (_senders[i], _receivers[i]) = Loopback.TcpPair(_ring);
        }
    }

    public void Dispose()
    {
        foreach (int fd in _senders)
        {
            Posix.CloseQuietly(fd);
        }

        foreach (int fd in _receivers)
        {
            Posix.CloseQuietly(fd);
        }

        _ring.Dispose();
    }

    private static void Fill(Span<byte> data, int seed)
    {
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (byte)(i * 7 + seed);
        }
    }

    /// <summary>Every receiver reads exactly <paramref name="expected"/>.</summary>
    private void EveryReceiverGets(ReadOnlySpan<byte> expected)
    {
        using NativeBuffer back = new(expected.Length);
        foreach (int receiver in _receivers)
        {
            back.Span.Clear();
            Assert.Equal(expected.Length, _ring.Complete(_ring.TryPrepareRecv(SqeContext.FromValue(77), receiver, back.Span, MessageFlags.WaitAll), "recv"));
            Assert.True(back.Span.SequenceEqual(expected));
        }
    }

    /// <summary>Collects the multicast's CQEs: per target fd, the result and whether a notification came.</summary>
    private Dictionary<int, (int Result, bool Notified, IoUringOp Op)> Collect(int cqes)
    {
        Dictionary<int, (int Result, bool Notified, IoUringOp Op)> byTarget = new();
        foreach (CqeView cqe in _ring.WaitMany(cqes))
        {
            Assert.True(cqe.IsSuccess, $"send to {cqe.Fd}: {cqe.Error}");
            byTarget.TryGetValue(cqe.Fd, out (int Result, bool Notified, IoUringOp Op) seen);
            byTarget[cqe.Fd] = cqe.IsNotification
                ? seen with { Notified = true }
                : seen with { Result = cqe.Result, Op = Assert.NotNull(cqe.Op) };
        }

        Assert.Equal(Receivers, byTarget.Count);
        return byTarget;
    }

    [Fact]
    public void A_caller_buffer_is_sent_to_every_target_by_copying()
    {
        using NativeBuffer payload = new(300);
        Fill(payload.Span, 1);
        Assert.Equal(Receivers, Multicast.Prepare(_ring, SqeContext.ForFd(0), _senders, payload.Span));
        foreach ((int fd, (int result, bool notified, IoUringOp op)) in Collect(Receivers))
        {
            Assert.Contains(fd, _senders);
            Assert.Equal((300, false, IoUringOp.Send), (result, notified, op));
        }

        EveryReceiverGets(payload.Span);
    }

    [Fact]
    public void A_registered_buffer_below_the_threshold_is_sent_by_copying()
    {
        _ring.RegisterBuffers(1, 65536);
        Fill(_ring.RegisteredBuffer(0), 2);
        Assert.False(MulticastPolicy.UsesZeroCopy(Receivers, 1000, MulticastThresholds.Conservative));
        Assert.Equal(Receivers, Multicast.Prepare(_ring, SqeContext.ForFd(0), _senders, bufferIndex: 0, offset: 64, length: 1000));
        foreach ((_, (int result, bool notified, IoUringOp op)) in Collect(Receivers))
        {
            Assert.Equal((1000, false, IoUringOp.Send), (result, notified, op));
        }

        EveryReceiverGets(_ring.RegisteredBuffer(0).Slice(64, 1000));
    }

    [Fact]
    public void A_large_registered_payload_is_sent_with_zero_copy_and_one_notification_per_target()
    {
        _ring.RegisterBuffers(1, 65536);
        Fill(_ring.RegisteredBuffer(0), 3);
        Assert.True(MulticastPolicy.UsesZeroCopy(Receivers, 8192, MulticastThresholds.Conservative));
        Assert.Equal(Receivers, Multicast.Prepare(_ring, SqeContext.ForFd(0), _senders, bufferIndex: 0, offset: 4096, length: 8192));
        foreach ((_, (int result, bool notified, IoUringOp op)) in Collect(2 * Receivers))
        {
            Assert.Equal((8192, true, IoUringOp.SendZc), (result, notified, op));
        }

        EveryReceiverGets(_ring.RegisteredBuffer(0).Slice(4096, 8192));
    }

    [Fact]
    public void MulticastZeroCopy_switches_to_zero_copy_much_earlier()
    {
        _ring.RegisterBuffers(1, 16384);
        Fill(_ring.RegisteredBuffer(0), 4);

        // 2000 bytes to 4 targets: the conservative policy copies, the aggressive one does not.
        Assert.False(MulticastPolicy.UsesZeroCopy(Receivers, 2000, MulticastThresholds.Conservative));
        Assert.True(MulticastPolicy.UsesZeroCopy(Receivers, 2000, MulticastThresholds.Aggressive));
        Assert.Equal(Receivers, Multicast.Prepare(_ring, SqeContext.ForFd(0), _senders, bufferIndex: 0, offset: 0, length: 2000, thresholds: MulticastThresholds.Aggressive));
        foreach ((_, (int result, bool notified, IoUringOp op)) in Collect(2 * Receivers))
        {
            Assert.Equal((2000, true, IoUringOp.SendZc), (result, notified, op));
        }

        EveryReceiverGets(_ring.RegisteredBuffer(0)[..2000]);

        // Below even the aggressive threshold it copies the registered bytes.
        Assert.Equal(Receivers, Multicast.Prepare(_ring, SqeContext.ForFd(0), _senders, bufferIndex: 0, offset: 10, length: 100, thresholds: MulticastThresholds.Aggressive));
        foreach ((_, (int result, bool notified, IoUringOp op)) in Collect(Receivers))
        {
            Assert.Equal((100, false, IoUringOp.Send), (result, notified, op));
        }

        EveryReceiverGets(_ring.RegisteredBuffer(0).Slice(10, 100));
    }
}
