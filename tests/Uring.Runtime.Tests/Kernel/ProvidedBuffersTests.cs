// These tests drive a group's bookkeeping directly and often end holding a buffer they took on purpose
// (the group is disposed at the end of each test), so the never-recycled rule does not apply here.
#pragma warning disable URING0005
using System;
using System.Linq;
using System.Text;
using System.Threading;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>Provided-buffer rings, buffer-select receives and reads, bundles, incremental rings and legacy groups on a real kernel.</summary>
public sealed class ProvidedBuffersTests : IDisposable
{
    private readonly Ring _ring = TestRings.Started();
    private readonly (int A, int B) _pair = Posix.UnixStreamPair();

    public void Dispose()
    {
        _ring.Dispose();
        Posix.CloseQuietly(_pair.A);
        Posix.CloseQuietly(_pair.B);
    }

    private static string Text(ReadOnlySpan<byte> bytes) => Encoding.ASCII.GetString(bytes);

    private CqeView RecvSelect(ProvidedBufferRing group, string sent, ulong id = 1)
    {
        Posix.WriteAll(_pair.B, Encoding.ASCII.GetBytes(sent));
        Assert.True(_ring.TryPrepareRecvBufferSelect(SqeContext.FromValue(id), _pair.A, group.GroupId));
        CqeView cqe = _ring.WaitOne();
        Assert.Equal(sent.Length, cqe.Result);
        Assert.True(cqe.HasBuffer);
        return cqe;
    }

    [Fact]
    public void Buffer_select_recv_picks_a_buffer_that_is_recycled_and_reused()
    {
        using ProvidedBufferRing group = _ring.RegisterProvidedBufferRing(groupId: 3, bufferCount: 2, bufferSize: 64);
        Assert.Equal(2, group.ProvidedCount);
        Assert.Equal(1, _ring.ProvidedBufferRingCount);

        Posix.WriteAll(_pair.B, "hello"u8);
        Assert.True(_ring.TryPrepareRecvBufferSelect(SqeContext.ForFd(_pair.A), _pair.A, group.GroupId));
        CqeView cqe = _ring.WaitOne();
        Assert.Equal(5, cqe.Result);
        Assert.True(cqe.HasBuffer);
        Assert.Equal(0, cqe.BufferId);
        Assert.Equal(IoUringOp.Recv, cqe.Op);
        Assert.Equal(3, cqe.BufGroup);
        Assert.True(_ring.TryGetProvidedBufferRing(cqe.BufGroup, out ProvidedBufferRing? routed));
        Assert.Same(group, routed);
        Assert.False(_ring.TryGetProvidedBufferRing(4, out _));

        ProvidedBuffer buffer = group.Take(cqe);
        Assert.Equal(0, buffer.Id);
        Assert.False(buffer.StillProvided);
        Assert.Equal("hello", Text(buffer.Data));
        Assert.Equal("hello", Text(group.GetBuffer(0)[..5]));
        Assert.False(group.IsProvided(0));
        Assert.Equal(1, group.ProvidedCount);
        Assert.Equal(1, group.ReadKernelHead());

        group.Recycle(buffer);
        Assert.True(group.IsProvided(0));
        InvalidOperationException twice = Assert.Throws<InvalidOperationException>(() => group.Recycle(0));
        Assert.Contains("recycled twice", twice.Message);

        // Ring order is now 1, 0: buffer 1 first, then the recycled buffer 0 again.
        CqeView second = RecvSelect(group, "second");
        Assert.Equal(1, second.BufferId);
        Assert.Equal("second", Text(group.Take(second).Data));
        CqeView third = RecvSelect(group, "third");
        Assert.Equal(0, third.BufferId);
        Assert.Equal("third", Text(group.Take(third).Data));
        Assert.Throws<InvalidOperationException>(() => group.Take(third));

        // Both buffers are lent: the group is empty and the kernel says so.
        Posix.WriteAll(_pair.B, "x"u8);
        Assert.True(_ring.TryPrepareRecvBufferSelect(SqeContext.FromValue(9), _pair.A, group.GroupId));
        Assert.Equal(Errno.ENOBUFS, _ring.WaitOne().Error);
        group.Recycle(1);
        Assert.True(_ring.TryPrepareRecvBufferSelect(SqeContext.FromValue(10), _pair.A, group.GroupId));
        CqeView last = _ring.WaitOne();
        Assert.Equal(1, last.Result);
        Assert.Equal(1, last.BufferId);
    }

