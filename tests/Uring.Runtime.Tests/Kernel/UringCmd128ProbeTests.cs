using System;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>
/// TryPrepareUringCmd128 picks its opcode from the kernel's probe: URING_CMD128 (64) where the probe lists it,
/// URING_CMD (46) in the 128-byte SQE where it does not (Linux 6.18, whose probe ends at 62 and which fails
/// opcode 64 with EINVAL). Both answers of the probe are covered with a detached ring in GoldenCommandsTests.
/// </summary>
public sealed unsafe class UringCmd128ProbeTests
{
    private const uint SocketSiocInq = 0;

    [Fact]
    public void The_command_goes_out_with_the_opcode_the_probe_allows_and_runs()
    {
        using Ring ring = TestRings.Started(new RingOptions { Entries = 8, NotifySucceed = true, Sqe128 = true });
        bool listed = ring.Features.IsSupported(IoUringOp.UringCmd128);
        Assert.Equal(KernelVersion.AtLeast(6, 19), listed);
        int udp = Posix.UdpLoopbackToSelf();
        try
        {
            Posix.WriteAll(udp, "nine byte"u8);
            Assert.True(ring.TryPrepareUringCmd128(SqeContext.FromValue(1), udp, SocketSiocInq, new byte[80]));
            Assert.Equal(listed ? (byte)64 : (byte)46, ring.LastSqeBytes()[0]);
            CqeView cqe = ring.WaitOne();
            Assert.True(cqe.IsSuccess, $"uring_cmd failed: {cqe.Error}");
            Assert.Equal(9, cqe.Result);
        }
        finally
        {
            Posix.CloseQuietly(ref udp);
        }
    }

    [Fact]
    public void A_kernel_whose_probe_lacks_opcode_64_fails_it()
    {
        // Why the probe decides: an SQE with opcode 64 written by hand reaches a 6.18 kernel and fails.
        using Ring ring = TestRings.Started(new RingOptions { Entries = 8, NotifySucceed = true, Sqe128 = true });
        if (ring.Features.IsSupported(IoUringOp.UringCmd128))
        {
            Assert.True(KernelVersion.AtLeast(6, 19), "only a 6.19+ kernel lists URING_CMD128");
            return;
        }

        Assert.True(ring.TryRentExtendedSqe(out ExtendedSqe ext));
        ext.Sqe = default;
        ext.Sqe.Opcode = 64;
        ext.Sqe.Fd = -1;
        Assert.True(ring.TryPrepareExtended(ext));
        CqeView cqe = ring.WaitOne();
        Assert.Equal(Errno.EINVAL, cqe.Error);
        ring.ReturnExtendedSqe(ext);
    }
}
