using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>
/// Every declared op, byte by byte: the generated prep method must produce exactly the 64 bytes the uapi
/// prescribes. Expected bytes are built from the uapi offsets, not from the IoUringSqe struct.
/// </summary>
public sealed unsafe class GoldenSqeTests : IDisposable
{
    private const ulong UserData = 0xC0FFEE;
    private static readonly SqeContext s_context = SqeContext.FromValue(UserData);
    private readonly Ring _ring = DetachedRings.Create();

    public void Dispose() => _ring.Dispose();

    private static ulong ValueUserData => s_context.Raw;

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareNop))]
    public void Nop()
    {
        Assert.True(_ring.TryPrepareNop(s_context, NopFlags.InjectResult, result: 77, new OpOptions { Flags = SqeFlags.IoLink, Personality = 3 }));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.Nop).Fd(-1).Len(77).OpFlags(1).Flags(SqeFlags.IoLink).Personality(3).UserData(ValueUserData).Bytes,
            _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareRead))]
    public void Read()
    {
        using NativeBuffer buffer = new(100);
        Assert.True(_ring.TryPrepareRead(s_context, 5, buffer.Span, 4096, ReadWriteFlags.NoWait, new OpOptions { IoPriority = 0x4003 }));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.Read).Fd(5).Off(4096).Addr((ulong)buffer.Pointer).Len(100).OpFlags(0x8).IoPrio(0x4003).UserData(ValueUserData).Bytes,
            _ring.LastSqeBytes());
    }

    [Fact]
    public void Read_at_the_file_position_encodes_offset_minus_one()
    {
        using NativeBuffer buffer = new(8);
        Assert.True(_ring.TryPrepareRead(s_context, 5, buffer.Span));
        Assert.Equal(ulong.MaxValue, DetachedRings.ReadU64(_ring.LastSqeBytes(), 8));
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareWrite))]
    public void Write_is_write_like()
    {
        using Ring skipping = DetachedRings.Create(new RingOptions { NotifySucceed = false });
        using NativeBuffer buffer = new(10);
        Assert.True(skipping.TryPrepareWrite(s_context, 6, buffer.Span, 0));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.Write).Fd(6).Addr((ulong)buffer.Pointer).Len(10).Flags(SqeFlags.CqeSkipSuccess).UserData(ValueUserData).Bytes,
            skipping.LastSqeBytes());

        Assert.True(_ring.TryPrepareWrite(s_context, 6, buffer.Span, 0));
        Assert.Equal(0, _ring.LastSqeBytes()[1]);
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareReadv))]
    public void Readv_stages_the_iovec_array()
    {
        using NativeBuffer a = new(16);
        using NativeBuffer b = new(32);
        Span<IoVector> vectors = stackalloc IoVector[] { new(a.Pointer, 16), new(b.Pointer, 32) };
        Assert.True(_ring.TryPrepareReadv(s_context, 7, vectors, 12));
        byte[] actual = _ring.LastSqeBytes();
        IoVector* staged = (IoVector*)DetachedRings.ReadU64(actual, 16);
        Assert.True(staged != null);
        Assert.True(staged[0].Base == a.Pointer && staged[0].Length == 16);
        Assert.True(staged[1].Base == b.Pointer && staged[1].Length == 32);
        Assert.Equal(
            new ExpectedSqe(IoUringOp.Readv).Fd(7).Off(12).Len(2).UserData(ValueUserData).SameU64As(actual, 16).Bytes,
            actual);
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareWritev))]
    public void Writev()
    {
        using NativeBuffer a = new(16);
        IoVector[] vectors = [new(a.Pointer, 16)];
        Assert.True(_ring.TryPrepareWritev(s_context, 8, vectors, flags: ReadWriteFlags.DataSync));
        byte[] actual = _ring.LastSqeBytes();
        Assert.Equal(
            new ExpectedSqe(IoUringOp.Writev).Fd(8).Off(ulong.MaxValue).Len(1).OpFlags(2).UserData(ValueUserData).SameU64As(actual, 16).Bytes,
            actual);
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareFsync))]
    public void Fsync_and_fdatasync()
    {
        Assert.True(_ring.TryPrepareFsync(s_context, 9));
        Assert.Equal(new ExpectedSqe(IoUringOp.Fsync).Fd(9).UserData(ValueUserData).Bytes, _ring.LastSqeBytes());
        Assert.True(_ring.TryPrepareFsync(s_context, 9, dataSync: true));
        Assert.Equal(new ExpectedSqe(IoUringOp.Fsync).Fd(9).OpFlags(1).UserData(ValueUserData).Bytes, _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareOpenAt))]
    public void OpenAt_stages_the_path_as_nul_terminated_utf8()
    {
        Assert.True(_ring.TryPrepareOpenAt(s_context, FileDescriptors.CurrentDirectory, "dir/fïle.txt", OpenFlags.ReadWrite | OpenFlags.Create | OpenFlags.CloseOnExec, (UnixFileMode)0x1A4));
        byte[] actual = _ring.LastSqeBytes();
        Assert.Equal("dir/fïle.txt", Marshal.PtrToStringUTF8((nint)DetachedRings.ReadU64(actual, 16)));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.OpenAt).Fd(-100).Len(0x1A4).OpFlags(0x80042).UserData(ValueUserData).SameU64As(actual, 16).Bytes,
            actual);
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareClose))]
    public void Close()
    {
        Assert.True(_ring.TryPrepareClose(s_context, 11));
        Assert.Equal(new ExpectedSqe(IoUringOp.Close).Fd(11).UserData(ValueUserData).Bytes, _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareStatx))]
    public void Statx()
    {
        Statx[] result = GC.AllocateArray<Statx>(1, pinned: true);
        Assert.True(_ring.TryPrepareStatx(s_context, FileDescriptors.CurrentDirectory, "/etc", result, StatxMask.Size, AtFlags.SymlinkNoFollow));
        byte[] actual = _ring.LastSqeBytes();
        Assert.Equal("/etc", Marshal.PtrToStringUTF8((nint)DetachedRings.ReadU64(actual, 16)));
        fixed (Statx* expected = result)
        {
            Assert.Equal(
                new ExpectedSqe(IoUringOp.Statx).Fd(-100).Off((ulong)expected).Len(0x200).OpFlags(0x100).UserData(ValueUserData).SameU64As(actual, 16).Bytes,
                actual);
        }
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareTimeout))]
    public void Timeout_stages_the_timespec()
    {
        Assert.True(_ring.TryPrepareTimeout(s_context, TimeSpan.FromMilliseconds(1500.5), count: 3, TimeoutFlags.BootTime));
        byte[] actual = _ring.LastSqeBytes();
        KernelTimespec* timespec = (KernelTimespec*)DetachedRings.ReadU64(actual, 16);
        Assert.Equal(1, timespec->Seconds);
        Assert.Equal(500_500_000, timespec->Nanoseconds);
        Assert.Equal(
            new ExpectedSqe(IoUringOp.Timeout).Fd(-1).Off(3).Len(1).OpFlags(4).UserData(ValueUserData).SameU64As(actual, 16).Bytes,
            actual);
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareTimeoutRemove))]
    public void TimeoutRemove()
    {
        Assert.True(_ring.TryPrepareTimeoutRemove(s_context, 0x1234));
        Assert.Equal(new ExpectedSqe(IoUringOp.TimeoutRemove).Fd(-1).Addr(0x1234).UserData(ValueUserData).Bytes, _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareTimeoutUpdate))]
    public void TimeoutUpdate_ors_the_update_flag_with_the_callers()
    {
        Assert.True(_ring.TryPrepareTimeoutUpdate(s_context, 0x1234, TimeSpan.FromSeconds(2), TimeoutFlags.Absolute));
        byte[] actual = _ring.LastSqeBytes();
        Assert.Equal(2, ((KernelTimespec*)DetachedRings.ReadU64(actual, 8))->Seconds);
        Assert.Equal(
            new ExpectedSqe(IoUringOp.TimeoutRemove).Fd(-1).Addr(0x1234).OpFlags(0x2 | 0x1).UserData(ValueUserData).SameU64As(actual, 8).Bytes,
            actual);
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareLinkTimeoutUpdate))]
    public void LinkTimeoutUpdate()
    {
        // IORING_TIMEOUT_UPDATE (1 << 1) | IORING_LINK_TIMEOUT_UPDATE (1 << 4): without the UPDATE bit the kernel
        // takes TIMEOUT_REMOVE's remove path and answers -ENOENT for a linked timeout (uapi §7.1, §8).
        Assert.True(_ring.TryPrepareLinkTimeoutUpdate(s_context, 0x99, TimeSpan.FromSeconds(1)));
        byte[] actual = _ring.LastSqeBytes();
        Assert.Equal(
            new ExpectedSqe(IoUringOp.TimeoutRemove).Fd(-1).Addr(0x99).OpFlags(0x12).UserData(ValueUserData).SameU64As(actual, 8).Bytes,
            actual);
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareLinkTimeout))]
    public void LinkTimeout()
    {
        Assert.True(_ring.TryPrepareLinkTimeout(s_context, TimeSpan.FromMilliseconds(5)));
        byte[] actual = _ring.LastSqeBytes();
        Assert.Equal(5_000_000, ((KernelTimespec*)DetachedRings.ReadU64(actual, 16))->Nanoseconds);
        Assert.Equal(
            new ExpectedSqe(IoUringOp.LinkTimeout).Fd(-1).Len(1).UserData(ValueUserData).SameU64As(actual, 16).Bytes,
            actual);
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareCancel))]
    public void Cancel_by_user_data()
    {
        Assert.True(_ring.TryPrepareCancel(s_context, 0xABC, all: true));
        Assert.Equal(new ExpectedSqe(IoUringOp.AsyncCancel).Fd(-1).Addr(0xABC).OpFlags(1).UserData(ValueUserData).Bytes, _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareCancelFd))]
    public void Cancel_by_fd()
    {
        Assert.True(_ring.TryPrepareCancelFd(s_context, 12));
        Assert.Equal(new ExpectedSqe(IoUringOp.AsyncCancel).Fd(12).OpFlags(2).UserData(ValueUserData).Bytes, _ring.LastSqeBytes());
        Assert.True(_ring.TryPrepareCancelFd(s_context, 12, all: true));
        Assert.Equal(new ExpectedSqe(IoUringOp.AsyncCancel).Fd(12).OpFlags(3).UserData(ValueUserData).Bytes, _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareCancelOpcode))]
    public void Cancel_by_opcode_puts_the_opcode_in_len()
    {
        Assert.True(_ring.TryPrepareCancelOpcode(s_context, IoUringOp.Read, all: true));
        Assert.Equal(new ExpectedSqe(IoUringOp.AsyncCancel).Fd(-1).Len(22).OpFlags(0x21).UserData(ValueUserData).Bytes, _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareCancelAny))]
    [GoldenSqe(nameof(Ring.TryPrepareCancelAll))]
    public void Cancel_any_and_all()
    {
        Assert.True(_ring.TryPrepareCancelAny(s_context));
        Assert.Equal(new ExpectedSqe(IoUringOp.AsyncCancel).Fd(-1).OpFlags(4).UserData(ValueUserData).Bytes, _ring.LastSqeBytes());
        Assert.True(_ring.TryPrepareCancelAll(s_context));
        Assert.Equal(new ExpectedSqe(IoUringOp.AsyncCancel).Fd(-1).OpFlags(5).UserData(ValueUserData).Bytes, _ring.LastSqeBytes());
    }

    [Fact]
    public void Long_paths_spill_out_of_the_inline_staging_and_stay_intact()
    {
        string path = "/" + new string('p', 3000);
        Assert.True(_ring.TryPrepareOpenAt(s_context, FileDescriptors.CurrentDirectory, path, OpenFlags.ReadOnly));
        Assert.Equal(path, Marshal.PtrToStringUTF8((nint)DetachedRings.ReadU64(_ring.LastSqeBytes(), 16)));
        Assert.Equal(3001, Encoding.UTF8.GetByteCount(path));
    }
}
