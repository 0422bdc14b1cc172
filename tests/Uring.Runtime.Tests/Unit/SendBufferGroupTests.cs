using System;
using System.Text;
using Uring.Interop;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>
/// A provided-buffer group to send from, without a kernel: entries of the lengths they were added with, and the
/// bundle a send completion reclaims cut at those lengths (tests play the kernel with synthetic completions).
/// </summary>
public sealed unsafe class SendBufferGroupTests
{
    private static CqeFlags Buffer(int id) => CqeFlags.Buffer | (CqeFlags)((uint)id << 16);

    private static ProvidedBufferRing EmptyGroup(int count, int size)
    {
        ProvidedBufferRing group = ProvidedBufferRing.CreateDetached(1, count, size);
        group.LendAll();
        return group;
    }

    private static void Queue(ProvidedBufferRing group, ushort id, string text)
    {
        Encoding.ASCII.GetBytes(text).CopyTo(group.GetBuffer(id));
        group.Add(id, text.Length);
    }

    [Fact]
    public void Entries_carry_the_length_they_were_added_with()
    {
        using ProvidedBufferRing group = EmptyGroup(4, 16);
        Assert.Equal(0, group.ProvidedCount);
        int tail = group.Tail;
        Queue(group, 2, "alpha");
        Queue(group, 0, "bravo-bravo");
        IoUringBuf* entries = (IoUringBuf*)group.RingAddress;
        Assert.Equal(5u, entries[tail & 3].Length);
        Assert.Equal(2, entries[tail & 3].BufferId);
        Assert.Equal(11u, entries[(tail + 1) & 3].Length);
        Assert.Equal(2, group.ProvidedCount);
    }

    [Fact]
    public void A_send_completion_reclaims_each_buffer_to_the_bytes_sent_from_it()
    {
        using ProvidedBufferRing group = EmptyGroup(4, 16);
        Queue(group, 2, "alpha");
        Queue(group, 0, "bravo-bravo");
        Queue(group, 3, "c");

        ProvidedBufferBundle all = group.ReclaimSent(17, Buffer(2));
        Assert.Equal(3, all.Count);
        Assert.Equal("alpha", Encoding.ASCII.GetString(all.Buffer(0)));
        Assert.Equal("bravo-bravo", Encoding.ASCII.GetString(all.Buffer(1)));
        Assert.Equal("c", Encoding.ASCII.GetString(all.Buffer(2)));
        int parts = 0;
        foreach (ProvidedBuffer part in all)
        {
            Assert.Equal(parts switch { 0 => 5, 1 => 11, _ => 1 }, part.Length);
            parts++;
        }

        Span<byte> copy = stackalloc byte[17];
        Assert.Equal(17, all.CopyTo(copy));
        Assert.Equal("alphabravo-bravoc", Encoding.ASCII.GetString(copy));
        Assert.False(group.IsProvided(2));
        Assert.Equal(0, group.ProvidedCount);
    }

    [Fact]
    public void A_short_send_ends_inside_the_buffer_it_stopped_in()
    {
        using ProvidedBufferRing group = EmptyGroup(4, 16);
        Queue(group, 0, "12345");
        Queue(group, 1, "67890");
        Queue(group, 2, "abcde");

        ProvidedBufferBundle sent = group.ReclaimSent(8, Buffer(0));
        Assert.Equal(2, sent.Count);
        Assert.Equal("12345", Encoding.ASCII.GetString(sent.Buffer(0)));
        Assert.Equal("678", Encoding.ASCII.GetString(sent.Buffer(1)));
        Assert.True(group.IsProvided(2));

        Assert.Throws<InvalidOperationException>(() => group.ReclaimSent(6, Buffer(2)));
        Assert.Equal(1, group.ReclaimSent(5, Buffer(2)).Count);
    }
}
