using System;
using System.Collections.Generic;
using System.Text;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>
/// Send bundles on loopback TCP: buffers of a provided-buffer group registered empty, filled and queued with
/// their lengths, go out in one SEND; the peer receives their bytes in ring order.
/// </summary>
public sealed class SendBundleTests : IDisposable
{
    private const ushort Group = 31;
    private readonly Ring _ring = TestRings.Started(new RingOptions { Entries = 64, NotifySucceed = true });
    private readonly int _client;
    private readonly int _server;

    public SendBundleTests()
    {
        (_client, _server) = Loopback.TcpPair(_ring);
    }

    public void Dispose()
    {
        Posix.CloseQuietly(_client);
        Posix.CloseQuietly(_server);
        _ring.Dispose();
    }

    private CqeView Run(bool prepared)
    {
        Assert.True(prepared, "The SQ was full.");
        return _ring.WaitOne();
    }

    /// <summary>The completions of one send bundle, up to the one without F_MORE.</summary>
    private List<CqeView> RunToTheEnd(bool prepared, ulong id)
    {
        Assert.True(prepared, "The SQ was full.");
        List<CqeView> all = new();
        do
        {
            all.Add(_ring.WaitOne());
            Assert.Equal(id, all[^1].Context.Value);
            Assert.True(all[^1].IsSuccess, $"round {all.Count}: {all[^1].Error}");
        }
        while (all[^1].HasMore && all.Count < 100);

        return all;
    }

    private static void Queue(ProvidedBufferRing group, ushort id, string text)
    {
        Encoding.ASCII.GetBytes(text).CopyTo(group.GetBuffer(id));
        group.Add(id, text.Length);
    }

    private string ReceiveExactly(int length)
    {
        using NativeBuffer back = new(length);
        Assert.Equal(length, _ring.Complete(_ring.TryPrepareRecv(SqeContext.FromValue(50), _server, back.Span, MessageFlags.WaitAll), "recv"));
        return Encoding.ASCII.GetString(back.Span);
    }

    [Fact]
    public void A_bundle_sends_every_queued_buffer_to_its_length_in_ring_order()
    {
        Assert.True(_ring.Features.KernelFeatures.HasFlag(KernelFeatures.RecvSendBundle));
        using ProvidedBufferRing group = _ring.RegisterProvidedBufferRing(Group, bufferCount: 4, bufferSize: 64, startEmpty: true);
        Assert.Equal(0, group.ProvidedCount);
        Assert.False(group.IsProvided(0));

        Queue(group, 2, "alpha");
        Queue(group, 0, "bravo-bravo");
        Queue(group, 3, "c");
        group.Publish();

        CqeView cqe = Run(_ring.TryPrepareSendBundle(SqeContext.FromValue(1), _client, Group));
        Assert.Equal(17, cqe.Result);
        Assert.False(cqe.HasMore, "one round emptied the group");
        Assert.True(cqe.HasBuffer);
        Assert.Equal(2, cqe.BufferId);
        Assert.Equal("alphabravo-bravoc", ReceiveExactly(17));

        ProvidedBufferBundle bundle = group.ReclaimSent(cqe);
        Assert.Equal(3, bundle.Count);
        Assert.Equal(2, bundle.BufferId(0));
        Assert.Equal(0, bundle.BufferId(1));
        Assert.Equal(3, bundle.BufferId(2));
        Assert.Equal("alpha", Encoding.ASCII.GetString(bundle.Buffer(0)));
        Assert.Equal("bravo-bravo", Encoding.ASCII.GetString(bundle.Buffer(1)));
        Assert.Equal("c", Encoding.ASCII.GetString(bundle.Buffer(2)));
        Assert.Equal(3, group.ReadKernelHead());

        // The buffers are yours again: refill one and send it alone.
        Queue(group, 0, "again");
        group.Publish();
        CqeView second = Run(_ring.TryPrepareSendBundle(SqeContext.FromValue(2), _client, Group));
        Assert.Equal(5, second.Result);
        Assert.Equal(0, second.BufferId);
        Assert.Equal("again", ReceiveExactly(5));
        Assert.Equal(1, group.ReclaimSent(second).Count);
    }

