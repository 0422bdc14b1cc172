using System;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>Golden SQE of waitid: id in fd, idtype in len, options in file_index, siginfo in addr2.</summary>
public sealed unsafe class GoldenWaitIdTests : IDisposable
{
    private static readonly SqeContext s_context = SqeContext.FromValue(0x3A17);
    private readonly Ring _ring = DetachedRings.Create();

    public void Dispose() => _ring.Dispose();

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareWaitId))]
    public void WaitId()
    {
        SignalInfo[] info = GC.AllocateArray<SignalInfo>(1, pinned: true);
        Assert.True(_ring.TryPrepareWaitId(s_context, IdType.PidFd, 33, info, WaitOptions.Exited | WaitOptions.NoWait));
        fixed (SignalInfo* p = info)
        {
            Assert.Equal(
                new ExpectedSqe(IoUringOp.WaitId).Fd(33).Off((ulong)p).Len(3).FileIndex(0x01000004).UserData(s_context.Raw).Bytes,
                _ring.LastSqeBytes());
        }
    }

    [Fact]
    public void WaitId_defaults_to_exited_and_rejects_an_empty_info_span()
    {
        SignalInfo[] info = GC.AllocateArray<SignalInfo>(1, pinned: true);
        Assert.True(_ring.TryPrepareWaitId(s_context, IdType.All, 0, info));
        Assert.Equal(4u, BitConverter.ToUInt32(_ring.LastSqeBytes(), 44));
        Assert.Throws<ArgumentException>(() => _ring.TryPrepareWaitId(s_context, IdType.All, 0, Span<SignalInfo>.Empty));
    }
}
