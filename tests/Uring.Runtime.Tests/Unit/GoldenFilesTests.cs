using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>Golden SQEs of the file family (open variants, space management, the *at family, xattrs).</summary>
public sealed unsafe class GoldenFilesTests : IDisposable
{
    private static readonly SqeContext s_context = SqeContext.FromValue(0xF11E);
    private readonly Ring _ring = DetachedRings.Create();

    public void Dispose() => _ring.Dispose();

    private static ulong UserData => s_context.Raw;

    private static string? StringAt(byte[] sqe, int offset) => Marshal.PtrToStringUTF8((nint)DetachedRings.ReadU64(sqe, offset));

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareOpenAt))]
    public void OpenAt_into_a_slot_stores_slot_plus_one_and_drops_cloexec()
    {
        Assert.True(_ring.TryPrepareOpenAt(s_context, FileDescriptors.CurrentDirectory, "a.txt", OpenFlags.ReadOnly | OpenFlags.CloseOnExec, (UnixFileMode)0x180, FileTarget.Slot(4)));
        byte[] actual = _ring.LastSqeBytes();
        Assert.Equal("a.txt", StringAt(actual, 16));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.OpenAt).Fd(-100).Len(0x180).FileIndex(5).UserData(UserData).SameU64As(actual, 16).Bytes,
            actual);
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareOpenAt))]
    public void OpenAt_into_any_slot_stores_file_index_alloc()
    {
        Assert.True(_ring.TryPrepareOpenAt(s_context, 7, "b", OpenFlags.ReadWrite | OpenFlags.Create, target: FileTarget.AnySlot));
        byte[] actual = _ring.LastSqeBytes();
        Assert.Equal("b", StringAt(actual, 16));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.OpenAt).Fd(7).OpFlags(0x42).FileIndex(0xFFFFFFFF).UserData(UserData).SameU64As(actual, 16).Bytes,
            actual);
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareOpenAt2))]
    public void OpenAt2_stages_open_how_and_sets_its_size()
    {
        OpenHow how = new(OpenFlags.ReadOnly | OpenFlags.NoFollow, UnixFileMode.None, ResolveFlags.Beneath | ResolveFlags.NoSymlinks);
        Assert.True(_ring.TryPrepareOpenAt2(s_context, 9, "sub/file", how, options: new OpOptions { Personality = 2 }));
        byte[] actual = _ring.LastSqeBytes();
        Assert.Equal("sub/file", StringAt(actual, 16));
        OpenHow* staged = (OpenHow*)DetachedRings.ReadU64(actual, 8);
        Assert.Equal(0x20000UL, staged->Flags);
        Assert.Equal(0UL, staged->Mode);
        Assert.Equal(0x0CUL, (ulong)staged->Resolve);
        Assert.Equal(
            new ExpectedSqe(IoUringOp.OpenAt2).Fd(9).Len(24).Personality(2).UserData(UserData).SameU64As(actual, 8).SameU64As(actual, 16).Bytes,
            actual);
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareOpenAt2))]
    public void OpenAt2_into_a_slot_or_any_slot()
    {
        OpenHow how = new(OpenFlags.WriteOnly | OpenFlags.Create, (UnixFileMode)0x1A4);
        Assert.True(_ring.TryPrepareOpenAt2(s_context, -100, "x", how, FileTarget.Slot(0)));
        byte[] actual = _ring.LastSqeBytes();
        Assert.Equal(0x1A4UL, ((OpenHow*)DetachedRings.ReadU64(actual, 8))->Mode);
        Assert.Equal(
            new ExpectedSqe(IoUringOp.OpenAt2).Fd(-100).Len(24).FileIndex(1).UserData(UserData).SameU64As(actual, 8).SameU64As(actual, 16).Bytes,
            actual);

        Assert.True(_ring.TryPrepareOpenAt2(s_context, -100, "x", how, FileTarget.AnySlot));
        actual = _ring.LastSqeBytes();
        Assert.Equal(
            new ExpectedSqe(IoUringOp.OpenAt2).Fd(-100).Len(24).FileIndex(0xFFFFFFFF).UserData(UserData).SameU64As(actual, 8).SameU64As(actual, 16).Bytes,
            actual);
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareOpenAt2))]
    public void OpenAt2_clears_cloexec_in_the_staged_copy_for_a_slot_only()
    {
        OpenHow how = new(OpenFlags.ReadOnly | OpenFlags.CloseOnExec);
        Assert.True(_ring.TryPrepareOpenAt2(s_context, -100, "x", how));
        Assert.Equal(0x80000UL, ((OpenHow*)DetachedRings.ReadU64(_ring.LastSqeBytes(), 8))->Flags);
        Assert.True(_ring.TryPrepareOpenAt2(s_context, -100, "x", how, FileTarget.Slot(2)));
        byte[] actual = _ring.LastSqeBytes();
        Assert.Equal(0UL, ((OpenHow*)DetachedRings.ReadU64(actual, 8))->Flags);
        Assert.Equal(3u, BitConverter.ToUInt32(actual, 44));

        // The caller's value is left as it was.
        Assert.Equal(0x80000UL, how.Flags);
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareCloseDirect))]
    public void CloseDirect_uses_fd_zero_and_slot_plus_one()
    {
        Assert.True(_ring.TryPrepareCloseDirect(s_context, 11));
        Assert.Equal(new ExpectedSqe(IoUringOp.Close).FileIndex(12).UserData(UserData).Bytes, _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareFallocate))]
    public void Fallocate_puts_the_length_in_addr_and_the_mode_in_len()
    {
        Assert.True(_ring.TryPrepareFallocate(s_context, 3, offset: 4096, length: 0x1_2345_6789, FallocateMode.KeepSize | FallocateMode.PunchHole));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.Fallocate).Fd(3).Off(4096).Addr(0x1_2345_6789).Len(3).UserData(UserData).Bytes,
            _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareFtruncate))]
    public void Ftruncate_puts_the_length_in_off()
    {
        Assert.True(_ring.TryPrepareFtruncate(s_context, 4, 0x2_0000_0000));
        Assert.Equal(new ExpectedSqe(IoUringOp.Ftruncate).Fd(4).Off(0x2_0000_0000).UserData(UserData).Bytes, _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareSyncFileRange))]
    public void SyncFileRange()
    {
        Assert.True(_ring.TryPrepareSyncFileRange(s_context, 5, 8192, 65536, SyncFileRangeFlags.WriteAndWait, OpOptions.Linked));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.SyncFileRange).Fd(5).Off(8192).Len(65536).OpFlags(7).Flags(SqeFlags.IoLink).UserData(UserData).Bytes,
            _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareFadvise))]
    public void Fadvise_uses_the_64_bit_length_in_addr()
    {
        Assert.True(_ring.TryPrepareFadvise(s_context, 6, 100, 0x3_0000_0000, FileAdvice.DontNeed));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.Fadvise).Fd(6).Off(100).Addr(0x3_0000_0000).OpFlags(4).UserData(UserData).Bytes,
            _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareMadvise))]
    public void Madvise_uses_the_64_bit_length_in_off()
    {
        long address = 0x7F00_0000_0000;
        ulong length = 0x1_0000_0000;
        Assert.True(_ring.TryPrepareMadvise(s_context, (nint)address, (nuint)length, MemoryAdvice.WillNeed));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.Madvise).Fd(-1).Off(0x1_0000_0000).Addr(0x7F00_0000_0000).OpFlags(3).UserData(UserData).Bytes,
            _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareRenameAt))]
    public void RenameAt_stages_both_paths_and_puts_the_new_dirfd_in_len()
    {
        Assert.True(_ring.TryPrepareRenameAt(s_context, 10, "old/name", FileDescriptors.CurrentDirectory, "new/näme", RenameFlags.NoReplace));
        byte[] actual = _ring.LastSqeBytes();
        Assert.Equal("old/name", StringAt(actual, 16));
        Assert.Equal("new/näme", StringAt(actual, 8));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.RenameAt).Fd(10).Len(unchecked((uint)-100)).OpFlags(1).UserData(UserData).SameU64As(actual, 8).SameU64As(actual, 16).Bytes,
            actual);
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareUnlinkAt))]
    public void UnlinkAt()
    {
        Assert.True(_ring.TryPrepareUnlinkAt(s_context, 12, "gone", AtFlags.RemoveDir));
        byte[] actual = _ring.LastSqeBytes();
        Assert.Equal("gone", StringAt(actual, 16));
        Assert.Equal(new ExpectedSqe(IoUringOp.UnlinkAt).Fd(12).OpFlags(0x200).UserData(UserData).SameU64As(actual, 16).Bytes, actual);
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareMkdirAt))]
    public void MkdirAt_defaults_to_mode_0777()
    {
        Assert.True(_ring.TryPrepareMkdirAt(s_context, 13, "dir"));
        byte[] actual = _ring.LastSqeBytes();
        Assert.Equal("dir", StringAt(actual, 16));
        Assert.Equal(new ExpectedSqe(IoUringOp.MkdirAt).Fd(13).Len(0x1FF).UserData(UserData).SameU64As(actual, 16).Bytes, actual);
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareSymlinkAt))]
    public void SymlinkAt_puts_the_target_in_addr_and_the_link_in_addr2()
    {
        Assert.True(_ring.TryPrepareSymlinkAt(s_context, "../target", 14, "link"));
        byte[] actual = _ring.LastSqeBytes();
        Assert.Equal("../target", StringAt(actual, 16));
        Assert.Equal("link", StringAt(actual, 8));
        Assert.Equal(new ExpectedSqe(IoUringOp.SymlinkAt).Fd(14).UserData(UserData).SameU64As(actual, 8).SameU64As(actual, 16).Bytes, actual);
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareLinkAt))]
    public void LinkAt()
    {
        Assert.True(_ring.TryPrepareLinkAt(s_context, 15, "from", 16, "to", AtFlags.SymlinkFollow));
        byte[] actual = _ring.LastSqeBytes();
        Assert.Equal("from", StringAt(actual, 16));
        Assert.Equal("to", StringAt(actual, 8));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.LinkAt).Fd(15).Len(16).OpFlags(0x400).UserData(UserData).SameU64As(actual, 8).SameU64As(actual, 16).Bytes,
            actual);
    }

    [Fact]
    public void Two_path_max_paths_both_spill_and_stay_intact()
    {
        string oldPath = "/" + new string('o', 4000);
        string newPath = "/" + new string('n', 4000);
        Assert.True(_ring.TryPrepareRenameAt(s_context, -100, oldPath, -100, newPath));
        byte[] actual = _ring.LastSqeBytes();
        Assert.Equal(oldPath, StringAt(actual, 16));
        Assert.Equal(newPath, StringAt(actual, 8));
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareFGetXattr))]
    public void FGetXattr_holds_the_value_buffer()
    {
        using NativeBuffer value = new(64);
        Assert.True(_ring.TryPrepareFGetXattr(s_context, 17, "user.k", value.Span));
        byte[] actual = _ring.LastSqeBytes();
        Assert.Equal("user.k", StringAt(actual, 16));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.FGetXattr).Fd(17).Off((ulong)value.Pointer).Len(64).UserData(UserData).SameU64As(actual, 16).Bytes,
            actual);
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareFSetXattr))]
    public void FSetXattr_stages_the_value()
    {
        byte[] value = Encoding.ASCII.GetBytes("hello");
        Assert.True(_ring.TryPrepareFSetXattr(s_context, 18, "user.k", value, XattrFlags.Create));
        byte[] actual = _ring.LastSqeBytes();
        Assert.Equal("user.k", StringAt(actual, 16));
        byte* staged = (byte*)DetachedRings.ReadU64(actual, 8);
        Assert.Equal("hello", Encoding.ASCII.GetString(staged, 5));
        fixed (byte* caller = value)
        {
            Assert.True(staged != caller);
        }

        Assert.Equal(
            new ExpectedSqe(IoUringOp.FSetXattr).Fd(18).Len(5).OpFlags(1).UserData(UserData).SameU64As(actual, 8).SameU64As(actual, 16).Bytes,
            actual);
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareGetXattr))]
    public void GetXattr_puts_the_path_in_addr3()
    {
        using NativeBuffer value = new(32);
        Assert.True(_ring.TryPrepareGetXattr(s_context, "/tmp/f", "user.k", value.Span));
        byte[] actual = _ring.LastSqeBytes();
        Assert.Equal("/tmp/f", StringAt(actual, 48));
        Assert.Equal("user.k", StringAt(actual, 16));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.GetXattr).Off((ulong)value.Pointer).Len(32).UserData(UserData).SameU64As(actual, 16).SameU64As(actual, 48).Bytes,
            actual);
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareSetXattr))]
    public void SetXattr_stages_path_name_and_value()
    {
        Assert.True(_ring.TryPrepareSetXattr(s_context, "/tmp/f", "user.k", "v1"u8, XattrFlags.Replace));
        byte[] actual = _ring.LastSqeBytes();
        Assert.Equal("/tmp/f", StringAt(actual, 48));
        Assert.Equal("user.k", StringAt(actual, 16));
        Assert.Equal("v1", Encoding.ASCII.GetString((byte*)DetachedRings.ReadU64(actual, 8), 2));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.SetXattr).Len(2).OpFlags(2).UserData(UserData).SameU64As(actual, 8).SameU64As(actual, 16).SameU64As(actual, 48).Bytes,
            actual);
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareFSetXattr))]
    public void An_empty_xattr_value_is_encoded_as_null_and_zero_length()
    {
        Assert.True(_ring.TryPrepareFSetXattr(s_context, 19, "user.empty", ReadOnlySpan<byte>.Empty));
        byte[] actual = _ring.LastSqeBytes();
        Assert.Equal(0UL, DetachedRings.ReadU64(actual, 8));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.FSetXattr).Fd(19).UserData(UserData).SameU64As(actual, 16).Bytes,
            actual);
    }

    [Fact]
    public void A_bad_second_path_is_rejected_before_anything_is_queued()
    {
        int pending = _ring.SqPending;
        Assert.Throws<ArgumentException>(() => _ring.TryPrepareRenameAt(s_context, -100, "ok", -100, "bad\0path"));
        Assert.Throws<ArgumentException>(() => _ring.TryPrepareLinkAt(s_context, -100, "ok", -100, "/" + new string('x', 4095)));
        Assert.Throws<ArgumentException>(() => _ring.TryPrepareSetXattr(s_context, "/ok", "user.\0", "v"u8));
        Assert.Equal(pending, _ring.SqPending);
    }
}
