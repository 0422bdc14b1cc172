using System;
using System.IO;
using System.Text;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>MSG_RING between two rings: posting completions and passing registered files.</summary>
public sealed class MsgRingTests : IDisposable
{
    private readonly Ring _source = TestRings.Started();
    private readonly Ring _target = TestRings.Started();

    public void Dispose()
    {
        _source.Dispose();
        _target.Dispose();
    }

    [Fact]
    public void A_message_posts_a_completion_with_the_chosen_user_data_and_result()
    {
        SqeContext posted = SqeContext.FromValue(0xABCDEF);
        Assert.True(_source.TryPrepareMsgRing(SqeContext.FromValue(1), _target.RingFd, posted.Raw, result: 42));
        CqeView sent = _source.WaitOne();
        Assert.Equal(0, sent.Result);
        Assert.Equal(1UL, sent.Context.Value);

        CqeView received = _target.WaitOne();
        Assert.Equal(posted, received.Context);
        Assert.Equal(0xABCDEFUL, received.Context.Value);
        Assert.Equal(42, received.Result);
        Assert.Equal(CqeFlags.None, received.Flags);
    }

    [Fact]
    public void Flags_pass_sets_the_target_completion_flags()
    {
        CqeFlags flags = CqeFlags.More | (CqeFlags)(7u << 16);
        Assert.True(_source.TryPrepareMsgRingWithFlags(SqeContext.FromValue(1), _target.RingFd, 99, result: -5, flags));
        Assert.Equal(0, _source.WaitOne().Result);
        CqeView received = _target.WaitOne();
        Assert.Equal(99UL, received.Context.Raw);
        Assert.Equal(-5, received.Result);
        Assert.Equal(flags, received.Flags);
    }

    [Fact]
    public void A_message_to_a_descriptor_that_is_not_a_ring_fails()
    {
        (int read, int write) = Posix.Pipe();
        try
        {
            Assert.True(_source.TryPrepareMsgRing(SqeContext.FromValue(1), read, 1));
            Assert.Equal(Errno.EBADFD, _source.WaitOne().Error);
        }
        finally
        {
            Posix.CloseQuietly(ref read);
            Posix.CloseQuietly(ref write);
        }
    }

    [Fact]
    public void A_registered_file_is_passed_into_the_target_table_and_read_there()
    {
        using TempDirectory directory = new();
        string path = directory.File("passed.txt");
        File.WriteAllText(path, "passed between rings");
        using FileStream stream = File.OpenRead(path);
        _source.RegisterFiles([(int)stream.SafeFileHandle.DangerousGetHandle()]);
        _target.RegisterFilesSparse(4);

        Assert.True(_source.TryPrepareMsgRingFd(SqeContext.FromValue(1), _target.RingFd, sourceSlot: 0, FileTarget.Slot(3), targetUserData: 77));
        Assert.Equal(0, _source.WaitOne().Result);
        CqeView arrived = _target.WaitOne();
        Assert.Equal(77UL, arrived.Context.Raw);
        Assert.Equal(0, arrived.Result);

        using NativeBuffer buffer = new(64);
        Assert.True(_target.TryPrepareRead(SqeContext.FromValue(2), 3, buffer.Span, 0, options: OpOptions.FixedFile));
        Assert.Equal(20, _target.WaitOne().Result);
        Assert.Equal("passed between rings", Encoding.ASCII.GetString(buffer.Span[..20]));
    }

    [Fact]
    public void A_file_passed_to_any_slot_lands_in_a_free_slot_and_skip_suppresses_the_target_completion()
    {
        using TempDirectory directory = new();
        string path = directory.File("alloc.txt");
        File.WriteAllText(path, "alloc");
        using FileStream stream = File.OpenRead(path);
        _source.RegisterFiles([(int)stream.SafeFileHandle.DangerousGetHandle()]);
        _target.RegisterFilesSparse(4);
        _target.SetFileAllocRange(2, 2);

        Assert.True(_source.TryPrepareMsgRingFd(SqeContext.FromValue(1), _target.RingFd, sourceSlot: 0, FileTarget.AnySlot, targetUserData: 5));
        Assert.Equal(2, _source.WaitOne().Result);
        CqeView arrived = _target.WaitOne();
        Assert.Equal(5UL, arrived.Context.Raw);
        Assert.Equal(2, arrived.Result);

        Assert.True(_source.TryPrepareMsgRingFd(SqeContext.FromValue(2), _target.RingFd, 0, FileTarget.AnySlot, targetUserData: 6, skipTargetCompletion: true));
        Assert.Equal(3, _source.WaitOne().Result);

        // Slot 3 was taken silently: a read through it works, and it is the only completion the target sees.
        using NativeBuffer buffer = new(16);
        Assert.True(_target.TryPrepareRead(SqeContext.FromValue(3), 3, buffer.Span, 0, options: OpOptions.FixedFile));
        CqeView read = _target.WaitOne();
        Assert.Equal(3UL, read.Context.Value);
        Assert.Equal(5, read.Result);
        Assert.Equal(0, _target.CqPending);
    }

    [Fact]
    public void Passing_an_empty_source_slot_fails_with_ebadf()
    {
        _source.RegisterFilesSparse(2);
        _target.RegisterFilesSparse(2);
        Assert.True(_source.TryPrepareMsgRingFd(SqeContext.FromValue(1), _target.RingFd, 1, FileTarget.Slot(0)));
        Assert.Equal(Errno.EBADF, _source.WaitOne().Error);
    }
}
