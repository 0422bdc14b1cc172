using System;
using System.IO;
using System.Linq;
using System.Text;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>Real file I/O through the ring, checked against the file system.</summary>
[Collection(FdNumberingCollection.Name)]
public sealed class FileIoTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly Ring _ring = TestRings.Started();

    public void Dispose()
    {
        _ring.Dispose();
        _directory.Dispose();
    }

    private int OpenWithRing(string path, OpenFlags flags, UnixFileMode mode = (UnixFileMode)0x1A4)
    {
        Assert.True(_ring.TryPrepareOpenAt(SqeContext.FromValue(1), FileDescriptors.CurrentDirectory, path, flags | OpenFlags.CloseOnExec, mode));
        CqeView opened = _ring.WaitOne();
        Assert.True(opened.IsSuccess, $"openat failed: {opened.Error}");
        return opened.Result;
    }

    private void CloseWithRing(int fd)
    {
        Assert.True(_ring.TryPrepareClose(SqeContext.FromValue(2), fd));
        Assert.Equal(0, _ring.WaitOne().Result);
    }

    [Fact]
    public void Write_then_read_back_through_the_ring()
    {
        string path = _directory.File("plain.bin");
        int fd = OpenWithRing(path, OpenFlags.ReadWrite | OpenFlags.Create);
        using NativeBuffer data = new(8192);
        for (int i = 0; i < data.Length; i++)
        {
            data.Span[i] = (byte)(i * 7);
        }

        Assert.True(_ring.TryPrepareWrite(SqeContext.FromValue(3), fd, data.Span, 0));
        CqeView written = _ring.WaitOne();
        Assert.Equal(8192, written.Result);
        Assert.Null(written.Op);

        using NativeBuffer back = new(8192);
        Assert.True(_ring.TryPrepareRead(SqeContext.ForFd(fd), fd, back.Span, 0));
        CqeView read = _ring.WaitOne();
        Assert.Equal(8192, read.Result);
        Assert.Equal(IoUringOp.Read, read.Op);
        Assert.Equal(fd, read.Fd);
        Assert.True(back.Span.SequenceEqual(data.Span));
        CloseWithRing(fd);
        Assert.Equal(data.Span.ToArray(), File.ReadAllBytes(path));
    }

    [Fact]
    public void Vectored_write_and_read_round_trip()
    {
        string path = _directory.File("vectored.bin");
        int fd = OpenWithRing(path, OpenFlags.ReadWrite | OpenFlags.Create);
        using NativeBuffer first = new(3);
        using NativeBuffer second = new(5);
        "abc"u8.CopyTo(first.Span);
        "defgh"u8.CopyTo(second.Span);
        unsafe
        {
            Span<IoVector> outgoing = stackalloc IoVector[] { new(first.Pointer, 3), new(second.Pointer, 5) };
            Assert.True(_ring.TryPrepareWritev(SqeContext.FromValue(4), fd, outgoing, 0));
        }

        Assert.Equal(8, _ring.WaitOne().Result);

        using NativeBuffer left = new(4);
        using NativeBuffer right = new(4);
        unsafe
        {
            Span<IoVector> incoming = stackalloc IoVector[] { new(left.Pointer, 4), new(right.Pointer, 4) };
            Assert.True(_ring.TryPrepareReadv(SqeContext.FromValue(5), fd, incoming, 0));
        }

        Assert.Equal(8, _ring.WaitOne().Result);
        Assert.Equal("abcd", Encoding.ASCII.GetString(left.Span));
        Assert.Equal("efgh", Encoding.ASCII.GetString(right.Span));
        CloseWithRing(fd);
    }

    [Fact]
    public void Read_at_end_of_file_returns_zero()
    {
        string path = _directory.File("short.txt");
        File.WriteAllText(path, "hi");
        int fd = OpenWithRing(path, OpenFlags.ReadOnly);
        using NativeBuffer buffer = new(16);
        Assert.True(_ring.TryPrepareRead(SqeContext.FromValue(6), fd, buffer.Span, 0));
        Assert.Equal(2, _ring.WaitOne().Result);
        Assert.True(_ring.TryPrepareRead(SqeContext.FromValue(7), fd, buffer.Span, 2));
        Assert.Equal(0, _ring.WaitOne().Result);
        CloseWithRing(fd);
    }

    [Fact]
    public void Fsync_and_fdatasync_complete_on_a_written_file()
    {
        string path = _directory.File("synced.bin");
        int fd = OpenWithRing(path, OpenFlags.WriteOnly | OpenFlags.Create);
        using NativeBuffer data = new(4096);
        Assert.True(_ring.TryPrepareWrite(SqeContext.FromValue(8), fd, data.Span, 0, options: OpOptions.Linked));
        Assert.True(_ring.TryPrepareFsync(SqeContext.FromValue(9), fd, dataSync: true, options: OpOptions.Linked));
        Assert.True(_ring.TryPrepareFsync(SqeContext.FromValue(10), fd));
        CqeView[] all = _ring.WaitMany(3);
        Assert.Equal(4096, all.Single(c => c.Context.Value == 8).Result);
        Assert.Equal(0, all.Single(c => c.Context.Value == 9).Result);
        Assert.Equal(0, all.Single(c => c.Context.Value == 10).Result);
        CloseWithRing(fd);
        Assert.Equal(4096, new FileInfo(path).Length);
    }

    [Fact]
    public void OpenAt_gives_a_usable_descriptor()
    {
        string path = _directory.File("opened.txt");
        File.WriteAllText(path, "usable");
        int fd = OpenWithRing(path, OpenFlags.ReadOnly);
        Assert.True(fd > 2);
        Assert.True(Posix.IsOpen(fd));
        Span<byte> buffer = stackalloc byte[16];
        Assert.Equal(6, Posix.Read(fd, buffer));
        Assert.Equal("usable", Encoding.ASCII.GetString(buffer[..6]));
        string? target = Posix.FdTarget(fd);
        CloseWithRing(fd);
        Assert.NotEqual(target, Posix.FdTarget(fd)); // closed (a parallel test may already reuse the number)
    }

    [Fact]
    public void OpenAt_of_a_missing_file_reports_enoent()
    {
        Assert.True(_ring.TryPrepareOpenAt(SqeContext.FromValue(11), FileDescriptors.CurrentDirectory, _directory.File("missing"), OpenFlags.ReadOnly));
        CqeView cqe = _ring.WaitOne();
        Assert.Equal(Errno.ENOENT, cqe.Error);
        Assert.Throws<UringException>(cqe.ThrowIfError);
    }

    [Fact]
    public void Close_of_a_bad_descriptor_reports_ebadf()
    {
        Assert.True(_ring.TryPrepareClose(SqeContext.FromValue(12), 999_999));
        Assert.Equal(Errno.EBADF, _ring.WaitOne().Error);
    }

    [Fact]
    public void Statx_reports_the_size()
    {
        string path = _directory.File("sized.bin");
        File.WriteAllBytes(path, new byte[12345]);
        Statx[] result = GC.AllocateArray<Statx>(1, pinned: true);
        Assert.True(_ring.TryPrepareStatx(SqeContext.FromValue(13), FileDescriptors.CurrentDirectory, path, result, StatxMask.Size | StatxMask.Mode));
        Assert.Equal(0, _ring.WaitOne().Result);
        Assert.True(result[0].Mask.HasFlag(StatxMask.Size));
        Assert.Equal(12345UL, result[0].Size);
        Assert.Equal(0x8000, result[0].Mode & 0xF000);
    }

    [Fact]
    public void Write_like_success_posts_no_completion_without_notify_succeed()
    {
        using Ring quiet = TestRings.Started(new RingOptions { Entries = 8 });
        string path = _directory.File("quiet.bin");
        using FileStream stream = File.Create(path);
        int fd = (int)stream.SafeFileHandle.DangerousGetHandle();
        using NativeBuffer data = new(10);
        Assert.True(quiet.TryPrepareWrite(SqeContext.FromValue(14), fd, data.Span, 0));
        Assert.True(quiet.TryPrepareWrite(SqeContext.FromValue(15), -5, data.Span, 0));
        Assert.True(quiet.TryPrepareNop(SqeContext.FromValue(16)));
        CqeView[] posted = quiet.WaitMany(2);
        Assert.DoesNotContain(posted, c => c.Context.Value == 14);
        Assert.Equal(Errno.EBADF, posted.Single(c => c.Context.Value == 15).Error);
        Assert.Equal(0, quiet.Wait(new CqeView[1], 1, TimeSpan.FromMilliseconds(50)));
        Assert.Equal(10, new FileInfo(path).Length);
    }
}
