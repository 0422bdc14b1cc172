using System;
using System.IO;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>Raw SQEs written by a <see cref="Ring.TryPrepare{TState}"/> filler, run by the kernel (the README's example).</summary>
[Collection(FdNumberingCollection.Name)]
public sealed class RawSqeTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly Ring _ring = TestRings.Started();

    public void Dispose()
    {
        _ring.Dispose();
        _directory.Dispose();
    }

    /// <summary>The README's state: a directory fd and a path (a span), so the state is a ref struct.</summary>
    private readonly ref struct OpenArgs(int dirFd, ReadOnlySpan<char> path)
    {
        public int DirFd { get; } = dirFd;

        public ReadOnlySpan<char> Path { get; } = path;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_openat_filled_by_hand_opens_the_file_the_staged_path_names(bool multiIssuers)
    {
        using Ring ring = TestRings.Started(new RingOptions { MultiIssuers = multiIssuers });
        string path = _directory.File("raw-openat.txt");
        File.WriteAllText(path, "raw sqe");

        Assert.True(ring.TryPrepare(SqeContext.FromValue(1), UringOpKind.Other, new OpenArgs(FileDescriptors.CurrentDirectory, path),
            static (ref SubmissionSlot slot, scoped in OpenArgs args) =>
            {
                ref IoUringSqe sqe = ref slot.Sqe;
                sqe.Opcode = (byte)IoUringOp.OpenAt;
                sqe.Fd = args.DirFd;
                sqe.Addr = slot.StagePath(args.Path);
                sqe.OpFlags = (uint)(OpenFlags.ReadOnly | OpenFlags.CloseOnExec);
            }));

        CqeView opened = ring.WaitOne();
        Assert.True(opened.IsSuccess, $"openat failed: {opened.Error}");
        Assert.Equal(1UL, opened.Context.Value);
        int fd = opened.Result;

        using NativeBuffer buffer = new(64);
        Assert.True(ring.TryPrepareRead(SqeContext.FromValue(2), fd, buffer.Span, 0));
        CqeView read = ring.WaitOne();
        Assert.Equal(7, read.Result);
        Assert.Equal("raw sqe", System.Text.Encoding.ASCII.GetString(buffer.Span[..7]));
        Assert.True(ring.TryPrepareClose(SqeContext.FromValue(3), fd));
        Assert.Equal(0, ring.WaitOne().Result);
    }

    [Fact]
    public void A_nop_filled_by_hand_completes_with_its_injected_result()
    {
        Assert.True(_ring.TryPrepare(SqeContext.FromValue(9), UringOpKind.Other, 31337, static (ref SubmissionSlot slot, scoped in int result) =>
        {
            slot.Sqe.Opcode = (byte)IoUringOp.Nop;
            slot.Sqe.Fd = -1;
            slot.Sqe.OpFlags = (uint)NopFlags.InjectResult;
            slot.Sqe.Len = (uint)result;
        }));

        CqeView cqe = _ring.WaitOne();
        Assert.Equal(9UL, cqe.Context.Value);
        Assert.Equal(31337, cqe.Result);
    }
}
