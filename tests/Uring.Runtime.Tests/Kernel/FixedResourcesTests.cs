using System;
using System.IO;
using System.Linq;
using System.Text;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>Registered buffers and files through the ring: fixed reads and writes, files update, fixed-fd install.</summary>
public sealed unsafe class FixedResourcesTests : IDisposable
{
    private const int FdCloexec = 1;
    private readonly Ring _ring = TestRings.Started();
    private readonly TempDirectory _directory = new();

    public void Dispose()
    {
        _ring.Dispose();
        _directory.Dispose();
    }

    private int Open(string path, OpenFlags flags)
    {
        Assert.True(_ring.TryPrepareOpenAt(SqeContext.FromValue(100), FileDescriptors.CurrentDirectory, path, flags | OpenFlags.CloseOnExec, (UnixFileMode)0x1A4));
        CqeView opened = _ring.WaitOne();
        Assert.True(opened.IsSuccess, $"openat failed: {opened.Error}");
        return opened.Result;
    }

    [Fact]
    public void Read_fixed_and_write_fixed_round_trip_through_a_file()
    {
        _ring.RegisterBuffers(2, 4096);
        byte[] data = Enumerable.Range(0, 1000).Select(i => (byte)(i * 13)).ToArray();
        data.CopyTo(_ring.RegisteredBuffer(0)[200..]);
        string path = _directory.File("fixed.bin");
        int fd = Open(path, OpenFlags.ReadWrite | OpenFlags.Create);
        try
        {
            Assert.True(_ring.TryPrepareWriteFixed(SqeContext.FromValue(1), fd, bufferIndex: 0, bufferOffset: 200, length: 1000, fileOffset: 0));
            CqeView written = _ring.WaitOne();
            Assert.Equal(1000, written.Result);
            Assert.Equal(data, File.ReadAllBytes(path));

            Assert.True(_ring.TryPrepareReadFixed(SqeContext.ForFd(fd), fd, bufferIndex: 1, bufferOffset: 3000, length: 1000, fileOffset: 0));
            CqeView read = _ring.WaitOne();
            Assert.Equal(1000, read.Result);
            Assert.Equal(IoUringOp.ReadFixed, read.Op);
            Assert.True(_ring.RegisteredBuffer(1).Slice(3000, 1000).SequenceEqual(data));

            // A short read at the end of the file, into the last bytes of the buffer.
            Assert.True(_ring.TryPrepareReadFixed(SqeContext.FromValue(3), fd, 1, 4000, 96, fileOffset: 990));
            Assert.Equal(10, _ring.WaitOne().Result);
        }
        finally
        {
            Posix.CloseQuietly(ref fd);
        }
    }