    [Fact]
    public void Max_length_caps_the_bytes_received_into_a_buffer()
    {
        using ProvidedBufferRing group = _ring.RegisterProvidedBufferRing(4, 1, 64);
        Posix.WriteAll(_pair.B, "0123456789"u8);
        Assert.True(_ring.TryPrepareRecvBufferSelect(SqeContext.FromValue(1), _pair.A, group.GroupId, maxLength: 4));
        CqeView cqe = _ring.WaitOne();
        Assert.Equal(4, cqe.Result);
        Assert.Equal("0123", Text(group.Take(cqe).Data));
    }

    [Fact]
    public void End_of_stream_selects_no_buffer()
    {
        using ProvidedBufferRing group = _ring.RegisterProvidedBufferRing(5, 2, 64);
        Posix.ShutdownWrite(_pair.B);
        Assert.True(_ring.TryPrepareRecvBufferSelect(SqeContext.FromValue(1), _pair.A, group.GroupId));
        CqeView cqe = _ring.WaitOne();
        Assert.Equal(0, cqe.Result);
        Assert.False(cqe.HasBuffer);
        Assert.Equal(2, group.ProvidedCount);
        Assert.Equal(0, group.ReadKernelHead());
    }

    [Fact]
    public void Multishot_recv_posts_one_completion_per_message_until_cancelled()
    {
        using ProvidedBufferRing group = _ring.RegisterProvidedBufferRing(6, 4, 64);
        SqeContext recv = SqeContext.FromValue(7);
        Assert.True(_ring.TryPrepareRecvMultishot(recv, _pair.A, group.GroupId));
        _ring.Submit();

        string[] messages = ["one", "two", "three"];
        for (int i = 0; i < messages.Length; i++)
        {
            Posix.WriteAll(_pair.B, Encoding.ASCII.GetBytes(messages[i]));
            CqeView cqe = _ring.WaitOne();
            Assert.Equal(recv, cqe.Context);
            Assert.True(cqe.HasMore);
            Assert.True(cqe.HasBuffer);
            Assert.Equal(i, cqe.BufferId);
            ProvidedBuffer buffer = group.Take(cqe);
            Assert.Equal(messages[i], Text(buffer.Data));
            group.Recycle(buffer);
        }

        Assert.True(_ring.TryPrepareCancel(SqeContext.FromValue(8), recv.Raw));
        CqeView[] done = _ring.WaitMany(2);
        Assert.Equal(0, done.Single(c => c.Context.Value == 8).Result);
        CqeView final = done.Single(c => c.Context == recv);
        Assert.Equal(Errno.ECANCELED, final.Error);
        Assert.False(final.HasMore);
        Assert.False(final.HasBuffer);
        Assert.Equal(4, group.ProvidedCount);
    }

    [Fact]
    public void Multishot_recv_ends_with_enobufs_when_the_group_runs_dry()
    {
        using ProvidedBufferRing group = _ring.RegisterProvidedBufferRing(7, 1, 64);
        Assert.True(_ring.TryPrepareRecvMultishot(SqeContext.FromValue(1), _pair.A, group.GroupId));
        _ring.Submit();
        Posix.WriteAll(_pair.B, "first"u8);
        CqeView first = _ring.WaitOne();
        Assert.True(first.HasMore);
        Assert.Equal("first", Text(group.Take(first).Data));

        Posix.WriteAll(_pair.B, "second"u8);
        CqeView final = _ring.WaitOne();
        Assert.Equal(Errno.ENOBUFS, final.Error);
        Assert.False(final.HasMore);
        group.Recycle(first.BufferId);
    }

