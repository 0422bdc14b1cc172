// These tests drive a group's bookkeeping directly and often end holding a buffer they took on purpose
// (the group is disposed at the end of each test), so the never-recycled rule does not apply here.
#pragma warning disable URING0005
using System;
using Uring.Interop;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>
/// Provided-buffer ring bookkeeping and the bundle iterator without a kernel: tests play the kernel with synthetic
/// completions (result, <c>F_BUFFER | bid &lt;&lt; 16</c>, <c>F_BUF_MORE</c>). The bundle cases are the reference's
/// bundle_iter_test.go ones: basic, partial last buffer, ring wrap-around, random access, copy, re-iteration,
/// empty results and the 16-bit boundaries (here the ring tail wrapping at 65536 and the largest buffer ids).
/// </summary>
public sealed unsafe class ProvidedBufferRingTests
{
    private static CqeFlags Buffer(int id, CqeFlags more = CqeFlags.None) => CqeFlags.Buffer | (CqeFlags)((uint)id << 16) | more;

    private static ProvidedBufferRing Group(int count, int size, ProvidedBufferRingFlags flags = ProvidedBufferRingFlags.None)
    {
        ProvidedBufferRing group = ProvidedBufferRing.CreateDetached(1, count, size, flags);
        for (int id = 0; id < count; id++)
        {
            group.GetBuffer((ushort)id).Fill((byte)id);
        }

        return group;
    }

    /// <summary>Takes and recycles buffers one at a time until the next provided buffer is <paramref name="id"/>.</summary>
    private static void ConsumeUntil(ProvidedBufferRing group, ushort next, ushort id)
    {
        while (next != id)
        {
            ushort following = group.NextInRing(next);
            group.Recycle(group.Take(1, Buffer(next)));
            next = following;
        }
    }

    [Fact]
    public void Registration_provides_every_buffer_in_id_order()
    {
        using ProvidedBufferRing group = Group(5, 64);
        Assert.Equal(8, group.RingEntries);
        Assert.Equal(5, group.Tail);
        Assert.Equal(5, group.ProvidedCount);
        for (int position = 0; position < 5; position++)
        {
            Assert.Equal(position, group.EntryBufferId(position));
        }

        IoUringBuf* entries = (IoUringBuf*)group.RingAddress;
        Assert.Equal((ulong)group.BufferAddress(3), entries[3].Address);
        Assert.Equal(64u, entries[3].Length);
        Assert.Equal(5, entries[0].Reserved);
    }

    [Fact]
    public void Writing_entry_zero_never_clobbers_the_tail()
    {
        using ProvidedBufferRing group = Group(4, 16);
        for (int i = 0; i < 10; i++)
        {
            group.Recycle(group.Take(16, Buffer(i % 4)));
            Assert.Equal(group.Tail, ((IoUringBuf*)group.RingAddress)->Reserved);
        }

        Assert.Equal(14, group.Tail);
        Assert.Equal(1, group.EntryBufferId(13));
    }

    [Fact]
    public void Take_and_recycle_move_a_buffer_between_kernel_and_caller()
    {
        using ProvidedBufferRing group = Group(2, 32);
        ProvidedBuffer taken = group.Take(5, Buffer(1));
        Assert.Equal(1, taken.Id);
        Assert.Equal(5, taken.Length);
        Assert.Equal(0, taken.Offset);
        Assert.Equal(1, taken.Data[0]);
        Assert.False(group.IsProvided(1));
        Assert.Equal(1, group.ProvidedCount);

        InvalidOperationException twice = Assert.Throws<InvalidOperationException>(() => group.Take(5, Buffer(1)));
        Assert.Contains("taken twice", twice.Message);
        Assert.Throws<InvalidOperationException>(() => group.Recycle(0));

        group.Add(1);
        Assert.Equal(3, group.Tail);
        Assert.Equal(2, ((IoUringBuf*)group.RingAddress)->Reserved);
        group.Publish();
        Assert.Equal(3, ((IoUringBuf*)group.RingAddress)->Reserved);
        Assert.Equal(1, group.EntryBufferId(2));
        Assert.Throws<InvalidOperationException>(() => group.Add(1));
    }