    [Fact]
    public void Fixed_ranges_outside_the_registered_buffer_are_rejected_before_queuing()
    {
        _ring.RegisterBuffers(1, 4096);
        int pending = _ring.SqPending;
        Assert.Throws<ArgumentOutOfRangeException>(() => _ring.TryPrepareReadFixed(SqeContext.FromValue(1), 0, 1, 0, 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ring.TryPrepareReadFixed(SqeContext.FromValue(1), 0, -1, 0, 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ring.TryPrepareReadFixed(SqeContext.FromValue(1), 0, 0, 4000, 97));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ring.TryPrepareWriteFixed(SqeContext.FromValue(1), 0, 0, 4097, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ring.TryPrepareWriteFixed(SqeContext.FromValue(1), 0, 0, -1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ring.TryPrepareWriteFixed(SqeContext.FromValue(1), 0, 0, 0, -1));

        using NativeBuffer outside = new(16);
        Assert.Throws<ArgumentException>(() => _ring.TryPrepareReadvFixed(SqeContext.FromValue(1), 0, 0, [new IoVector(outside.Pointer, 16)]));
        Assert.Throws<ArgumentException>(() => _ring.TryPrepareWritevFixed(SqeContext.FromValue(1), 0, 0, ReadOnlySpan<IoVector>.Empty));
        IoVector[] partlyOutside = [IoVector.FromPinned(_ring.RegisteredBuffer(0)[4000..]), new IoVector(outside.Pointer, 1)];
        Assert.Throws<ArgumentException>(() => _ring.TryPrepareWritevFixed(SqeContext.FromValue(1), 0, 0, partlyOutside));
        Assert.Equal(pending, _ring.SqPending);

        // The whole buffer is fine.
        Assert.True(_ring.TryPrepareWriteFixed(SqeContext.FromValue(1), -1, 0, 0, 4096));
        Assert.Equal(Errno.EBADF, _ring.WaitOne().Error);
    }

    [Fact]
    public void Readv_fixed_and_writev_fixed_gather_and_scatter_inside_registered_buffers()
    {
        _ring.RegisterBuffers(2, 4096);
        Span<byte> source = _ring.RegisteredBuffer(0);
        "gather-"u8.CopyTo(source[10..]);
        "scatter"u8.CopyTo(source[2000..]);
        string path = _directory.File("vectored.bin");
        int fd = Open(path, OpenFlags.ReadWrite | OpenFlags.Create);
        try
        {
            IoVector[] write = [IoVector.FromPinned(source.Slice(10, 7)), IoVector.FromPinned(source.Slice(2000, 7))];
            Assert.True(_ring.TryPrepareWritevFixed(SqeContext.FromValue(1), fd, 0, write, offset: 0));
            Assert.Equal(14, _ring.WaitOne().Result);
            Assert.Equal("gather-scatter", File.ReadAllText(path));

            Span<byte> target = _ring.RegisteredBuffer(1);
            IoVector[] read = [IoVector.FromPinned(target.Slice(4090, 6)), IoVector.FromPinned(target.Slice(0, 8))];
            Assert.True(_ring.TryPrepareReadvFixed(SqeContext.FromValue(2), fd, 1, read, offset: 0));
            Assert.Equal(14, _ring.WaitOne().Result);
            Assert.Equal("gather", Encoding.ASCII.GetString(target.Slice(4090, 6)));
            Assert.Equal("-scatter", Encoding.ASCII.GetString(target[..8]));

            // A vector in another registered buffer than buf_index is refused by the runtime.
            Assert.Throws<ArgumentException>(() => _ring.TryPrepareReadvFixed(SqeContext.FromValue(3), fd, 0, read));
        }
        finally
        {
            Posix.CloseQuietly(ref fd);
        }
    }

    [Fact]
    public void Files_update_installs_a_file_that_is_then_read_by_slot()
    {
        string path = _directory.File("slot.txt");
        File.WriteAllText(path, "by update");
        int fd = Open(path, OpenFlags.ReadOnly);
        try
        {
            _ring.RegisterFilesSparse(4);
            int[] fds = GC.AllocateArray<int>(1, pinned: true);
            fds[0] = fd;
            Assert.True(_ring.TryPrepareFilesUpdate(SqeContext.FromValue(1), fds, offset: 2));
            Assert.Equal(1, _ring.WaitOne().Result);

            using NativeBuffer buffer = new(32);
            Assert.True(_ring.TryPrepareRead(SqeContext.FromValue(2), 2, buffer.Span, 0, options: OpOptions.FixedFile));
            Assert.Equal(9, _ring.WaitOne().Result);
            Assert.Equal("by update", Encoding.ASCII.GetString(buffer.Span[..9]));

            // -1 clears the slot again.
            fds[0] = -1;
            Assert.True(_ring.TryPrepareFilesUpdate(SqeContext.FromValue(3), fds, offset: 2));
            Assert.Equal(1, _ring.WaitOne().Result);
            Assert.True(_ring.TryPrepareRead(SqeContext.FromValue(4), 2, buffer.Span, 0, options: OpOptions.FixedFile));
            Assert.Equal(Errno.EBADF, _ring.WaitOne().Error);
        }
        finally
        {
            Posix.CloseQuietly(ref fd);
        }
    }

    [Fact]
    public void A_files_update_linked_to_a_fixed_read_installs_the_file_first()
    {
        string path = _directory.File("linked.txt");
        File.WriteAllText(path, "linked");
        int fd = Open(path, OpenFlags.ReadOnly);
        try
        {
            _ring.RegisterFilesSparse(2);
            int[] fds = GC.AllocateArray<int>(1, pinned: true);
            fds[0] = fd;
            using NativeBuffer buffer = new(16);
            Assert.True(_ring.TryPrepareFilesUpdate(SqeContext.FromValue(1), fds, offset: 1, OpOptions.Linked));
            Assert.True(_ring.TryPrepareRead(SqeContext.FromValue(2), 1, buffer.Span, 0, options: OpOptions.FixedFile));
            CqeView[] both = _ring.WaitMany(2);
            Assert.Equal(1, both.Single(c => c.Context.Value == 1).Result);
            Assert.Equal(6, both.Single(c => c.Context.Value == 2).Result);
            Assert.Equal("linked", Encoding.ASCII.GetString(buffer.Span[..6]));
        }
        finally
        {
            Posix.CloseQuietly(ref fd);
        }
    }

    [Fact]
    public void Files_update_with_alloc_writes_the_chosen_slots_back()
    {
        string path = _directory.File("alloc.txt");
        File.WriteAllText(path, "allocated");
        int fd = Open(path, OpenFlags.ReadOnly);
        try
        {
            _ring.RegisterFilesSparse(8);
            _ring.SetFileAllocRange(5, 3);
            int[] fds = GC.AllocateArray<int>(2, pinned: true);
            fds[0] = fd;
            fds[1] = fd;
            Assert.True(_ring.TryPrepareFilesUpdateAlloc(SqeContext.FromValue(1), fds));
            Assert.Equal(2, _ring.WaitOne().Result);
            Assert.Equal([5, 6], fds);

            using NativeBuffer buffer = new(32);
            Assert.True(_ring.TryPrepareRead(SqeContext.FromValue(2), 6, buffer.Span, 0, options: OpOptions.FixedFile));
            Assert.Equal(9, _ring.WaitOne().Result);
            Assert.Equal("allocated", Encoding.ASCII.GetString(buffer.Span[..9]));

            // One slot is left in the range: the second fd finds none.
            fds[0] = fd;
            fds[1] = fd;
            Assert.True(_ring.TryPrepareFilesUpdateAlloc(SqeContext.FromValue(3), fds));
            Assert.Equal(1, _ring.WaitOne().Result);
            Assert.Equal(7, fds[0]);
            Assert.True(_ring.TryPrepareFilesUpdateAlloc(SqeContext.FromValue(4), fds.AsSpan(1)));
            Assert.Equal(Errno.ENFILE, _ring.WaitOne().Error);
        }
        finally
        {
            Posix.CloseQuietly(ref fd);
        }
    }

    [Fact]
    public void Files_update_without_a_file_table_fails_with_enxio()
    {
        int[] fds = GC.AllocateArray<int>(1, pinned: true);
        fds[0] = -1;
        Assert.True(_ring.TryPrepareFilesUpdateAlloc(SqeContext.FromValue(1), fds));
        Assert.Equal(Errno.ENXIO, _ring.WaitOne().Error);
        Assert.True(_ring.TryPrepareFilesUpdate(SqeContext.FromValue(2), fds, 0));
        Assert.Equal(Errno.ENXIO, _ring.WaitOne().Error);
    }

    [Fact]
    public void Fixed_fd_install_gives_a_usable_normal_descriptor()
    {
        (int read, int write) = Posix.Pipe();
        try
        {
            _ring.RegisterFiles([read]);
            Posix.CloseQuietly(ref read);
            read = -1;

            Assert.True(_ring.TryPrepareFixedFdInstall(SqeContext.FromValue(1), slot: 0));
            CqeView installed = _ring.WaitOne();
            Assert.True(installed.IsSuccess, $"install failed: {installed.Error}");
            int fd = installed.Result;
            Assert.Equal(FdCloexec, Posix.DescriptorFlags(fd) & FdCloexec);
            Posix.WriteAll(write, "through the installed fd"u8);
            byte[] back = new byte[64];
            Assert.Equal(24, Posix.Read(fd, back));
            Assert.Equal("through the installed fd", Encoding.ASCII.GetString(back, 0, 24));
            Posix.CloseQuietly(ref fd);

            Assert.True(_ring.TryPrepareFixedFdInstall(SqeContext.FromValue(2), 0, FixedFdInstallFlags.NoCloseOnExec));
            int inheritable = _ring.WaitOne().Result;
            Assert.True(inheritable >= 0);
            Assert.Equal(0, Posix.DescriptorFlags(inheritable) & FdCloexec);
            Posix.CloseQuietly(ref inheritable);

            // An empty slot has nothing to install.
            _ring.UpdateRegisteredFiles(0, [-1]);
            Assert.True(_ring.TryPrepareFixedFdInstall(SqeContext.FromValue(3), 0));
            Assert.Equal(Errno.EBADF, _ring.WaitOne().Error);
        }
        finally
        {
            Posix.CloseQuietly(ref read);
            Posix.CloseQuietly(ref write);
        }
    }
}
