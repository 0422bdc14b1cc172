using System;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>Golden SQEs of poll add (all four modes), remove and update: command flags in len, mask at +28.</summary>
public sealed class GoldenPollTests : IDisposable
{
    private static readonly SqeContext s_context = SqeContext.FromValue(0x9011);
    private readonly Ring _ring = DetachedRings.Create();

    public void Dispose() => _ring.Dispose();

    private static ulong UserData => s_context.Raw;

    [Fact]
    [GoldenSqe(nameof(Ring.TryPreparePollAdd))]
    public void PollAdd_one_shot()
    {
        Assert.True(_ring.TryPreparePollAdd(s_context, 7, PollEvents.In | PollEvents.ReadHangUp));
        Assert.Equal(new ExpectedSqe(IoUringOp.PollAdd).Fd(7).OpFlags(0x2001).UserData(UserData).Bytes, _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPreparePollAddMultishot))]
    public void PollAdd_multishot_puts_add_multi_in_len()
    {
        Assert.True(_ring.TryPreparePollAddMultishot(s_context, 7, PollEvents.Out));
        Assert.Equal(new ExpectedSqe(IoUringOp.PollAdd).Fd(7).Len(1).OpFlags(4).UserData(UserData).Bytes, _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPreparePollAddLevel))]
    [GoldenSqe(nameof(Ring.TryPreparePollAddMultishotLevel))]
    public void PollAdd_level_variants_put_add_level_in_len()
    {
        Assert.True(_ring.TryPreparePollAddLevel(s_context, 8, PollEvents.In));
        Assert.Equal(new ExpectedSqe(IoUringOp.PollAdd).Fd(8).Len(8).OpFlags(1).UserData(UserData).Bytes, _ring.LastSqeBytes());
        Assert.True(_ring.TryPreparePollAddMultishotLevel(s_context, 8, PollEvents.In));
        Assert.Equal(new ExpectedSqe(IoUringOp.PollAdd).Fd(8).Len(9).OpFlags(1).UserData(UserData).Bytes, _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPreparePollRemove))]
    public void PollRemove_targets_the_given_user_data()
    {
        Assert.True(_ring.TryPreparePollRemove(s_context, 0xDEAD_BEEF_0001));
        Assert.Equal(new ExpectedSqe(IoUringOp.PollRemove).Fd(-1).Addr(0xDEAD_BEEF_0001).UserData(UserData).Bytes, _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPreparePollUpdate))]
    public void PollUpdate_puts_old_user_data_in_addr_new_in_off_and_flags_in_len()
    {
        Assert.True(_ring.TryPreparePollUpdate(s_context, targetUserData: 0x11, newUserData: 0x22, PollEvents.In | PollEvents.Out, PollFlags.UpdateEvents | PollFlags.UpdateUserData));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.PollRemove).Fd(-1).Off(0x22).Addr(0x11).Len(6).OpFlags(5).UserData(UserData).Bytes,
            _ring.LastSqeBytes());
    }
}