    [Fact]
    public void Take_rejects_completions_that_do_not_fit()
    {
        using ProvidedBufferRing group = Group(2, 32);
        Assert.Throws<ArgumentException>(() => group.Take(5, CqeFlags.More));
        Assert.Throws<ArgumentOutOfRangeException>(() => group.Take(5, Buffer(2)));
        Assert.Throws<InvalidOperationException>(() => group.Take(33, Buffer(0)));
        Assert.True(group.IsProvided(0));

        // A failed request commits no buffer, even when the completion names one.
        ProvidedBuffer failed = group.Take(-105, Buffer(0));
        Assert.True(failed.StillProvided);
        Assert.Equal(0, failed.Length);
        group.Recycle(failed);
        Assert.True(group.IsProvided(0));

        // An empty read (end of file) does consume its buffer.
        ProvidedBuffer empty = group.Take(0, Buffer(0));
        Assert.False(empty.StillProvided);
        Assert.False(group.IsProvided(0));
    }

    [Fact]
    public void An_incremental_buffer_is_handed_over_by_the_completion_without_buf_more()
    {
        using ProvidedBufferRing group = Group(2, 32, ProvidedBufferRingFlags.Incremental);
        ProvidedBuffer first = group.Take(10, Buffer(0, CqeFlags.BufferMore));
        Assert.True(first.StillProvided);
        Assert.Equal(0, first.Offset);
        group.Recycle(first);
        Assert.True(group.IsProvided(0));

        ProvidedBuffer second = group.Take(12, Buffer(0, CqeFlags.BufferMore));
        Assert.Equal(10, second.Offset);
        Assert.Equal(12, second.Length);
        Assert.Throws<InvalidOperationException>(() => group.Take(11, Buffer(0)));

        ProvidedBuffer last = group.Take(10, Buffer(0));
        Assert.False(last.StillProvided);
        Assert.Equal(22, last.Offset);
        Assert.False(group.IsProvided(0));
        group.Recycle(last);

        // Recycled, the buffer starts from its first byte again.
        ConsumeUntil(group, 1, 0);
        Assert.Equal(0, group.Take(4, Buffer(0, CqeFlags.BufferMore)).Offset);
    }

    [Fact]
    public void Bundle_basic()
    {
        using ProvidedBufferRing group = Group(8, 256);
        ProvidedBufferBundle bundle = group.TakeBundle(768, Buffer(0));
        Assert.Equal(3, bundle.Count);
        Assert.Equal(768, bundle.TotalBytes);
        Assert.Equal(0, bundle.StartId);
        int index = 0;
        foreach (ProvidedBuffer part in bundle)
        {
            Assert.Equal(index, part.Id);
            Assert.Equal(256, part.Length);
            Assert.Equal(index, part.Data[0]);
            index++;
        }

        Assert.Equal(3, index);
        Assert.Equal(5, group.ProvidedCount);
        group.Recycle(bundle);
        Assert.Equal(8, group.ProvidedCount);
        Assert.Equal(11, group.Tail);
    }

    [Fact]
    public void Bundle_partial_last_buffer()
    {
        using ProvidedBufferRing group = Group(4, 100);
        ProvidedBufferBundle bundle = group.TakeBundle(250, Buffer(0));
        Assert.Equal(3, bundle.Count);
        Assert.Equal(100, bundle.Buffer(0).Length);
        Assert.Equal(100, bundle.Buffer(1).Length);
        Assert.Equal(50, bundle.Buffer(2).Length);
        bool threw = false;
        try
        {
            bundle.Buffer(3);
        }
        catch (ArgumentOutOfRangeException)
        {
            threw = true;
        }

        Assert.True(threw);
        threw = false;
        try
        {
            bundle.BufferId(-1);
        }
        catch (ArgumentOutOfRangeException)
        {
            threw = true;
        }

        Assert.True(threw);
        Assert.True(group.IsProvided(3));
    }

