using System;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>URING_CMD in 64- and 128-byte SQEs, and NOP128 on a kernel that lacks it.</summary>
public sealed class CommandsTests
{
    private const uint SocketSiocInq = 0;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Uring_cmd_siocinq_reports_the_bytes_queued_on_a_socket(bool sqe128)
    {
        using Ring ring = TestRings.Started(new RingOptions { Entries = 8, NotifySucceed = true, Sqe128 = sqe128 });
        Assert.Equal(sqe128 ? 128 : 64, ring.Features.SqeBytes);
        int udp = Posix.UdpLoopbackToSelf();
        try
        {
            Posix.WriteAll(udp, "seven b"u8);
            bool prepared = sqe128
                ? ring.TryPrepareUringCmd128(SqeContext.FromValue(1), udp, SocketSiocInq, new byte[80])
                : ring.TryPrepareUringCmd(SqeContext.FromValue(1), udp, SocketSiocInq);
            Assert.True(prepared);
            CqeView cqe = ring.WaitOne();
            Assert.True(cqe.IsSuccess, $"uring_cmd failed: {cqe.Error}");
            Assert.Equal(7, cqe.Result);
        }
        finally
        {
            Posix.CloseQuietly(ref udp);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Uring_cmd_siocinq_on_a_unix_socketpair_is_not_supported(bool sqe128)
    {
        // AF_UNIX has no protocol ioctl behind io_uring's socket commands on 6.18: -EOPNOTSUPP, whatever is queued.
        using Ring ring = TestRings.Started(new RingOptions { Entries = 8, NotifySucceed = true, Sqe128 = sqe128 });
        (int a, int b) = Posix.UnixStreamPair();
        try
        {
            Posix.WriteAll(b, "queued"u8);
            Assert.True(sqe128
                ? ring.TryPrepareUringCmd128(SqeContext.FromValue(1), a, SocketSiocInq)
                : ring.TryPrepareUringCmd(SqeContext.FromValue(1), a, SocketSiocInq));
            Assert.Equal(Errno.EOPNOTSUPP, ring.WaitOne().Error);
        }
        finally
        {
            Posix.CloseQuietly(ref a);
            Posix.CloseQuietly(ref b);
        }
    }

    [Fact]
    public void Command_data_longer_than_the_sqe_holds_is_rejected_before_queuing()
    {
        using Ring ring = TestRings.Started();
        ArgumentException error = Assert.Throws<ArgumentException>(() => ring.TryPrepareUringCmd(SqeContext.FromValue(1), 0, 0, new byte[17]));
        Assert.Contains("Sqe128", error.Message);
        Assert.Throws<NotSupportedException>(() => ring.TryPrepareUringCmd128(SqeContext.FromValue(1), 0, 0));
        Assert.Equal(0, ring.SqPending);

        using Ring wide = TestRings.Started(new RingOptions { Entries = 8, Sqe128 = true });
        Assert.Throws<ArgumentException>(() => wide.TryPrepareUringCmd128(SqeContext.FromValue(1), 0, 0, new byte[81]));
        Assert.Equal(0, wide.SqPending);
    }

    [Fact]
    public void Uring_cmd_on_a_file_without_command_support_fails_cleanly()
    {
        using Ring ring = TestRings.Started();
        (int read, int write) = Posix.Pipe();
        try
        {
            Assert.True(ring.TryPrepareUringCmd(SqeContext.FromValue(1), read, 0));
            Assert.Equal(Errno.EOPNOTSUPP, ring.WaitOne().Error);
        }
        finally
        {
            Posix.CloseQuietly(ref read);
            Posix.CloseQuietly(ref write);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Nop128_is_not_supported_on_linux_6_18(bool sqe128)
    {
        using Ring ring = TestRings.Started(new RingOptions { Entries = 8, Sqe128 = sqe128 });
        Assert.False(ring.Features.IsSupported(IoUringOp.Nop128));
        Assert.Equal(62, ring.Features.LastOp);
        NotSupportedException error = Assert.Throws<NotSupportedException>(() => ring.TryPrepareNop128(SqeContext.FromValue(1)));
        Assert.Contains("6.19", error.Message);
        Assert.Equal(0, ring.SqPending);
    }
}
