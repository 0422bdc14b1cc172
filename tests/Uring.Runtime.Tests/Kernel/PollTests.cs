using System;
using System.Linq;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>Poll add (one-shot, multishot, level), remove by user_data and in-place update on a pipe.</summary>
public sealed class PollTests : IDisposable
{
    private readonly Ring _ring = TestRings.Started();
    private readonly (int Read, int Write) _pipe = Posix.Pipe();

    public void Dispose()
    {
        _ring.Dispose();
        Posix.CloseQuietly(_pipe.Read);
        Posix.CloseQuietly(_pipe.Write);
    }

    private static SqeContext Ctx(ulong id) => SqeContext.FromValue(id);

    private void Drain()
    {
        Span<byte> buffer = stackalloc byte[64];
        Posix.Read(_pipe.Read, buffer);
    }

    /// <summary>Submits a NOP and waits for it: any CQE the kernel had pending arrives first or with it.</summary>
    private CqeView[] Flush()
    {
        Assert.True(_ring.TryPrepareNop(Ctx(999)));
        CqeView[] got = new CqeView[8];
        int have = 0;
        while (!got.AsSpan(0, have).ToArray().Any(c => c.Context.Value == 999))
        {
            int n = _ring.Wait(got.AsSpan(have), 1, TimeSpan.FromSeconds(10));
            if (n == 0)
            {
                throw new TimeoutException("The NOP did not complete within 10 s.");
            }

            have += n;
        }

        return got.AsSpan(0, have).ToArray().Where(c => c.Context.Value != 999).ToArray();
    }

    [Fact]
    public void One_shot_poll_reports_readable_after_a_write()
    {
        Assert.True(_ring.TryPreparePollAdd(Ctx(1), _pipe.Read, PollEvents.In));
        _ring.Submit();
        Assert.Empty(Flush());
        Assert.Equal(1, Posix.Write(_pipe.Write, "x"u8));
        CqeView cqe = _ring.WaitOne();
        Assert.Equal(1UL, cqe.Context.Value);
        Assert.Equal(PollEvents.In, (PollEvents)cqe.Result & PollEvents.In);
        Assert.False(cqe.HasMore);
    }

    [Fact]
    public void One_shot_poll_reports_readiness_that_exists_when_armed()
    {
        Assert.Equal(1, Posix.Write(_pipe.Write, "x"u8));
        Assert.True(_ring.TryPreparePollAdd(Ctx(2), _pipe.Write, PollEvents.Out));
        CqeView writable = _ring.WaitOne();
        Assert.Equal(PollEvents.Out, (PollEvents)writable.Result & PollEvents.Out);
        Assert.True(_ring.TryPreparePollAdd(Ctx(3), _pipe.Read, PollEvents.In));
        Assert.Equal(PollEvents.In, (PollEvents)_ring.WaitOne().Result & PollEvents.In);
    }

    [Fact]
    public void Hang_up_is_reported_without_being_asked_for()
    {
        (int read, int write) = Posix.Pipe();
        try
        {
            Assert.True(_ring.TryPreparePollAdd(Ctx(4), read, PollEvents.Priority));
            _ring.Submit();
            Posix.CloseQuietly(ref write);
            write = -1;
            CqeView cqe = _ring.WaitOne();
            Assert.Equal(PollEvents.HangUp, (PollEvents)cqe.Result & PollEvents.HangUp);
        }
        finally
        {
            Posix.CloseQuietly(ref read);
            Posix.CloseQuietly(ref write);
        }
    }

    [Fact]
    public void Multishot_poll_posts_one_cqe_per_wake_up_with_more_until_removed()
    {
        Assert.True(_ring.TryPreparePollAddMultishot(Ctx(10), _pipe.Read, PollEvents.In));
        _ring.Submit();
        for (int round = 0; round < 3; round++)
        {
            Assert.Equal(1, Posix.Write(_pipe.Write, "x"u8));
            CqeView cqe = _ring.WaitOne();
            Assert.Equal(10UL, cqe.Context.Value);
            Assert.True(cqe.HasMore);
            Assert.Equal(PollEvents.In, (PollEvents)cqe.Result & PollEvents.In);
            Drain();
        }

        Assert.True(_ring.TryPreparePollRemove(Ctx(11), Ctx(10).Raw));
        CqeView[] end = _ring.WaitMany(2);
        Assert.Equal(0, end.Single(c => c.Context.Value == 11).Result);
        CqeView last = end.Single(c => c.Context.Value == 10);
        Assert.Equal(Errno.ECANCELED, last.Error);
        Assert.False(last.HasMore);
    }

    [Fact]
    public void Multishot_poll_is_edge_triggered_unread_data_posts_nothing_more()
    {
        Assert.True(_ring.TryPreparePollAddMultishot(Ctx(12), _pipe.Read, PollEvents.In));
        _ring.Submit();
        Assert.Equal(1, Posix.Write(_pipe.Write, "x"u8));
        Assert.True(_ring.WaitOne().HasMore);

        // The data is still unread, but without a new wake-up no CQE follows.
        Assert.Empty(Flush());
        Assert.Empty(Flush());

        Assert.Equal(1, Posix.Write(_pipe.Write, "y"u8));
        Assert.Equal(12UL, _ring.WaitOne().Context.Value);
        Assert.True(_ring.TryPreparePollRemove(Ctx(13), Ctx(12).Raw));
        Assert.Equal(2, _ring.WaitMany(2).Length);
    }

    [Fact]
    public void Multishot_poll_refuses_skip_success()
    {
        Assert.True(_ring.TryPreparePollAddMultishot(Ctx(14), _pipe.Read, PollEvents.In, OpOptions.SkipSuccess));
        Assert.Equal(Errno.EINVAL, _ring.WaitOne().Error);
    }