    [Fact]
    public void Bundle_wraps_around_the_ring()
    {
        using ProvidedBufferRing group = Group(4, 64);
        ConsumeUntil(group, 0, 3);

        // Ring positions 3, 4, 5 are slots 3, 0, 1 holding buffers 3, 0, 1.
        ProvidedBufferBundle bundle = group.TakeBundle(192, Buffer(3));
        Assert.Equal(3, bundle.Count);
        Assert.Equal([3, 0, 1], new[] { bundle.BufferId(0), bundle.BufferId(1), bundle.BufferId(2) });
        Assert.Equal(3, bundle.Buffer(0)[0]);
        Assert.Equal(0, bundle.Buffer(1)[0]);
        Assert.Equal(1, bundle.Buffer(2)[0]);
        Assert.Equal(3, group.EntryBufferId(3));
        Assert.Equal(0, group.EntryBufferId(4));
        bundle.Recycle();
        Assert.Equal(4, group.ProvidedCount);
    }

    [Fact]
    public void Bundle_follows_ring_order_when_buffers_were_recycled_out_of_order()
    {
        using ProvidedBufferRing group = Group(4, 16);
        ProvidedBufferBundle first = group.TakeBundle(48, Buffer(0));
        group.Recycle(2);
        group.Recycle(0);
        group.Recycle(1);

        // The ring now holds 3, 2, 0, 1.
        ProvidedBufferBundle bundle = group.TakeBundle(60, Buffer(3));
        Assert.Equal(4, bundle.Count);
        ushort[] ids = new ushort[4];
        int i = 0;
        foreach (ProvidedBuffer part in bundle)
        {
            ids[i++] = part.Id;
        }

        Assert.Equal([3, 2, 0, 1], ids);
        Assert.Equal(12, bundle.Buffer(3).Length);
        Assert.Equal(3, first.Count);
    }

    [Fact]
    public void Bundle_random_access_copy_and_reiteration()
    {
        using ProvidedBufferRing group = Group(4, 10);
        for (int id = 0; id < 4; id++)
        {
            Span<byte> buffer = group.GetBuffer((ushort)id);
            for (int j = 0; j < 10; j++)
            {
                buffer[j] = (byte)((id * 10) + j);
            }
        }

        ConsumeUntil(group, 0, 1);
        ProvidedBufferBundle bundle = group.TakeBundle(25, Buffer(1));
        Assert.Equal(3, bundle.Count);
        Assert.Equal(10, bundle.Buffer(0)[0]);
        Assert.Equal(20, bundle.Buffer(1)[0]);
        Assert.Equal(30, bundle.Buffer(2)[0]);
        Assert.Equal(5, bundle.Buffer(2).Length);

        byte[] all = new byte[100];
        Assert.Equal(25, bundle.CopyTo(all));
        for (int j = 0; j < 25; j++)
        {
            Assert.Equal(10 + j, all[j]);
        }

        byte[] small = new byte[12];
        Assert.Equal(12, bundle.CopyTo(small));
        Assert.Equal(21, small[11]);

        int first = 0;
        int second = 0;
        foreach (ProvidedBuffer part in bundle)
        {
            first += part.Length;
        }

        foreach (ProvidedBuffer part in bundle)
        {
            second += part.Length;
        }

        Assert.Equal(25, first);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Empty_and_failed_bundles_take_nothing()
    {
        using ProvidedBufferRing group = Group(4, 64);
        ProvidedBufferBundle empty = group.TakeBundle(0, Buffer(0));
        Assert.True(empty.IsEmpty);
        Assert.Equal(0, empty.CopyTo(new byte[8]));
        empty.Recycle();
        Assert.True(group.TakeBundle(-105, Buffer(0)).IsEmpty);
        Assert.Equal(4, group.ProvidedCount);
        Assert.Throws<ArgumentException>(() => group.TakeBundle(64, CqeFlags.None));

        // More bytes than the provided buffers hold: the completion is not this group's.
        Assert.Throws<InvalidOperationException>(() => group.TakeBundle(257, Buffer(0)));
        Assert.Equal(4, group.ProvidedCount);

        using ProvidedBufferRing other = Group(4, 64);
        ProvidedBufferBundle foreign = other.TakeBundle(64, Buffer(0));
        string? message = null;
        try
        {
            group.Recycle(foreign);
        }
        catch (ArgumentException error)
        {
            message = error.Message;
        }

        Assert.Contains("another buffer group", message);
    }

    [Fact]
    public void Bundle_across_the_16_bit_tail_wrap()
    {
        using ProvidedBufferRing group = Group(4, 32);
        ushort next = 0;
        for (int step = 0; step < 65534; step++)
        {
            ushort following = group.NextInRing(next);
            group.Recycle(group.Take(1, Buffer(next)));
            next = following;
        }

        // The u16 tail went 65535 -> 0 -> 1 -> 2: the provided positions are 65534, 65535, 0 and 1.
        Assert.Equal(2, group.Tail);
        ushort[] expected = [group.EntryBufferId(65534), group.EntryBufferId(65535), group.EntryBufferId(0), group.EntryBufferId(1)];
        Assert.Equal(expected[0], next);

        ProvidedBufferBundle bundle = group.TakeBundle(100, Buffer(next));
        Assert.Equal(4, bundle.Count);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(expected[i], bundle.BufferId(i));
        }

        Assert.Equal(4, bundle.Buffer(3).Length);
        Assert.Equal(expected[3], bundle.Buffer(3)[0]);
        bundle.Recycle();
        Assert.Equal(6, group.Tail);
        Assert.Equal(4, group.ProvidedCount);
    }

