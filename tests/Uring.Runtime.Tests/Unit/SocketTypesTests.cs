using System;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>
/// The socket-family types shared with the kernel (sockaddr storage, msghdr) against their Linux layouts,
/// the address factories and conversions, and the multicast thresholds.
/// </summary>
public sealed unsafe class SocketTypesTests
{
    [Fact]
    public void SockAddr_is_a_sockaddr_storage_followed_by_its_socklen()
    {
        Assert.Equal(136, Unsafe.SizeOf<SockAddr>());
        Assert.Equal(128, (int)Marshal.OffsetOf<SockAddr>(nameof(SockAddr.Length)));
        Assert.Equal(SockAddr.LengthOffset, (int)Marshal.OffsetOf<SockAddr>(nameof(SockAddr.Length)));
    }

    [Theory]
    [InlineData(nameof(MessageHeader.Name), 0)]
    [InlineData(nameof(MessageHeader.NameLength), 8)]
    [InlineData(nameof(MessageHeader.Vectors), 16)]
    [InlineData(nameof(MessageHeader.VectorCount), 24)]
    [InlineData(nameof(MessageHeader.Control), 32)]
    [InlineData(nameof(MessageHeader.ControlLength), 40)]
    [InlineData(nameof(MessageHeader.Flags), 48)]
    public void MessageHeader_members_sit_at_their_msghdr_offsets(string member, int offset)
        => Assert.Equal(offset, (int)Marshal.OffsetOf<MessageHeader>(member));

    [Fact]
    public void MessageHeader_is_56_bytes()
    {
        Assert.Equal(56, Unsafe.SizeOf<MessageHeader>());
        Assert.Equal(4, Unsafe.SizeOf<MessageFlags>());
    }

    [Fact]
    public void IPv4_is_a_sockaddr_in_in_network_byte_order()
    {
        SockAddr address = SockAddr.IPv4(0xC0A80102, 0x1F90);
        Assert.Equal(
            new byte[] { 2, 0, 0x1F, 0x90, 192, 168, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0 },
            address.Bytes[..16].ToArray());
        Assert.Equal(16u, address.Length);
        Assert.Equal(SocketDomain.IPv4, address.Family);
        Assert.Equal(8080, address.Port);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.168.1.2"), 8080), address.ToEndPoint());
        Assert.Equal("192.168.1.2:8080", address.ToString());
        Assert.True(address.Bytes[16..].IndexOfAnyExcept((byte)0) < 0);
    }

