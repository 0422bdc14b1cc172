using System;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>
/// <c>IORING_OP_RECV_ZC</c> byte by byte (uapi §1.2 and §8): liburing has no prep helper for it; its test suite writes
/// <c>io_uring_prep_rw(IORING_OP_RECV_ZC, sqe, fd, NULL, len, 0)</c>, then <c>ioprio |= IORING_RECV_MULTISHOT</c> and
/// <c>zcrx_ifq_idx = id</c> (+44). Everything else stays 0: <c>addr</c>, <c>addr2</c>, <c>addr3</c> and
/// <c>msg_flags</c> must, or the kernel refuses the request.
/// </summary>
public sealed class GoldenRecvZcTests : IDisposable
{
    private static readonly SqeContext s_context = SqeContext.FromValue(0x2C);
    private readonly Ring _ring = DetachedRings.Create(new RingOptions { Cqe32 = true, NotifySucceed = true }, sqEntries: 16);

    public void Dispose() => _ring.Dispose();

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareRecvZc))]
    public void Recv_zc_is_multishot_with_the_queue_id_at_44()
    {
        Assert.True(_ring.TryPrepareRecvZc(s_context, 7, zcrxId: 5));
        Assert.Equal(new ExpectedSqe(IoUringOp.RecvZc).Fd(7).IoPrio(2).FileIndex(5).UserData(s_context.Raw).Bytes, _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareRecvZc))]
    public void Recv_zc_limit_poll_first_and_options()
    {
        Assert.True(_ring.TryPrepareRecvZc(s_context, 8, zcrxId: 0xABCD, maxBytes: 65536, pollFirst: true, new OpOptions { Flags = SqeFlags.IoLink, Personality = 3 }));
        byte[] expected = new ExpectedSqe(IoUringOp.RecvZc).Fd(8).IoPrio(3).Len(65536).FileIndex(0xABCD).Flags(SqeFlags.IoLink).Personality(3).UserData(s_context.Raw).Bytes;
        Assert.Equal(expected, _ring.LastSqeBytes());
    }

    [Fact]
    public void The_queue_id_is_the_zcrx_ifq_idx_member_at_44()
        => Assert.Equal(44, (int)System.Runtime.InteropServices.Marshal.OffsetOf<IoUringSqe>(nameof(IoUringSqe.ZcrxIfqIdx)));
}