    [Fact]
    public void A_bundle_spans_several_buffers_across_the_ring_wrap()
    {
        using ProvidedBufferRing group = _ring.RegisterProvidedBufferRing(8, 4, 16);

        // Consume buffers 0, 1, 2 one by one and give them back out of order: the ring then holds 3, 2, 0, 1.
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(i, group.Take(RecvSelect(group, $"m{i}")).Id);
        }

        group.Recycle(2);
        group.Recycle(0);
        group.Recycle(1);

        byte[] payload = Enumerable.Range(0, 40).Select(i => (byte)('A' + i)).ToArray();
        Posix.WriteAll(_pair.B, payload);
        Assert.True(_ring.TryPrepareRecvBundle(SqeContext.FromValue(2), _pair.A, group.GroupId));
        CqeView cqe = _ring.WaitOne();
        Assert.True(cqe.HasBuffer);
        Assert.Equal(3, cqe.BundleStartId);

        // The first bundle starts at ring slot 3 and wraps to slot 0 (buffer 2). On 6.18 an AF_UNIX stream
        // bundle ends at a buffer boundary while more is queued (32 bytes, SOCK_NONEMPTY), and the partial rest
        // follows in the next completion; a kernel that takes all 40 at once ends the bundle with a partial buffer.
        ProvidedBufferBundle bundle = group.TakeBundle(cqe);
        Assert.InRange(bundle.Count, 2, 3);
        Assert.Equal(cqe.BundleCount(16), bundle.Count);
        Assert.Equal(cqe.Result, bundle.TotalBytes);
        Assert.Equal(3, bundle.BufferId(0));
        Assert.Equal(2, bundle.BufferId(1));
        Assert.Equal(16, bundle.Buffer(0).Length);
        Assert.Equal(16, bundle.Buffer(1).Length);
        byte[] received = new byte[64];
        int total = bundle.CopyTo(received);
        Assert.Equal(cqe.Result, total);

        int seen = 0;
        foreach (ProvidedBuffer part in bundle)
        {
            Assert.Equal(bundle.BufferId(seen), part.Id);
            Assert.True(part.Data.SequenceEqual(payload.AsSpan(seen * 16, part.Length)));
            seen++;
        }

        Assert.Equal(bundle.Count, seen);
        Assert.Equal(4 - bundle.Count, group.ProvidedCount);
        Assert.Equal(3 + bundle.Count, group.ReadKernelHead());
        bundle.Recycle();
        Assert.Equal(4, group.ProvidedCount);

        if (total < 40)
        {
            Assert.True(cqe.SocketNonEmpty);
            Assert.True(_ring.TryPrepareRecvBundle(SqeContext.FromValue(3), _pair.A, group.GroupId));
            CqeView rest = _ring.WaitOne();
            ProvidedBufferBundle tail = group.TakeBundle(rest);
            Assert.Equal(1, tail.Count);
            Assert.Equal(0, tail.BufferId(0));
            Assert.Equal(8, tail.Buffer(0).Length);
            total += tail.CopyTo(received.AsSpan(total));
            group.Recycle(tail);
        }
        else
        {
            Assert.Equal(0, bundle.BufferId(2));
        }