    [Fact]
    public void IPv6_is_a_sockaddr_in6_with_flow_info_and_scope()
    {
        IPAddress ip = IPAddress.Parse("fe80::1:2");
        Span<byte> raw = stackalloc byte[16];
        Assert.True(ip.TryWriteBytes(raw, out _));
        SockAddr address = SockAddr.IPv6(raw, 443, flowInfo: 0x000ABCDE, scopeId: 7);
        Span<byte> bytes = address.Bytes;
        Assert.Equal(new byte[] { 10, 0, 0x01, 0xBB, 0x00, 0x0A, 0xBC, 0xDE }, bytes[..8].ToArray());
        Assert.Equal(raw.ToArray(), bytes.Slice(8, 16).ToArray());
        Assert.Equal(new byte[] { 7, 0, 0, 0 }, bytes.Slice(24, 4).ToArray());
        Assert.Equal(28u, address.Length);
        IPEndPoint endPoint = address.ToIPEndPoint();
        Assert.Equal(443, endPoint.Port);
        Assert.Equal(7, endPoint.Address.ScopeId);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("fe80::1:2%7"), 443), endPoint);
    }

    [Fact]
    public void From_IPEndPoint_covers_both_families_and_keeps_the_scope()
    {
        Assert.Equal(SockAddr.IPv4Loopback(80).Bytes.ToArray(), SockAddr.FromIPEndPoint(new IPEndPoint(IPAddress.Loopback, 80)).Bytes.ToArray());
        Assert.Equal(SockAddr.IPv6Loopback(80).Bytes.ToArray(), SockAddr.FromIPEndPoint(new IPEndPoint(IPAddress.IPv6Loopback, 80)).Bytes.ToArray());
        Assert.Equal(SockAddr.IPv6Any(1).Bytes.ToArray(), SockAddr.FromIPAddress(IPAddress.IPv6Any, 1).Bytes.ToArray());
        Assert.Equal(SockAddr.IPv4Any(1).Bytes.ToArray(), SockAddr.FromIPAddress(IPAddress.Any, 1).Bytes.ToArray());
        SockAddr scoped = SockAddr.FromIPEndPoint(new IPEndPoint(IPAddress.Parse("fe80::9%3"), 5), flowInfo: 1);
        Assert.Equal(new byte[] { 3, 0, 0, 0 }, scoped.Bytes.Slice(24, 4).ToArray());
        Assert.Equal(new byte[] { 0, 0, 0, 1 }, scoped.Bytes.Slice(4, 4).ToArray());
        Assert.Equal("[::1]:9", SockAddr.IPv6Loopback(9).ToString());
    }

    [Fact]
    public void Ports_and_address_lengths_are_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SockAddr.IPv4Loopback(65536));
        Assert.Throws<ArgumentOutOfRangeException>(() => SockAddr.IPv4Loopback(-1));
        Assert.Throws<ArgumentException>(() => SockAddr.IPv6(new byte[4], 1));
        Assert.Equal(65535, SockAddr.IPv4Loopback(65535).Port);
    }

    [Fact]
    public void Unix_paths_are_nul_terminated_and_abstract_names_are_not()
    {
        SockAddr path = SockAddr.Unix("/tmp/s");
        Assert.Equal(new byte[] { 1, 0, (byte)'/', (byte)'t', (byte)'m', (byte)'p', (byte)'/', (byte)'s', 0 }, path.Bytes[..9].ToArray());
        Assert.Equal(2u + 6 + 1, path.Length);
        Assert.Equal("/tmp/s", ((UnixDomainSocketEndPoint)path.ToEndPoint()!).ToString());
        Assert.Equal("unix:/tmp/s", path.ToString());

        SockAddr hidden = SockAddr.Unix("\0name");
        Assert.Equal(new byte[] { 1, 0, 0, (byte)'n', (byte)'a', (byte)'m', (byte)'e' }, hidden.Bytes[..7].ToArray());
        Assert.Equal(2u + 5, hidden.Length);
        Assert.Equal("unix:@name", hidden.ToString());
        Assert.IsType<UnixDomainSocketEndPoint>(hidden.ToEndPoint());
        Assert.Equal(SocketDomain.Unix, hidden.Family);
        Assert.Equal(0, hidden.Port);
    }

    [Fact]
    public void Unix_path_limits_follow_sun_path()
    {
        Assert.Equal(2u + 107 + 1, SockAddr.Unix("/" + new string('a', 106)).Length);
        Assert.Throws<ArgumentException>(() => SockAddr.Unix("/" + new string('a', 107)));
        Assert.Equal(2u + 108, SockAddr.Unix("\0" + new string('a', 107)).Length);
        Assert.Throws<ArgumentException>(() => SockAddr.Unix("\0" + new string('a', 108)));
        Assert.Throws<ArgumentException>(() => SockAddr.Unix("/a\0b"));
        Assert.Throws<ArgumentException>(() => SockAddr.Unix(""));
    }

    [Fact]
    public void An_unnamed_unix_address_and_an_empty_one_have_no_end_point()
    {
        SockAddr unnamed = default;
        unnamed.Bytes[0] = 1;
        unnamed.Length = 2;
        Assert.Null(unnamed.ToEndPoint());
        Assert.Equal("unix:(unnamed)", unnamed.ToString());
        Assert.Null(default(SockAddr).ToEndPoint());
        Assert.Throws<InvalidOperationException>(() => unnamed.ToIPEndPoint());

        // Without a length (a sockaddr filled by hand) a path ends at its NUL.
        SockAddr noLength = SockAddr.Unix("/run/a");
        noLength.Length = 0;
        Assert.Equal("unix:/run/a", noLength.ToString());
    }

    [Fact]
    public void TryWriteAddress_copies_the_raw_ip()
    {
        Span<byte> ip = stackalloc byte[16];
        Assert.True(SockAddr.IPv4Loopback(1).TryWriteAddress(ip, out int written));
        Assert.Equal(4, written);
        Assert.Equal(new byte[] { 127, 0, 0, 1 }, ip[..4].ToArray());
        Assert.False(SockAddr.IPv6Loopback(1).TryWriteAddress(ip[..8], out _));
        Assert.False(SockAddr.Unix("/x").TryWriteAddress(ip, out _));
    }

    [Fact]
    public void Address_factories_allocate_nothing()
    {
        IPEndPoint endPoint = new(IPAddress.IPv6Loopback, 7);
        long total = 0;
        for (int round = 0; round < 2; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                total += SockAddr.IPv4Loopback(i).Port + SockAddr.IPv6Any(i).Port + SockAddr.Unix("/tmp/sock").Length
                    + SockAddr.Unix("\0abstract").Length + SockAddr.FromIPEndPoint(endPoint).Port + (int)SockAddr.IPv6Loopback(1).Family;
            }

            if (round == 1)
            {
                Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            }
        }

        Assert.True(total > 0);
    }

    [Fact]
    public void ForReceive_points_the_header_at_the_callers_memory()
    {
        SockAddr* name = stackalloc SockAddr[1];
        IoVector* vectors = stackalloc IoVector[2];
        byte* control = stackalloc byte[32];
        MessageHeader header = MessageHeader.ForReceive(new Span<SockAddr>(name, 1), new ReadOnlySpan<IoVector>(vectors, 2), new Span<byte>(control, 32));
        Assert.True(header.Name == name);
        Assert.Equal(128u, header.NameLength);
        Assert.True(header.Vectors == vectors);
        Assert.Equal((nuint)2, header.VectorCount);
        Assert.True(header.Control == control);
        Assert.Equal((nuint)32, header.ControlLength);

        MessageHeader bare = MessageHeader.ForReceive(default, new ReadOnlySpan<IoVector>(vectors, 1));
        Assert.True(bare.Name == null && bare.NameLength == 0 && bare.Control == null && bare.ControlLength == 0);
    }

    [Fact]
    public void SendMessage_knows_whether_it_has_a_destination()
    {
        SockAddr destination = SockAddr.IPv4Loopback(1);
        Assert.False(new SendMessage(ReadOnlySpan<IoVector>.Empty).HasDestination);
        Assert.True(new SendMessage(ReadOnlySpan<IoVector>.Empty, in destination).HasDestination);
        Assert.False(new SendMessage(ReadOnlySpan<IoVector>.Empty, "c"u8).HasDestination);
        Assert.Equal(1, new SendMessage(ReadOnlySpan<IoVector>.Empty, "c"u8).Control.Length);
    }

    [Theory]
    [InlineData(1, 8192)]
    [InlineData(7, 8192)]
    [InlineData(8, 4096)]
    [InlineData(63, 4096)]
    [InlineData(64, 3072)]
    [InlineData(511, 3072)]
    [InlineData(512, 2048)]
    [InlineData(4095, 2048)]
    [InlineData(4096, 1536)]
    [InlineData(100_000, 1536)]
    public void Conservative_thresholds_follow_the_reference(int targets, int threshold)
    {
        Assert.Equal(threshold, MulticastPolicy.ZeroCopyThreshold(targets));
        Assert.True(MulticastPolicy.UsesZeroCopy(targets, threshold, MulticastThresholds.Conservative));
        Assert.False(MulticastPolicy.UsesZeroCopy(targets, threshold - 1, MulticastThresholds.Conservative));
    }

    [Theory]
    [InlineData(1, 1536)]
    [InlineData(3, 1536)]
    [InlineData(4, 1024)]
    [InlineData(15, 1024)]
    [InlineData(16, 512)]
    [InlineData(63, 512)]
    [InlineData(64, 128)]
    [InlineData(255, 128)]
    [InlineData(256, 0)]
    public void Aggressive_thresholds_follow_the_reference(int targets, int threshold)
    {
        Assert.Equal(threshold, MulticastPolicy.AggressiveZeroCopyThreshold(targets));
        Assert.True(MulticastPolicy.UsesZeroCopy(targets, threshold, MulticastThresholds.Aggressive));
        if (threshold > 0)
        {
            Assert.False(MulticastPolicy.UsesZeroCopy(targets, threshold - 1, MulticastThresholds.Aggressive));
        }
        else
        {
            Assert.True(MulticastPolicy.UsesZeroCopy(targets, 0, MulticastThresholds.Aggressive));
        }
    }

    [Fact]
    public void Zero_copy_usage_report_bit_is_the_sign_bit()
    {
        Assert.Equal(int.MinValue, ZeroCopyNotification.UsageCopied);
    }
}
