using System;
using System.IO;
using System.Linq;
using Uring.Interop;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.ZeroCopyReceive;

/// <summary>
/// What this machine's kernel answers. Its NICs (virtio_net, loopback, ifb) have no zero-copy receive: the kernel
/// refuses IORING_REGISTER_ZCRX_IFQ with EOPNOTSUPP, which Register turns into a NotSupportedException saying what is
/// needed. A ring without 32-byte completions gets EINVAL from the kernel, which Register refuses first, by name. The
/// RECV_ZC op itself and the 32-byte reap path run for real.
/// </summary>
public sealed unsafe class ZeroCopyReceiverKernelTests
{
    private static readonly RingOptions s_cqe32 = new() { Entries = 16, Cqe32 = true, NotifySucceed = true };

    [Fact]
    public void The_kernel_refuses_a_queue_of_each_interface_here_with_EOPNOTSUPP()
    {
        using Ring ring = TestRings.Started(s_cqe32);
        foreach (string name in Interfaces())
        {
            Assert.Equal(-(int)Errno.EOPNOTSUPP, RawRegister(ring, Syscalls.InterfaceIndex(name), rxQueue: 0));
        }
    }

    [Fact]
    public void Register_turns_the_refusal_into_NotSupportedException_saying_what_is_needed()
    {
        using Ring ring = TestRings.Started(s_cqe32);
        foreach (string name in Interfaces())
        {
            NotSupportedException refused = Assert.Throws<NotSupportedException>(
                () => ZeroCopyReceiver.Register(ring, new ZeroCopyReceiverOptions { InterfaceName = name, AreaSize = 64 * 1024, RefillEntries = 64 }));
            string message = refused.Message;
            Assert.Contains(name, message, StringComparison.Ordinal);
            Assert.Contains("EOPNOTSUPP", message, StringComparison.Ordinal);
            Assert.Contains("driver", message, StringComparison.Ordinal);
            Assert.Contains("header/data split", message, StringComparison.Ordinal);
            Assert.Contains("steered to queue 0", message, StringComparison.Ordinal);
            Assert.Contains("Linux 6.15", message, StringComparison.Ordinal);
            Assert.Contains(KernelSupport.Release, message, StringComparison.Ordinal);
            Assert.Null(refused.InnerException);
        }

        // The ring is unharmed by the refusals.
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(1)));
        Assert.Equal(0, ring.WaitOne().Result);
    }

    [Fact]
    public void A_ring_not_started_yet_gets_the_same_answer()
    {
        KernelRequirement.Require();
        using Ring ring = new(s_cqe32);
        Assert.Equal(-(int)Errno.EOPNOTSUPP, RawRegister(ring, Syscalls.InterfaceIndex("lo"), rxQueue: 0));
        Assert.Throws<NotSupportedException>(() => ZeroCopyReceiver.Register(ring, new ZeroCopyReceiverOptions { InterfaceName = "lo", AreaSize = 64 * 1024 }));
    }

    [Fact]
    public void The_refusal_names_the_driver_of_a_nic()
    {
        string? nic = Interfaces().FirstOrDefault(name => Directory.Exists($"/sys/class/net/{name}/device"));
        if (nic is null)
        {
            KernelRequirement.Unavailable("a NIC with a driver", "no interface here has /sys/class/net/NAME/device");
            return;
        }

        string driver = Path.GetFileName(Directory.ResolveLinkTarget($"/sys/class/net/{nic}/device/driver", false)!.FullName);
        using Ring ring = TestRings.Started(s_cqe32);
        NotSupportedException refused = Assert.Throws<NotSupportedException>(() => ZeroCopyReceiver.Register(ring, new ZeroCopyReceiverOptions { InterfaceName = nic, AreaSize = 64 * 1024 }));
        Assert.Contains($"driver: {driver}", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_kernel_refuses_a_ring_without_32_byte_completions_and_Register_says_why_first()
    {
        using Ring plain = TestRings.Started(new RingOptions { Entries = 16 });
        Assert.Equal(-(int)Errno.EINVAL, RawRegister(plain, Syscalls.InterfaceIndex("lo"), rxQueue: 0));

        ArgumentException refused = Assert.Throws<ArgumentException>(() => ZeroCopyReceiver.Register(plain, new ZeroCopyReceiverOptions { InterfaceName = "lo" }));
        Assert.Equal("ring", refused.ParamName);
        Assert.Contains("Cqe32", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mixed_completion_ring_gets_as_far_as_the_nic()
    {
        using Ring mixed = TestRings.Started(new RingOptions { Entries = 16, CqeMixed = true });
        Assert.Equal(-(int)Errno.EOPNOTSUPP, RawRegister(mixed, Syscalls.InterfaceIndex("lo"), rxQueue: 0));
        Assert.Throws<NotSupportedException>(() => ZeroCopyReceiver.Register(mixed, new ZeroCopyReceiverOptions { InterfaceName = "lo", AreaSize = 64 * 1024 }));
    }

    [Fact]
    public void An_unknown_interface_is_ENODEV_to_the_kernel_and_named_by_Register()
    {
        using Ring ring = TestRings.Started(s_cqe32);
        Assert.Equal(-(int)Errno.ENODEV, RawRegister(ring, 0x7FFF_0000, rxQueue: 0));

        ArgumentException refused = Assert.Throws<ArgumentException>(() => ZeroCopyReceiver.Register(ring, new ZeroCopyReceiverOptions { InterfaceName = "nosuchnic0" }));
        Assert.Equal(nameof(ZeroCopyReceiverOptions.InterfaceName), refused.ParamName);
        Assert.Contains("nosuchnic0", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_queue_the_interface_lacks_is_named_by_Register()
    {
        using Ring ring = TestRings.Started(s_cqe32);
        int queues = Directory.GetDirectories("/sys/class/net/lo/queues", "rx-*").Length;
        ArgumentOutOfRangeException refused = Assert.Throws<ArgumentOutOfRangeException>(
            () => ZeroCopyReceiver.Register(ring, new ZeroCopyReceiverOptions { InterfaceName = "lo", RxQueue = queues }));
        Assert.Equal(nameof(ZeroCopyReceiverOptions.RxQueue), refused.ParamName);
    }

    [Fact]
    public void A_chunk_size_above_the_page_needs_a_kernel_that_reports_it()
    {
        using Ring ring = TestRings.Started(s_cqe32);
        ZeroCopyReceiverOptions options = new() { InterfaceName = "lo", ChunkSize = 2 * Environment.SystemPageSize, AreaSize = 64 * 1024 };
        NotSupportedException refused = Assert.Throws<NotSupportedException>(() => ZeroCopyReceiver.Register(ring, options));

        // 6.18 has no IO_URING_QUERY_ZCRX (the query answers -EOPNOTSUPP), so the chunk size is refused before the NIC is asked.
        Assert.Equal(-(int)Errno.EOPNOTSUPP, QueryZcrxResult());
        Assert.Contains("ZCRX_FEATURE_RX_PAGE_SIZE", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Recv_zc_naming_no_registered_queue_completes_with_EINVAL_in_a_32_byte_completion()
    {
        using Ring ring = TestRings.Started(s_cqe32);
        Assert.True(ring.Features.IsSupported(IoUringOp.RecvZc));
        (int client, int server) = Loopback.TcpPair(ring);
        Assert.True(ring.TryPrepareRecvZc(SqeContext.FromValue(0x2C), server, zcrxId: 0));
        Span<BigCqe> got = stackalloc BigCqe[1];
        Assert.Equal(1, ring.Wait(got, 1, TimeSpan.FromSeconds(10)));

        Assert.Equal(0x2CUL, got[0].View.Context.Value);
        Assert.Equal(Errno.EINVAL, got[0].View.Error);
        Assert.False(got[0].HasMore);
        Assert.True(got[0].IsBig);
        Loopback.Close(ring, client, server);
    }

    [Fact]
    public void A_32_byte_nop_echoes_off_and_addr_into_the_extra_words()
    {
        using Ring ring = TestRings.Started(s_cqe32);
        Assert.True(ring.TryPrepare(SqeContext.FromValue(3), UringOpKind.Other, 0, static (ref SubmissionSlot slot, scoped in int _) =>
        {
            slot.Sqe.Opcode = (byte)IoUringOp.Nop;
            slot.Sqe.OpFlags = (uint)NopFlags.Cqe32;
            slot.Sqe.Off = 0x1122_3344_5566_7788;
            slot.Sqe.Addr = 0x0102_0304_0506_0708;
        }));
        Span<BigCqe> got = stackalloc BigCqe[1];
        Assert.Equal(1, ring.Wait(got, 1, TimeSpan.FromSeconds(10)));

        Assert.Equal(0, got[0].Result);
        Assert.Equal(0x1122_3344_5566_7788UL, got[0].Extra0);
        Assert.Equal(0x0102_0304_0506_0708UL, got[0].Extra1);
    }

    /// <summary>The interfaces of this network namespace (eth0, lo, ...).</summary>
    private static string[] Interfaces()
        => Directory.GetDirectories("/sys/class/net").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();

    /// <summary>IORING_REGISTER_ZCRX_IFQ as the receiver issues it, for the kernel's own answer.</summary>
    private static int RawRegister(Ring ring, uint ifIndex, uint rxQueue)
    {
        const int AreaBytes = 64 * 1024;
        nuint refillBytes = ZeroCopyMemory.RefillRegionBytes(64);
        void* area = Syscalls.MapAnonymous(AreaBytes, out _);
        void* refill = Syscalls.MapAnonymous(refillBytes, out _);
        try
        {
            ZcrxAreaRegister areaRegister = new() { Addr = (ulong)area, Len = AreaBytes };
            RegionDesc region = new() { UserAddr = (ulong)refill, Size = refillBytes, Flags = RegionFlags.TypeUser };
            ZcrxIfqRegister registration = new() { IfIndex = ifIndex, IfRxQueue = rxQueue, RqEntries = 64, AreaPtr = (ulong)&areaRegister, RegionPtr = (ulong)&region };
            return ring.RegisterZeroCopyReceiveQueue(&registration);
        }
        finally
        {
            Syscalls.Unmap(refill, refillBytes);
            Syscalls.Unmap(area, AreaBytes);
        }
    }

    private static int QueryZcrxResult()
    {
        ulong* answer = stackalloc ulong[5];
        QueryHeader header = new() { QueryData = (ulong)answer, QueryOp = 1, Size = 40 };
        int rc = Syscalls.IoUringRegister(-1, RegisterOp.RegisterQuery, &header, 0);
        return rc < 0 ? rc : header.Result;
    }
}