        Assert.Equal(payload, received[..40]);
        Assert.Equal(4, group.ProvidedCount);
    }

    [Fact]
    public void Multishot_bundles_post_several_buffers_per_completion()
    {
        using ProvidedBufferRing group = _ring.RegisterProvidedBufferRing(9, 8, 8);
        SqeContext recv = SqeContext.FromValue(5);
        Posix.WriteAll(_pair.B, "0123456789abcdefghij"u8);
        Assert.True(_ring.TryPrepareRecvBundleMultishot(recv, _pair.A, group.GroupId));
        byte[] all = new byte[20];
        int total = 0;
        int maxCount = 0;
        while (total < 20)
        {
            CqeView cqe = _ring.WaitOne();
            Assert.Equal(recv, cqe.Context);
            Assert.True(cqe.HasMore);
            ProvidedBufferBundle bundle = group.TakeBundle(cqe);
            maxCount = Math.Max(maxCount, bundle.Count);
            total += bundle.CopyTo(all.AsSpan(total));
            group.Recycle(bundle);
        }

        Assert.Equal("0123456789abcdefghij", Text(all));
        Assert.True(maxCount >= 2);

        Assert.True(_ring.TryPrepareCancel(SqeContext.FromValue(6), recv.Raw));
        CqeView[] done = _ring.WaitMany(2);
        Assert.Equal(Errno.ECANCELED, done.Single(c => c.Context == recv).Error);
    }

    [Fact]
    public void An_incremental_ring_fills_one_buffer_at_advancing_offsets()
    {
        using ProvidedBufferRing group = _ring.RegisterProvidedBufferRing(10, 2, 16, ProvidedBufferRingFlags.Incremental);
        Assert.True(group.IsIncremental);

        CqeView first = RecvSelect(group, "abc");
        Assert.Equal(0, first.BufferId);
        Assert.True(first.HasBufferMore);
        ProvidedBuffer a = group.Take(first);
        Assert.True(a.StillProvided);
        Assert.Equal(0, a.Offset);
        Assert.Equal("abc", Text(a.Data));
        group.Recycle(a);
        Assert.Throws<InvalidOperationException>(() => group.Recycle(0));

        CqeView second = RecvSelect(group, "defgh");
        Assert.Equal(0, second.BufferId);
        Assert.True(second.HasBufferMore);
        ProvidedBuffer b = group.Take(second);
        Assert.Equal(3, b.Offset);
        Assert.Equal("defgh", Text(b.Data));
        Assert.Equal("abcdefgh", Text(group.GetBuffer(0)[..8]));
        Assert.Equal(0, group.ReadKernelHead());

        // The last 8 bytes fill buffer 0 exactly: no BUF_MORE, the buffer is handed over.
        CqeView third = RecvSelect(group, "ijklmnop");
        Assert.Equal(0, third.BufferId);
        Assert.False(third.HasBufferMore);
        ProvidedBuffer c = group.Take(third);
        Assert.False(c.StillProvided);
        Assert.Equal(8, c.Offset);
        Assert.Equal("ijklmnop", Text(c.Data));
        Assert.Equal(1, group.ReadKernelHead());
        group.Recycle(c);

        // Buffer 1 is next, from its start.
        CqeView fourth = RecvSelect(group, "q");
        Assert.Equal(1, fourth.BufferId);
        Assert.Equal(0, group.Take(fourth).Offset);
    }

    [Fact]
    public void An_incremental_bundle_continues_the_partly_used_buffer()
    {
        using ProvidedBufferRing group = _ring.RegisterProvidedBufferRing(17, 4, 16, ProvidedBufferRingFlags.Incremental);
        Assert.True(group.Take(RecvSelect(group, "abcde")).StillProvided);

        byte[] payload = Enumerable.Range(0, 30).Select(i => (byte)('A' + i)).ToArray();
        Posix.WriteAll(_pair.B, payload);
        Assert.True(_ring.TryPrepareRecvBundle(SqeContext.FromValue(2), _pair.A, group.GroupId));
        CqeView cqe = _ring.WaitOne();
        Assert.Equal(30, cqe.Result);
        Assert.True(cqe.HasBufferMore);
        ProvidedBufferBundle bundle = group.TakeBundle(cqe);
        Assert.Equal(3, bundle.Count);
        Assert.True(bundle.LastStillProvided);
        Assert.Equal(11, bundle.Buffer(0).Length);
        Assert.Equal("abcde", Text(group.GetBuffer(0)[..5]));
        Assert.Equal(16, bundle.Buffer(1).Length);
        Assert.Equal(3, bundle.Buffer(2).Length);
        byte[] copied = new byte[30];
        bundle.CopyTo(copied);
        Assert.Equal(payload, copied);
        group.Recycle(bundle);
        Assert.Equal(2, group.ReadKernelHead());

        // Buffer 2 keeps filling from byte 3.
        CqeView next = RecvSelect(group, "xyz");
        Assert.Equal(2, next.BufferId);
        Assert.Equal(3, group.Take(next).Offset);
    }

    [Fact]
    public void A_kernel_allocated_ring_is_mapped_and_used_like_any_other()
    {
        using ProvidedBufferRing group = _ring.RegisterProvidedBufferRing(11, 3, 32, ProvidedBufferRingFlags.KernelAllocated);
        Assert.Equal(4, group.RingEntries);
        CqeView cqe = RecvSelect(group, "mapped");
        ProvidedBuffer buffer = group.Take(cqe);
        Assert.Equal("mapped", Text(buffer.Data));
        group.Recycle(buffer);
        Assert.Equal(1, group.ReadKernelHead());
        Assert.Equal(4, group.Tail);
    }

    [Fact]
    public void Read_multishot_on_a_pipe_posts_each_write_then_ends_at_end_of_file()
    {
        (int read, int write) = Posix.Pipe();
        try
        {
            using ProvidedBufferRing group = _ring.RegisterProvidedBufferRing(12, 4, 32);
            Assert.True(_ring.TryPrepareReadMultishot(SqeContext.FromValue(1), read, group.GroupId));
            _ring.Submit();
            foreach (string text in new[] { "alpha", "beta" })
            {
                Posix.WriteAll(write, Encoding.ASCII.GetBytes(text));
                CqeView cqe = _ring.WaitOne();
                Assert.True(cqe.HasMore);
                Assert.True(cqe.HasBuffer);
                ProvidedBuffer buffer = group.Take(cqe);
                Assert.Equal(text, Text(buffer.Data));
                group.Recycle(buffer);
            }

            Posix.CloseQuietly(ref write);
            write = -1;
            CqeView end = _ring.WaitOne();
            Assert.Equal(0, end.Result);
            Assert.False(end.HasMore);
            Assert.False(end.HasBuffer);
        }
        finally
        {
            Posix.CloseQuietly(ref read);
            Posix.CloseQuietly(ref write);
        }
    }

    [Fact]
    public void Read_with_buffer_select_consumes_a_buffer_even_at_end_of_file()
    {
        (int read, int write) = Posix.Pipe();
        try
        {
            using ProvidedBufferRing group = _ring.RegisterProvidedBufferRing(13, 2, 32);
            Posix.WriteAll(write, "piped"u8);
            Assert.True(_ring.TryPrepareReadBufferSelect(SqeContext.FromValue(1), read, group.GroupId));
            CqeView cqe = _ring.WaitOne();
            Assert.Equal(5, cqe.Result);
            Assert.Equal("piped", Text(group.Take(cqe).Data));

            Posix.CloseQuietly(ref write);
            write = -1;
            Assert.True(_ring.TryPrepareReadBufferSelect(SqeContext.FromValue(2), read, group.GroupId));
            CqeView end = _ring.WaitOne();
            Assert.Equal(0, end.Result);
            Assert.True(end.HasBuffer);
            Assert.Equal(1, end.BufferId);
            ProvidedBuffer empty = group.Take(end);
            Assert.Equal(0, empty.Length);
            Assert.Equal(0, group.ProvidedCount);
            Assert.Equal(2, group.ReadKernelHead());
            group.Recycle(empty);
            group.Recycle(0);
        }
        finally
        {
            Posix.CloseQuietly(ref read);
            Posix.CloseQuietly(ref write);
        }
    }

    [Fact]
    public void Legacy_provided_buffers_serve_a_buffer_select_read_and_are_removed()
    {
        (int read, int write) = Posix.Pipe();
        using NativeBuffer memory = new(4 * 32);
        try
        {
            Assert.True(_ring.TryPrepareProvideBuffers(SqeContext.FromValue(1), bufferGroup: 20, memory.Span, bufferLength: 32, count: 4, startId: 10));
            Assert.Equal(0, _ring.WaitOne().Result);

            Posix.WriteAll(write, "legacy"u8);
            Assert.True(_ring.TryPrepareReadBufferSelect(SqeContext.FromValue(2), read, bufferGroup: 20));
            CqeView cqe = _ring.WaitOne();
            Assert.Equal(6, cqe.Result);
            Assert.True(cqe.HasBuffer);
            int id = cqe.BufferId;
            Assert.InRange(id, 10, 13);
            Assert.Equal("legacy", Text(memory.Span.Slice((id - 10) * 32, 6)));

            Assert.True(_ring.TryPrepareRemoveBuffers(SqeContext.FromValue(3), bufferGroup: 20, count: 10));
            Assert.Equal(3, _ring.WaitOne().Result);

            // On 6.18 an emptied group still exists: removing from it again gives 0; only a group id that never
            // had buffers gives -ENOENT.
            Assert.True(_ring.TryPrepareRemoveBuffers(SqeContext.FromValue(4), bufferGroup: 20, count: 1));
            Assert.Equal(0, _ring.WaitOne().Result);
            Assert.True(_ring.TryPrepareRemoveBuffers(SqeContext.FromValue(5), bufferGroup: 21, count: 1));
            Assert.Equal(Errno.ENOENT, _ring.WaitOne().Error);
        }
        finally
        {
            Posix.CloseQuietly(ref read);
            Posix.CloseQuietly(ref write);
        }
    }

    [Fact]
    public void Provide_buffers_linked_to_a_buffer_select_read_run_in_order()
    {
        (int read, int write) = Posix.Pipe();
        using NativeBuffer memory = new(2 * 16);
        try
        {
            Posix.WriteAll(write, "chained"u8);
            Assert.True(_ring.TryPrepareProvideBuffers(SqeContext.FromValue(1), 30, memory.Span, 16, 2, options: OpOptions.Linked));
            Assert.True(_ring.TryPrepareReadBufferSelect(SqeContext.FromValue(2), read, 30));
            CqeView[] both = _ring.WaitMany(2);
            Assert.Equal(0, both.Single(c => c.Context.Value == 1).Result);
            CqeView cqe = both.Single(c => c.Context.Value == 2);
            Assert.Equal(7, cqe.Result);
            Assert.Equal("chained", Text(memory.Span.Slice(cqe.BufferId * 16, 7)));
        }
        finally
        {
            Posix.CloseQuietly(ref read);
            Posix.CloseQuietly(ref write);
        }
    }

    [Fact]
    public void A_group_of_a_single_issuer_ring_refuses_other_threads()
    {
        using ProvidedBufferRing group = _ring.RegisterProvidedBufferRing(18, 2, 16);
        ProvidedBuffer taken = group.Take(RecvSelect(group, "mine"));
        Exception? error = null;
        TestThread other = new(() =>
        {
            try
            {
                group.Recycle(0);
            }
            catch (Exception e)
            {
                error = e;
            }
        });
        other.Start();
        other.Join();
        Assert.IsType<InvalidOperationException>(error);
        Assert.Contains("owned by managed thread", error!.Message);
        Assert.False(group.IsProvided(0));
        group.Recycle(taken);
    }

    [Fact]
    public void Registering_a_group_id_twice_reports_eexist_and_dispose_frees_the_id()
    {
        ProvidedBufferRing group = _ring.RegisterProvidedBufferRing(14, 2, 64);
        UringException duplicate = Assert.Throws<UringException>(() => _ring.RegisterProvidedBufferRing(14, 2, 64));
        Assert.Equal(Errno.EEXIST, duplicate.Errno);
        Assert.Contains("group 14 is already registered", duplicate.Message);
        Assert.Equal(1, _ring.ProvidedBufferRingCount);

        group.Dispose();
        Assert.True(group.IsDisposed);
        Assert.Equal(0, _ring.ProvidedBufferRingCount);
        Assert.Throws<ObjectDisposedException>(() => group.GetBuffer(0));
        group.Dispose();

        using ProvidedBufferRing again = _ring.RegisterProvidedBufferRing(14, 2, 64);
        Assert.Equal(2, again.ProvidedCount);
    }

    [Fact]
    public void Bad_sizes_and_flags_are_rejected_before_the_kernel_sees_them()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ring.RegisterProvidedBufferRing(1, 0, 64));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ring.RegisterProvidedBufferRing(1, 32769, 64));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ring.RegisterProvidedBufferRing(1, 4, 0));
        Assert.Throws<ArgumentException>(() => _ring.RegisterProvidedBufferRing(1, 4, 64, (ProvidedBufferRingFlags)4));
        Assert.Throws<ArgumentException>(() => _ring.RegisterProvidedBufferRing(1, 4, 64, minimumLeft: 8));
        Assert.Equal(0, _ring.ProvidedBufferRingCount);

        using ProvidedBufferRing group = _ring.RegisterProvidedBufferRing(1, 3, 64);
        Assert.Equal(4, group.RingEntries);
        Assert.Throws<ArgumentOutOfRangeException>(() => group.GetBuffer(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => group.Recycle(3));
        Assert.Throws<ArgumentException>(() => group.Take(5, CqeFlags.None));
    }

    [Fact]
    public void Min_left_retires_an_incremental_buffer_with_too_little_room()
    {
        using ProvidedBufferRing group = _ring.RegisterProvidedBufferRing(15, 2, 16, ProvidedBufferRingFlags.Incremental, minimumLeft: 8);
        Assert.Equal(8, group.MinimumLeft);

        // 10 of 16 bytes used leaves 6 < min_left 8: the kernel retires buffer 0 (no BUF_MORE).
        CqeView cqe = RecvSelect(group, "0123456789");
        Assert.Equal(0, cqe.BufferId);
        Assert.False(cqe.HasBufferMore);
        ProvidedBuffer buffer = group.Take(cqe);
        Assert.False(buffer.StillProvided);
        group.Recycle(buffer);
        Assert.Equal(1, group.ReadKernelHead());
    }

    [Fact]
    public void Stopping_the_ring_frees_its_groups()
    {
        Ring ring = TestRings.Started();
        ProvidedBufferRing group = ring.RegisterProvidedBufferRing(1, 2, 64);
        ring.Dispose();
        Assert.True(group.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => group.Recycle(0));
        group.Dispose();
    }

    [Fact]
    public void Buffer_select_recv_and_recycle_allocate_nothing_in_the_steady_state()
    {
        using ProvidedBufferRing group = _ring.RegisterProvidedBufferRing(16, 4, 256);
        byte[] message = "steady state"u8.ToArray();
        for (int warm = 0; warm < 2; warm++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            int received = 0;
            for (int i = 0; i < 2_000; i++)
            {
                Posix.Write(_pair.B, message);
                _ring.TryPrepareRecvBufferSelect(SqeContext.FromValue(1), _pair.A, group.GroupId);
                CqeView cqe = _ring.WaitOne();
                ProvidedBuffer buffer = group.Take(cqe);
                received += buffer.Length;
                group.Recycle(buffer);
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(2_000 * message.Length, received);
            if (warm == 1)
            {
                Assert.Equal(0, allocated);
            }
        }
    }
}