    [Fact]
    public void Level_triggered_poll_is_rejected_by_linux_6_18()
    {
        Assert.Equal(1, Posix.Write(_pipe.Write, "x"u8));
        Assert.True(_ring.TryPreparePollAddLevel(Ctx(20), _pipe.Read, PollEvents.In));
        Assert.Equal(Errno.EINVAL, _ring.WaitOne().Error);
        Assert.True(_ring.TryPreparePollAddMultishotLevel(Ctx(21), _pipe.Read, PollEvents.In));
        Assert.Equal(Errno.EINVAL, _ring.WaitOne().Error);
    }

    [Fact]
    public void Remove_targets_the_given_user_data()
    {
        // The reference library always targets user_data 0; here the poll named by the caller is removed.
        Assert.True(_ring.TryPreparePollAdd(Ctx(30), _pipe.Read, PollEvents.In));
        Assert.True(_ring.TryPreparePollAdd(Ctx(33), _pipe.Read, PollEvents.In));
        _ring.Submit();

        Assert.True(_ring.TryPreparePollRemove(Ctx(31), Ctx(30).Raw));
        CqeView[] removed = _ring.WaitMany(2);
        Assert.Equal(0, removed.Single(c => c.Context.Value == 31).Result);
        Assert.Equal(Errno.ECANCELED, removed.Single(c => c.Context.Value == 30).Error);

        // The other poll is untouched: it still fires.
        Assert.Equal(1, Posix.Write(_pipe.Write, "x"u8));
        CqeView other = _ring.WaitOne();
        Assert.Equal(33UL, other.Context.Value);
        Assert.True(other.IsSuccess);

        Assert.True(_ring.TryPreparePollRemove(Ctx(32), Ctx(30).Raw));
        Assert.Equal(Errno.ENOENT, _ring.WaitOne().Error);
    }

    [Fact]
    public void Update_changes_the_mask_and_the_user_data_of_an_armed_poll()
    {
        // Armed for POLLPRI, which a pipe never raises.
        Assert.True(_ring.TryPreparePollAdd(Ctx(40), _pipe.Read, PollEvents.Priority));
        _ring.Submit();
        Assert.Equal(1, Posix.Write(_pipe.Write, "x"u8));
        Assert.Empty(Flush());

        Assert.True(_ring.TryPreparePollUpdate(Ctx(41), Ctx(40).Raw, Ctx(42).Raw, PollEvents.In, PollFlags.UpdateEvents | PollFlags.UpdateUserData));
        CqeView[] both = _ring.WaitMany(2);
        Assert.Equal(0, both.Single(c => c.Context.Value == 41).Result);
        CqeView fired = both.Single(c => c.Context.Value != 41);
        Assert.Equal(42UL, fired.Context.Value);
        Assert.Equal(PollEvents.In, (PollEvents)fired.Result & PollEvents.In);
    }

    [Fact]
    public void Update_of_the_user_data_alone_keeps_the_mask()
    {
        Assert.True(_ring.TryPreparePollAdd(Ctx(50), _pipe.Read, PollEvents.In));
        Assert.True(_ring.TryPreparePollUpdate(Ctx(51), Ctx(50).Raw, Ctx(52).Raw, PollEvents.None, PollFlags.UpdateUserData));
        Assert.Equal(0, _ring.WaitOne().Result);
        Assert.Equal(1, Posix.Write(_pipe.Write, "x"u8));
        CqeView cqe = _ring.WaitOne();
        Assert.Equal(52UL, cqe.Context.Value);
        Assert.Equal(PollEvents.In, (PollEvents)cqe.Result & PollEvents.In);
    }

    [Fact]
    public void Update_rules_are_enforced_by_the_kernel()
    {
        Assert.True(_ring.TryPreparePollAdd(Ctx(60), _pipe.Read, PollEvents.In));
        _ring.Submit();
        Assert.True(_ring.TryPreparePollUpdate(Ctx(61), Ctx(60).Raw, Ctx(62).Raw, PollEvents.None, PollFlags.UpdateEvents));
        Assert.Equal(Errno.EINVAL, _ring.WaitOne().Error);
        Assert.True(_ring.TryPreparePollUpdate(Ctx(63), Ctx(60).Raw, 0, PollEvents.Out, PollFlags.UpdateUserData));
        Assert.Equal(Errno.EINVAL, _ring.WaitOne().Error);
        Assert.True(_ring.TryPreparePollUpdate(Ctx(64), Ctx(60).Raw, 0, PollEvents.In, PollFlags.UpdateEvents | PollFlags.AddLevel));
        Assert.Equal(Errno.EINVAL, _ring.WaitOne().Error);
        Assert.True(_ring.TryPreparePollUpdate(Ctx(65), Ctx(777).Raw, 0, PollEvents.In, PollFlags.UpdateEvents));
        Assert.Equal(Errno.ENOENT, _ring.WaitOne().Error);
    }

    [Fact]
    public void Poll_add_write_read_loop_allocates_nothing()
    {
        Span<CqeView> one = stackalloc CqeView[1];
        Span<byte> buffer = stackalloc byte[8];
        for (int warm = 0; warm < 2; warm++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 2_000; i++)
            {
                _ring.TryPreparePollAdd(Ctx(70), _pipe.Read, PollEvents.In);
                _ring.Submit();
                Posix.Write(_pipe.Write, "z"u8);
                if (_ring.Wait(one, 1, TimeSpan.FromSeconds(10)) != 1 || one[0].Result <= 0)
                {
                    Assert.Fail("The poll did not complete.");
                }

                Posix.Read(_pipe.Read, buffer);
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (warm == 1)
            {
                Assert.Equal(0, allocated);
            }
        }
    }
}