    [Fact]
    public void Bundle_at_the_largest_buffer_ids_wraps_to_zero()
    {
        using ProvidedBufferRing group = Group(32768, 2);
        Assert.Equal(32768, group.RingEntries);
        group.Recycle(group.TakeBundle(32767 * 2, Buffer(0)));

        // Buffer 32767 sits in the last slot; buffers 0 and 1 follow it in the next lap.
        ProvidedBufferBundle bundle = group.TakeBundle(5, Buffer(32767));
        Assert.Equal(3, bundle.Count);
        Assert.Equal([32767, 0, 1], new[] { bundle.BufferId(0), bundle.BufferId(1), bundle.BufferId(2) });
        Assert.Equal(1, bundle.Buffer(2).Length);
        Assert.Equal(unchecked((byte)32767), bundle.Buffer(0)[0]);
    }

    [Fact]
    public void An_incremental_bundle_continues_the_partly_used_buffer_and_may_keep_the_last()
    {
        using ProvidedBufferRing group = Group(4, 16, ProvidedBufferRingFlags.Incremental);
        Assert.True(group.Take(5, Buffer(0, CqeFlags.BufferMore)).StillProvided);

        ProvidedBufferBundle bundle = group.TakeBundle(30, Buffer(0, CqeFlags.BufferMore));
        Assert.Equal(3, bundle.Count);
        Assert.True(bundle.LastStillProvided);
        Assert.Equal(11, bundle.Buffer(0).Length);
        Assert.Equal(16, bundle.Buffer(1).Length);
        Assert.Equal(3, bundle.Buffer(2).Length);
        Assert.False(group.IsProvided(0));
        Assert.False(group.IsProvided(1));
        Assert.True(group.IsProvided(2));
        group.Recycle(bundle);
        Assert.Equal(4, group.ProvidedCount);

        ProvidedBuffer rest = group.Take(13, Buffer(2));
        Assert.Equal(3, rest.Offset);
        Assert.False(rest.StillProvided);
    }

    [Fact]
    public void Taking_recycling_and_iterating_allocate_nothing()
    {
        using ProvidedBufferRing group = Group(8, 64);
        byte[] sink = new byte[512];
        ushort next = 0;
        for (int warm = 0; warm < 2; warm++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            int bytes = 0;
            for (int i = 0; i < 10_000; i++)
            {
                ProvidedBufferBundle bundle = group.TakeBundle(130, Buffer(next));
                foreach (ProvidedBuffer part in bundle)
                {
                    bytes += part.Length;
                }

                bytes += bundle.CopyTo(sink);
                next = group.NextInRing(bundle.BufferId(2));
                group.Recycle(bundle);
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(10_000 * 260, bytes);
            if (warm == 1)
            {
                Assert.Equal(0, allocated);
            }
        }
    }
}
