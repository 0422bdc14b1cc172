using System;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>Golden SQEs of the fixed-resource ops (READ/WRITE_FIXED, READV/WRITEV_FIXED, FILES_UPDATE, FIXED_FD_INSTALL).</summary>
public sealed unsafe class GoldenFixedTests : IDisposable
{
    private static readonly SqeContext s_context = SqeContext.FromValue(0xF1);
    private readonly Ring _ring = DetachedRings.Create();

    public GoldenFixedTests() => _ring.UseUnregisteredBuffersForTests(3, 8192);

    public void Dispose() => _ring.Dispose();

    private static ulong UserData => s_context.Raw;

    private ulong AddressOf(int index, int offset) => SqeEncoding.AddressOf(_ring.RegisteredBuffer(index)) + (ulong)offset;

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareReadFixed))]
    public void ReadFixed_points_inside_the_registered_buffer()
    {
        OpOptions options = new() { Flags = SqeFlags.IoLink, IoPriority = 0x2001, Personality = 5 };
        Assert.True(_ring.TryPrepareReadFixed(s_context, 7, bufferIndex: 2, bufferOffset: 100, length: 4000, fileOffset: 4096, ReadWriteFlags.HighPriority, options));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.ReadFixed).Flags(SqeFlags.IoLink).IoPrio(0x2001).Fd(7).Off(4096).Addr(AddressOf(2, 100)).Len(4000).OpFlags(0x1)
                .BufIndex(2).Personality(5).UserData(UserData).Bytes,
            _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareWriteFixed))]
    public void WriteFixed_is_write_like()
    {
        Assert.True(_ring.TryPrepareWriteFixed(s_context, 8, 1, 0, 8192));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.WriteFixed).Fd(8).Off(ulong.MaxValue).Addr(AddressOf(1, 0)).Len(8192).BufIndex(1).UserData(UserData).Bytes,
            _ring.LastSqeBytes());

        using Ring skipping = DetachedRings.Create(new RingOptions { NotifySucceed = false });
        skipping.UseUnregisteredBuffersForTests(1, 4096);
        Assert.True(skipping.TryPrepareWriteFixed(s_context, 8, 0, 10, 20, fileOffset: 0));
        Assert.Equal((byte)SqeFlags.CqeSkipSuccess, skipping.LastSqeBytes()[1]);
    }

    [Fact]
    public void Fixed_ranges_are_checked_before_anything_is_reserved()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ring.TryPrepareReadFixed(s_context, 1, 3, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ring.TryPrepareReadFixed(s_context, 1, 0, 8192, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ring.TryPrepareWriteFixed(s_context, 1, 0, 1, 8192));
        Assert.Equal(0, _ring.SqPending);
        Assert.True(_ring.TryPrepareReadFixed(s_context, 1, 0, 8192, 0));
        Assert.Equal(AddressOf(0, 8192), DetachedRings.ReadU64(_ring.LastSqeBytes(), 16));
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareReadvFixed))]
    public void ReadvFixed_stages_vectors_inside_the_buffer()
    {
        Span<byte> buffer = _ring.RegisteredBuffer(1);
        IoVector[] vectors = [IoVector.FromPinned(buffer.Slice(0, 100)), IoVector.FromPinned(buffer.Slice(8000, 192))];
        Assert.True(_ring.TryPrepareReadvFixed(s_context, 9, bufferIndex: 1, vectors, offset: 12, ReadWriteFlags.NoWait));
        byte[] actual = _ring.LastSqeBytes();
        IoVector* staged = (IoVector*)DetachedRings.ReadU64(actual, 16);
        Assert.True(staged[0].Base == vectors[0].Base && staged[0].Length == 100);
        Assert.True(staged[1].Base == vectors[1].Base && staged[1].Length == 192);
        Assert.Equal(
            new ExpectedSqe(IoUringOp.ReadvFixed).Fd(9).Off(12).Len(2).OpFlags(0x8).BufIndex(1).UserData(UserData).SameU64As(actual, 16).Bytes,
            actual);
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareWritevFixed))]
    public void WritevFixed()
    {
        IoVector[] vectors = [IoVector.FromPinned(_ring.RegisteredBuffer(2)[..10])];
        Assert.True(_ring.TryPrepareWritevFixed(s_context, 9, 2, vectors, options: OpOptions.Drain));
        byte[] actual = _ring.LastSqeBytes();
        Assert.Equal(
            new ExpectedSqe(IoUringOp.WritevFixed).Flags(SqeFlags.IoDrain).Fd(9).Off(ulong.MaxValue).Len(1).BufIndex(2).UserData(UserData)
                .SameU64As(actual, 16).Bytes,
            actual);
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareFilesUpdate))]
    public void FilesUpdate_passes_the_callers_array()
    {
        int[] fds = GC.AllocateArray<int>(3, pinned: true);
        Assert.True(_ring.TryPrepareFilesUpdate(s_context, fds, offset: 17, OpOptions.Linked));
        fixed (int* expected = fds)
        {
            Assert.Equal(
                new ExpectedSqe(IoUringOp.FilesUpdate).Flags(SqeFlags.IoLink).Fd(-1).Off(17).Addr((ulong)expected).Len(3).UserData(UserData).Bytes,
                _ring.LastSqeBytes());
        }

        Assert.Throws<ArgumentException>(() => _ring.TryPrepareFilesUpdate(s_context, ReadOnlySpan<int>.Empty, 0));
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareFilesUpdateAlloc))]
    public void FilesUpdateAlloc_uses_file_index_alloc_as_the_offset()
    {
        int[] fds = GC.AllocateArray<int>(2, pinned: true);
        Assert.True(_ring.TryPrepareFilesUpdateAlloc(s_context, fds));
        fixed (int* expected = fds)
        {
            Assert.Equal(
                new ExpectedSqe(IoUringOp.FilesUpdate).Fd(-1).Off(ulong.MaxValue).Addr((ulong)expected).Len(2).UserData(UserData).Bytes,
                _ring.LastSqeBytes());
        }
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareFixedFdInstall))]
    public void FixedFdInstall_always_sets_fixed_file()
    {
        Assert.True(_ring.TryPrepareFixedFdInstall(s_context, slot: 12));
        Assert.Equal(new ExpectedSqe(IoUringOp.FixedFdInstall).Flags(SqeFlags.FixedFile).Fd(12).UserData(UserData).Bytes, _ring.LastSqeBytes());
        Assert.True(_ring.TryPrepareFixedFdInstall(s_context, 3, FixedFdInstallFlags.NoCloseOnExec, OpOptions.Linked));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.FixedFdInstall).Flags(SqeFlags.FixedFile | SqeFlags.IoLink).Fd(3).OpFlags(1).UserData(UserData).Bytes,
            _ring.LastSqeBytes());
    }
}