    [Fact]
    public void An_empty_group_has_nothing_to_send()
    {
        using ProvidedBufferRing group = _ring.RegisterProvidedBufferRing(Group, bufferCount: 2, bufferSize: 16, startEmpty: true);
        CqeView cqe = Run(_ring.TryPrepareSendBundle(SqeContext.FromValue(3), _client, Group));
        Assert.Equal(Errno.ENOBUFS, cqe.Error);
        Assert.False(cqe.HasBuffer);
    }

    [Fact]
    public void A_length_cap_ends_the_first_round_and_the_bundle_goes_on_until_the_group_is_empty()
    {
        using ProvidedBufferRing group = _ring.RegisterProvidedBufferRing(Group, bufferCount: 4, bufferSize: 16, startEmpty: true);
        Queue(group, 0, "12345");
        Queue(group, 1, "67890");
        Queue(group, 2, "abcde");
        group.Publish();

        // 7 bytes allowed: a second buffer would cross the cap, so the first round sends one buffer and, with
        // buffers left, posts its completion with F_MORE and goes on. On Linux 6.18 the next round has no cap
        // (the retry resets the length), so it sends the other two and, the group empty, ends the request.
        List<CqeView> rounds = RunToTheEnd(_ring.TryPrepareSendBundle(SqeContext.FromValue(4), _client, Group, maxLength: 7), 4);
        Assert.True(rounds.Count == 2, string.Join("; ", rounds.ConvertAll(c => $"{c.Result} from buffer {c.BufferId}, more: {c.HasMore}")));
        Assert.Equal(5, rounds[0].Result);
        Assert.Equal(0, rounds[0].BufferId);
        Assert.True(rounds[0].HasMore);
        Assert.Equal(1, group.ReclaimSent(rounds[0]).Count);
        Assert.Equal(10, rounds[1].Result);
        Assert.Equal(1, rounds[1].BufferId);
        Assert.False(rounds[1].HasMore);
        Assert.Equal(2, group.ReclaimSent(rounds[1]).Count);

        Assert.Equal("1234567890abcde", ReceiveExactly(15));
        Assert.Equal(3, group.ReadKernelHead());
    }

    [Fact]
    public void A_first_buffer_longer_than_the_cap_is_cut_and_consumed()
    {
        using ProvidedBufferRing group = _ring.RegisterProvidedBufferRing(Group, bufferCount: 2, bufferSize: 16, startEmpty: true);
        Queue(group, 0, "1234567890");
        Queue(group, 1, "abc");
        group.Publish();

        List<CqeView> rounds = RunToTheEnd(_ring.TryPrepareSendBundle(SqeContext.FromValue(6), _client, Group, maxLength: 4), 6);
        Assert.Equal(2, rounds.Count);
        Assert.Equal(4, rounds[0].Result);
        Assert.True(rounds[0].HasMore);
        ProvidedBufferBundle cut = group.ReclaimSent(rounds[0]);
        Assert.Equal(1, cut.Count);
        Assert.Equal("1234", Encoding.ASCII.GetString(cut.Buffer(0)));
        Assert.Equal(3, rounds[1].Result);
        Assert.False(rounds[1].HasMore);
        Assert.Equal(1, group.ReclaimSent(rounds[1]).Count);

        // The rest of the cut buffer never went out: the kernel consumed the whole entry.
        Assert.Equal("1234abc", ReceiveExactly(7));
        Assert.Equal(2, group.ReadKernelHead());
    }

    [Fact]
    public void Entry_lengths_are_checked()
    {
        using ProvidedBufferRing group = _ring.RegisterProvidedBufferRing(Group, bufferCount: 2, bufferSize: 16, startEmpty: true);
        Assert.Equal("length", Assert.Throws<ArgumentOutOfRangeException>(() => group.Add(0, 0)).ParamName);
        Assert.Equal("length", Assert.Throws<ArgumentOutOfRangeException>(() => group.Add(0, 17)).ParamName);
        group.Add(0, 16);
        Assert.Throws<InvalidOperationException>(() => group.Add(0, 1));
    }
}
