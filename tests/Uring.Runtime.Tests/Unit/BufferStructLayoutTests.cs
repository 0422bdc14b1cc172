using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Uring.Interop;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>The provided-buffer structs against the Linux 6.18 uapi (uapi-io_uring.md §6.8).</summary>
public sealed class BufferStructLayoutTests
{
    [Fact]
    public void Sizes_follow_the_uapi()
    {
        Assert.Equal(16, Unsafe.SizeOf<IoUringBuf>());
        Assert.Equal(40, Unsafe.SizeOf<BufRingRegistration>());
        Assert.Equal(40, Unsafe.SizeOf<BufRingStatus>());
    }

    [Theory]
    [InlineData(nameof(IoUringBuf.Address), 0)]
    [InlineData(nameof(IoUringBuf.Length), 8)]
    [InlineData(nameof(IoUringBuf.BufferId), 12)]
    [InlineData(nameof(IoUringBuf.Reserved), 14)]
    public void Ring_entry_members_sit_at_their_offsets(string member, int offset)
        => Assert.Equal(offset, (int)Marshal.OffsetOf<IoUringBuf>(member));

    [Theory]
    [InlineData(nameof(BufRingRegistration.RingAddress), 0)]
    [InlineData(nameof(BufRingRegistration.RingEntries), 8)]
    [InlineData(nameof(BufRingRegistration.GroupId), 12)]
    [InlineData(nameof(BufRingRegistration.Flags), 14)]
    [InlineData(nameof(BufRingRegistration.MinLeft), 16)]
    public void Registration_members_sit_at_their_offsets(string member, int offset)
        => Assert.Equal(offset, (int)Marshal.OffsetOf<BufRingRegistration>(member));

    [Fact]
    public void Status_members_sit_at_their_offsets()
    {
        Assert.Equal(0, (int)Marshal.OffsetOf<BufRingStatus>(nameof(BufRingStatus.GroupId)));
        Assert.Equal(4, (int)Marshal.OffsetOf<BufRingStatus>(nameof(BufRingStatus.Head)));
    }

    [Fact]
    public unsafe void A_registration_is_zero_past_its_fields()
    {
        BufRingRegistration registration = new() { RingAddress = ulong.MaxValue, RingEntries = uint.MaxValue, GroupId = 0xFFFF, Flags = 0xFFFF, MinLeft = uint.MaxValue };
        byte* bytes = (byte*)&registration;
        for (int i = 20; i < 40; i++)
        {
            Assert.Equal(0, bytes[i]);
        }

        Assert.Equal(0, IoUringBuf.TailOffset - 14);
        Assert.Equal(1, (int)ProvidedBufferRingFlags.KernelAllocated);
        Assert.Equal(2, (int)ProvidedBufferRingFlags.Incremental);
    }
}
