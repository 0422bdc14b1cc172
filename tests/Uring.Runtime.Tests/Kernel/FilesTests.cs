using System;
using System.IO;
using System.Linq;
using System.Text;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>
/// The file family on a real kernel: space management checked with <see cref="FileInfo"/> and statx,
/// openat2 resolution rules, direct descriptors, and the *at family checked against the file system.
/// </summary>
public sealed unsafe class FilesTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly Ring _ring = TestRings.Started();
    private readonly (int Read, int Write) _pipe = Posix.Pipe();

    public void Dispose()
    {
        _ring.Dispose();
        _directory.Dispose();
        Posix.CloseQuietly(_pipe.Read);
        Posix.CloseQuietly(_pipe.Write);
    }

    private int OpenDirectory(string path)
        => _ring.ResultOf(1, _ring.TryPrepareOpenAt(SqeContext.FromValue(1), FileDescriptors.CurrentDirectory, path, OpenFlags.Directory | OpenFlags.Path | OpenFlags.CloseOnExec));

    private Statx StatWithRing(string path)
    {
        Statx[] result = GC.AllocateArray<Statx>(1, pinned: true);
        Assert.Equal(0, _ring.ResultOf(2, _ring.TryPrepareStatx(SqeContext.FromValue(2), FileDescriptors.CurrentDirectory, path, result, StatxMask.BasicStats, AtFlags.SymlinkNoFollow)));
        return result[0];
    }

    [Fact]
    public void Fallocate_grows_keeps_size_and_punches_holes()
    {
        string path = _directory.File("falloc.bin");
        using FileStream stream = File.Create(path);
        int fd = (int)stream.SafeFileHandle.DangerousGetHandle();

        Assert.Equal(0, _ring.ResultOf(10, _ring.TryPrepareFallocate(SqeContext.FromValue(10), fd, 0, 1 << 20)));
        Assert.Equal(1 << 20, new FileInfo(path).Length);
        ulong blocksAfterGrow = StatWithRing(path).Blocks;
        Assert.True(blocksAfterGrow >= (1 << 20) / 512, $"{blocksAfterGrow} blocks");

        Assert.Equal(0, _ring.ResultOf(11, _ring.TryPrepareFallocate(SqeContext.FromValue(11), fd, 1 << 20, 1 << 20, FallocateMode.KeepSize)));
        Assert.Equal(1 << 20, new FileInfo(path).Length);
        ulong blocksAfterKeep = StatWithRing(path).Blocks;
        Assert.True(blocksAfterKeep >= (2 << 20) / 512, $"{blocksAfterKeep} blocks");

        Assert.Equal(0, _ring.ResultOf(12, _ring.TryPrepareFallocate(SqeContext.FromValue(12), fd, 0, 1 << 20, FallocateMode.PunchHole | FallocateMode.KeepSize)));
        Assert.Equal(1 << 20, new FileInfo(path).Length);
        Assert.True(StatWithRing(path).Blocks < blocksAfterKeep);

        // PUNCH_HOLE without KEEP_SIZE is refused.
        Assert.Equal(-(int)Errno.EOPNOTSUPP, _ring.ResultOf(13, _ring.TryPrepareFallocate(SqeContext.FromValue(13), fd, 0, 4096, FallocateMode.PunchHole)));
    }

    [Fact]
    public void Ftruncate_takes_a_64_bit_length()
    {
        string path = _directory.File("truncate.bin");
        File.WriteAllBytes(path, new byte[100]);
        using FileStream stream = new(path, FileMode.Open, FileAccess.ReadWrite);
        int fd = (int)stream.SafeFileHandle.DangerousGetHandle();

        const long FiveGiB = 5L << 30;
        Assert.Equal(0, _ring.ResultOf(20, _ring.TryPrepareFtruncate(SqeContext.FromValue(20), fd, FiveGiB)));
        Assert.Equal(FiveGiB, new FileInfo(path).Length);
        Assert.Equal(0, _ring.ResultOf(21, _ring.TryPrepareFtruncate(SqeContext.FromValue(21), fd, 10)));
        Assert.Equal(10, new FileInfo(path).Length);
    }

    [Fact]
    public void SyncFileRange_writes_back_a_file_and_refuses_a_pipe()
    {
        string path = _directory.File("sfr.bin");
        File.WriteAllBytes(path, Enumerable.Range(0, 8192).Select(i => (byte)i).ToArray());
        using FileStream stream = new(path, FileMode.Open, FileAccess.ReadWrite);
        int fd = (int)stream.SafeFileHandle.DangerousGetHandle();
        Assert.Equal(0, _ring.ResultOf(30, _ring.TryPrepareSyncFileRange(SqeContext.FromValue(30), fd, 0, 0, SyncFileRangeFlags.WriteAndWait)));
        Assert.Equal(0, _ring.ResultOf(31, _ring.TryPrepareSyncFileRange(SqeContext.FromValue(31), fd, 4096, 4096, SyncFileRangeFlags.Write)));
        Assert.Equal(8192, new FileInfo(path).Length);

        Assert.Equal(-(int)Errno.ESPIPE, _ring.ResultOf(32, _ring.TryPrepareSyncFileRange(SqeContext.FromValue(32), _pipe.Read, 0, 0, SyncFileRangeFlags.Write)));
    }

    [Fact]
    public void Fadvise_accepts_a_range_over_4_GiB_and_is_checked_by_the_kernel()
    {
        string path = _directory.File("advise.bin");
        File.WriteAllBytes(path, new byte[64 << 10]);
        using FileStream stream = File.OpenRead(path);
        int fd = (int)stream.SafeFileHandle.DangerousGetHandle();

        Assert.Equal(0, _ring.ResultOf(40, _ring.TryPrepareFadvise(SqeContext.FromValue(40), fd, 0, 6L << 30, FileAdvice.WillNeed)));
        Assert.Equal(0, _ring.ResultOf(41, _ring.TryPrepareFadvise(SqeContext.FromValue(41), fd, 0, 0, FileAdvice.DontNeed)));
        Assert.Equal(0, _ring.ResultOf(42, _ring.TryPrepareFadvise(SqeContext.FromValue(42), fd, 4096, 8192, FileAdvice.Sequential)));
        Assert.Equal(-(int)Errno.EINVAL, _ring.ResultOf(43, _ring.TryPrepareFadvise(SqeContext.FromValue(43), fd, 0, 0, (FileAdvice)99)));

        Assert.Equal(-(int)Errno.ESPIPE, _ring.ResultOf(44, _ring.TryPrepareFadvise(SqeContext.FromValue(44), _pipe.Read, 0, 0, FileAdvice.Normal)));
    }

    [Fact]
    public void Madvise_dontneed_zeroes_private_memory_beyond_4_GiB()
    {
        // 4 GiB + 64 KiB of address space, of which only the first and the last page are touched. If the
        // length were truncated to 32 bits, only the first 64 KiB would be advised and the last page kept.
        ulong bytes = (4UL << 30) + (64 << 10);
        nuint length = (nuint)bytes;
        byte* memory = Posix.MapAnonymousMemory(length);
        try
        {
            memory[0] = 0xAB;
            memory[length - 1] = 0xCD;
            Assert.Equal(0, _ring.ResultOf(50, _ring.TryPrepareMadvise(SqeContext.FromValue(50), (nint)memory, length, MemoryAdvice.DontNeed)));
            Assert.Equal(0, memory[0]);
            Assert.Equal(0, memory[length - 1]);

            Assert.Equal(-(int)Errno.EINVAL, _ring.ResultOf(51, _ring.TryPrepareMadvise(SqeContext.FromValue(51), (nint)(memory + 1), 4096, MemoryAdvice.DontNeed)));
        }
        finally
        {
            Posix.Unmap(memory, length);
        }
    }

    [Fact]
    public void OpenAt2_resolve_beneath_rejects_an_escape_and_accepts_a_relative_path()
    {
        string inner = _directory.File("inner.txt");
        File.WriteAllText(inner, "beneath");
        int directoryFd = OpenDirectory(_directory.Path);
        try
        {
            OpenHow beneath = new(OpenFlags.ReadOnly | OpenFlags.CloseOnExec, resolve: ResolveFlags.Beneath);
            Assert.Equal(-(int)Errno.EXDEV, _ring.ResultOf(60, _ring.TryPrepareOpenAt2(SqeContext.FromValue(60), directoryFd, "../x", beneath)));
            Assert.Equal(-(int)Errno.EXDEV, _ring.ResultOf(61, _ring.TryPrepareOpenAt2(SqeContext.FromValue(61), directoryFd, inner, beneath)));

            int fd = _ring.ResultOf(62, _ring.TryPrepareOpenAt2(SqeContext.FromValue(62), directoryFd, "inner.txt", beneath));
            Assert.True(fd >= 0, $"openat2 failed: {(Errno)(-fd)}");
            Span<byte> buffer = stackalloc byte[16];
            Assert.Equal(7, Posix.Read(fd, buffer));
            Assert.Equal("beneath", Encoding.ASCII.GetString(buffer[..7]));
            Assert.Equal(Posix.FdCloexec, Posix.GetFdFlags(fd) & Posix.FdCloexec);
            Posix.CloseQuietly(ref fd);

            // Unlike openat, openat2 refuses a mode without O_CREAT.
            OpenHow strict = new(OpenFlags.ReadOnly, (UnixFileMode)0x1A4);
            Assert.Equal(-(int)Errno.EINVAL, _ring.ResultOf(63, _ring.TryPrepareOpenAt2(SqeContext.FromValue(63), directoryFd, "inner.txt", strict)));
        }
        finally
        {
            Posix.CloseQuietly(ref directoryFd);
        }
    }

    [Fact]
    public void OpenAt2_creates_with_the_staged_mode()
    {
        string path = _directory.File("created.txt");
        OpenHow how = new(OpenFlags.WriteOnly | OpenFlags.Create | OpenFlags.Exclusive | OpenFlags.CloseOnExec, (UnixFileMode)0x180);
        int fd = _ring.ResultOf(64, _ring.TryPrepareOpenAt2(SqeContext.FromValue(64), FileDescriptors.CurrentDirectory, path, how));
        Assert.True(fd >= 0);
        Posix.CloseQuietly(ref fd);
        Assert.Equal(0x180, StatWithRing(path).Mode & 0xFFF);
        Assert.Equal(-(int)Errno.EEXIST, _ring.ResultOf(65, _ring.TryPrepareOpenAt2(SqeContext.FromValue(65), FileDescriptors.CurrentDirectory, path, how)));
    }

    [Fact]
    public void OpenAt_into_a_slot_fills_a_sparse_slot_that_fixed_file_reads_use()
    {
        string path = _directory.File("direct.txt");
        File.WriteAllText(path, "direct descriptor");
        _ring.RegisterFilesSparse(8);
        using NativeBuffer buffer = new(64);

        Assert.Equal(0, _ring.ResultOf(70, _ring.TryPrepareOpenAt(SqeContext.FromValue(70), FileDescriptors.CurrentDirectory, path, OpenFlags.ReadOnly, target: FileTarget.Slot(3))));
        Assert.Equal(17, _ring.ResultOf(71, _ring.TryPrepareRead(SqeContext.FromValue(71), 3, buffer.Span, 0, options: OpOptions.FixedFile)));
        Assert.Equal("direct descriptor", Encoding.ASCII.GetString(buffer.Span[..17]));

        Assert.Equal(0, _ring.ResultOf(72, _ring.TryPrepareCloseDirect(SqeContext.FromValue(72), 3)));
        Assert.Equal(-(int)Errno.EBADF, _ring.ResultOf(73, _ring.TryPrepareRead(SqeContext.FromValue(73), 3, buffer.Span, 0, options: OpOptions.FixedFile)));
        Assert.Equal(-(int)Errno.EBADF, _ring.ResultOf(74, _ring.TryPrepareCloseDirect(SqeContext.FromValue(74), 3)));

        // A slot has no fd to close on exec and the kernel refuses O_CLOEXEC for it (EINVAL): the op does not send
        // the bit for a slot target, so the same flags open the file into slot 1, for openat and openat2 alike.
        Assert.Equal(0, _ring.ResultOf(75, _ring.TryPrepareOpenAt(SqeContext.FromValue(75), FileDescriptors.CurrentDirectory, path, OpenFlags.ReadOnly | OpenFlags.CloseOnExec, target: FileTarget.Slot(1))));
        Assert.Equal(17, _ring.ResultOf(76, _ring.TryPrepareRead(SqeContext.FromValue(76), 1, buffer.Span, 0, options: OpOptions.FixedFile)));
        Assert.Equal(0, _ring.ResultOf(77, _ring.TryPrepareOpenAt2(SqeContext.FromValue(77), FileDescriptors.CurrentDirectory, path, new OpenHow(OpenFlags.ReadOnly | OpenFlags.CloseOnExec), FileTarget.Slot(2))));
        Assert.Equal(17, _ring.ResultOf(78, _ring.TryPrepareRead(SqeContext.FromValue(78), 2, buffer.Span, 0, options: OpOptions.FixedFile)));
        Assert.Equal("direct descriptor", Encoding.ASCII.GetString(buffer.Span[..17]));
    }

    [Fact]
    public void OpenAt_and_openat2_into_any_slot_return_the_slot()
    {
        string path = _directory.File("alloc.txt");
        File.WriteAllText(path, "alloc");
        _ring.RegisterFilesSparse(4);
        _ring.SetFileAllocRange(2, 2);

        Assert.Equal(2, _ring.ResultOf(80, _ring.TryPrepareOpenAt(SqeContext.FromValue(80), FileDescriptors.CurrentDirectory, path, OpenFlags.ReadOnly, target: FileTarget.AnySlot)));
        Assert.Equal(3, _ring.ResultOf(81, _ring.TryPrepareOpenAt2(SqeContext.FromValue(81), FileDescriptors.CurrentDirectory, path, new OpenHow(OpenFlags.ReadOnly), FileTarget.AnySlot)));
        Assert.Equal(-(int)Errno.ENFILE, _ring.ResultOf(82, _ring.TryPrepareOpenAt(SqeContext.FromValue(82), FileDescriptors.CurrentDirectory, path, OpenFlags.ReadOnly, target: FileTarget.AnySlot)));

        Assert.Equal(0, _ring.ResultOf(83, _ring.TryPrepareOpenAt2(SqeContext.FromValue(83), FileDescriptors.CurrentDirectory, path, new OpenHow(OpenFlags.ReadOnly), FileTarget.Slot(0))));
        using NativeBuffer buffer = new(8);
        foreach (int slot in new[] { 0, 2, 3 })
        {
            Assert.Equal(5, _ring.ResultOf(84, _ring.TryPrepareRead(SqeContext.FromValue(84), slot, buffer.Span, 0, options: OpOptions.FixedFile)));
        }
    }

    [Fact]
    public void The_at_family_changes_the_file_system_relative_to_directory_fds()
    {
        int directoryFd = OpenDirectory(_directory.Path);
        try
        {
            Assert.Equal(0, _ring.ResultOf(90, _ring.TryPrepareMkdirAt(SqeContext.FromValue(90), directoryFd, "sub", (UnixFileMode)0x1C0)));
            Assert.True(Directory.Exists(_directory.File("sub")));
            Assert.Equal(0x1C0, StatWithRing(_directory.File("sub")).Mode & 0xFFF);
            Assert.Equal(-(int)Errno.EEXIST, _ring.ResultOf(91, _ring.TryPrepareMkdirAt(SqeContext.FromValue(91), directoryFd, "sub")));

            File.WriteAllText(_directory.File("a.txt"), "payload");
            int subFd = OpenDirectory(_directory.File("sub"));
            try
            {
                // renameat across two directory fds.
                Assert.Equal(0, _ring.ResultOf(92, _ring.TryPrepareRenameAt(SqeContext.FromValue(92), directoryFd, "a.txt", subFd, "b.txt")));
                Assert.False(File.Exists(_directory.File("a.txt")));
                Assert.Equal("payload", File.ReadAllText(Path.Combine(_directory.File("sub"), "b.txt")));

                // linkat: a second name for the same inode.
                Assert.Equal(0, _ring.ResultOf(93, _ring.TryPrepareLinkAt(SqeContext.FromValue(93), subFd, "b.txt", directoryFd, "hard.txt")));
                Assert.Equal("payload", File.ReadAllText(_directory.File("hard.txt")));
                Assert.Equal(2u, StatWithRing(_directory.File("hard.txt")).LinkCount);
            }
            finally
            {
                Posix.CloseQuietly(ref subFd);
            }

            // NOREPLACE refuses to overwrite.
            File.WriteAllText(_directory.File("other.txt"), "other");
            Assert.Equal(-(int)Errno.EEXIST, _ring.ResultOf(94, _ring.TryPrepareRenameAt(SqeContext.FromValue(94), directoryFd, "other.txt", directoryFd, "hard.txt", RenameFlags.NoReplace)));
            Assert.Equal("payload", File.ReadAllText(_directory.File("hard.txt")));

            // symlinkat stores the target as given; readlink through .NET.
            Assert.Equal(0, _ring.ResultOf(95, _ring.TryPrepareSymlinkAt(SqeContext.FromValue(95), "sub/b.txt", directoryFd, "link")));
            Assert.Equal("sub/b.txt", new FileInfo(_directory.File("link")).LinkTarget);
            Assert.Equal("payload", File.ReadAllText(_directory.File("link")));

            // linkat with AT_SYMLINK_FOLLOW links the target, without it the link itself.
            Assert.Equal(0, _ring.ResultOf(96, _ring.TryPrepareLinkAt(SqeContext.FromValue(96), directoryFd, "link", directoryFd, "followed", AtFlags.SymlinkFollow)));
            Assert.Null(new FileInfo(_directory.File("followed")).LinkTarget);
            Assert.Equal(0, _ring.ResultOf(97, _ring.TryPrepareLinkAt(SqeContext.FromValue(97), directoryFd, "link", directoryFd, "unfollowed")));
            Assert.Equal("sub/b.txt", new FileInfo(_directory.File("unfollowed")).LinkTarget);

            // unlinkat: files, then the directory (EISDIR without AT_REMOVEDIR, ENOTEMPTY while populated).
            Assert.Equal(-(int)Errno.EISDIR, _ring.ResultOf(98, _ring.TryPrepareUnlinkAt(SqeContext.FromValue(98), directoryFd, "sub")));
            Assert.Equal(-(int)Errno.ENOTEMPTY, _ring.ResultOf(99, _ring.TryPrepareUnlinkAt(SqeContext.FromValue(99), directoryFd, "sub", AtFlags.RemoveDir)));
            Assert.Equal(0, _ring.ResultOf(100, _ring.TryPrepareUnlinkAt(SqeContext.FromValue(100), directoryFd, "sub/b.txt")));
            Assert.Equal(0, _ring.ResultOf(101, _ring.TryPrepareUnlinkAt(SqeContext.FromValue(101), directoryFd, "sub", AtFlags.RemoveDir)));
            Assert.False(Directory.Exists(_directory.File("sub")));
            Assert.Equal(-(int)Errno.EINVAL, _ring.ResultOf(102, _ring.TryPrepareUnlinkAt(SqeContext.FromValue(102), directoryFd, "link", AtFlags.SymlinkFollow)));
            Assert.Equal(0, _ring.ResultOf(103, _ring.TryPrepareUnlinkAt(SqeContext.FromValue(103), directoryFd, "link")));
            Assert.False(File.Exists(_directory.File("link")));
            Assert.Equal(2u, StatWithRing(_directory.File("hard.txt")).LinkCount); // hard.txt and followed remain
        }
        finally
        {
            Posix.CloseQuietly(ref directoryFd);
        }
    }

    [Fact]
    public void A_linked_chain_of_path_ops_runs_in_order()
    {
        string dir = _directory.File("chain");
        Assert.True(_ring.TryPrepareMkdirAt(SqeContext.FromValue(110), FileDescriptors.CurrentDirectory, dir, options: OpOptions.Linked));
        Assert.True(_ring.TryPrepareSymlinkAt(SqeContext.FromValue(111), "nowhere", FileDescriptors.CurrentDirectory, Path.Combine(dir, "l1"), OpOptions.Linked));
        Assert.True(_ring.TryPrepareRenameAt(SqeContext.FromValue(112), FileDescriptors.CurrentDirectory, Path.Combine(dir, "l1"), FileDescriptors.CurrentDirectory, Path.Combine(dir, "l2"), options: OpOptions.Linked));
        Assert.True(_ring.TryPrepareUnlinkAt(SqeContext.FromValue(113), FileDescriptors.CurrentDirectory, Path.Combine(dir, "l2"), options: OpOptions.Linked));
        Assert.True(_ring.TryPrepareUnlinkAt(SqeContext.FromValue(114), FileDescriptors.CurrentDirectory, dir, AtFlags.RemoveDir));
        CqeView[] all = _ring.WaitMany(5);
        Assert.Equal(new ulong[] { 110, 111, 112, 113, 114 }, all.Select(c => c.Context.Value).ToArray());
        Assert.All(all, c => Assert.Equal(0, c.Result));
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void A_failed_path_op_does_not_break_its_link_chain_on_6_18()
    {
        // MKDIRAT, RENAMEAT, UNLINKAT, SYMLINKAT and LINKAT set their result without marking the request
        // failed, so an error at issue time lets the linked successor run (OPENAT, by contrast, cancels it).
        Assert.True(_ring.TryPrepareMkdirAt(SqeContext.FromValue(120), FileDescriptors.CurrentDirectory, _directory.File("missing/deeper"), options: OpOptions.Linked));
        Assert.True(_ring.TryPrepareMkdirAt(SqeContext.FromValue(121), FileDescriptors.CurrentDirectory, _directory.File("ran-anyway")));
        CqeView[] all = _ring.WaitMany(2);
        Assert.Equal(Errno.ENOENT, all.Single(c => c.Context.Value == 120).Error);
        Assert.Equal(0, all.Single(c => c.Context.Value == 121).Result);
        Assert.True(Directory.Exists(_directory.File("ran-anyway")));

        Assert.True(_ring.TryPrepareOpenAt(SqeContext.FromValue(122), FileDescriptors.CurrentDirectory, _directory.File("missing/file"), OpenFlags.ReadOnly, options: OpOptions.Linked));
        Assert.True(_ring.TryPrepareMkdirAt(SqeContext.FromValue(123), FileDescriptors.CurrentDirectory, _directory.File("never")));
        all = _ring.WaitMany(2);
        Assert.Equal(Errno.ENOENT, all.Single(c => c.Context.Value == 122).Error);
        Assert.Equal(Errno.ECANCELED, all.Single(c => c.Context.Value == 123).Error);
        Assert.False(Directory.Exists(_directory.File("never")));
    }

    [Fact]
    public void Renaming_back_and_forth_with_two_staged_paths_allocates_nothing()
    {
        File.WriteAllText(_directory.File("ping"), "x");
        int directoryFd = OpenDirectory(_directory.Path);
        try
        {
            Span<CqeView> one = stackalloc CqeView[1];
            for (int warm = 0; warm < 2; warm++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 1_000; i++)
                {
                    bool even = (i & 1) == 0;
                    _ring.TryPrepareRenameAt(SqeContext.FromValue(130), directoryFd, even ? "ping" : "pong", directoryFd, even ? "pong" : "ping");
                    if (_ring.Wait(one, 1, TimeSpan.FromSeconds(10)) != 1 || one[0].Result != 0)
                    {
                        Assert.Fail("renameat failed.");
                    }
                }

                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                if (warm == 1)
                {
                    Assert.Equal(0, allocated);
                }
            }

            Assert.True(File.Exists(_directory.File("ping")));
        }
        finally
        {
            Posix.CloseQuietly(ref directoryFd);
        }
    }
}
