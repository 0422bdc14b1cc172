using System;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>Golden SQEs of splice, tee and pipe.</summary>
public sealed unsafe class GoldenTransferTests : IDisposable
{
    private static readonly SqeContext s_context = SqeContext.FromValue(0x5B1CE);
    private readonly Ring _ring = DetachedRings.Create();

    public void Dispose() => _ring.Dispose();

    private static ulong UserData => s_context.Raw;

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareSplice))]
    public void Splice_with_both_offsets()
    {
        Assert.True(_ring.TryPrepareSplice(s_context, inputFd: 3, outputFd: 4, length: 1000, inputOffset: 0x1_0000_0000, outputOffset: 512, SpliceFlags.Move | SpliceFlags.More));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.Splice).Fd(4).Off(512).Addr(0x1_0000_0000).Len(1000).OpFlags(5).FileIndex(3).UserData(UserData).Bytes,
            _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareSplice))]
    public void Splice_offsets_default_to_minus_one()
    {
        Assert.True(_ring.TryPrepareSplice(s_context, 3, 4, 64));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.Splice).Fd(4).Off(ulong.MaxValue).Addr(ulong.MaxValue).Len(64).FileIndex(3).UserData(UserData).Bytes,
            _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareSplice))]
    public void Splice_fixed_input_is_bit_31_and_fixed_output_is_the_sqe_flag()
    {
        Assert.True(_ring.TryPrepareSplice(s_context, 2, 1, 8, flags: SpliceFlags.InputFdFixed, options: OpOptions.FixedFile));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.Splice).Fd(1).Off(ulong.MaxValue).Addr(ulong.MaxValue).Len(8).OpFlags(0x80000000).FileIndex(2).Flags(SqeFlags.FixedFile).UserData(UserData).Bytes,
            _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareTee))]
    public void Tee_leaves_both_offsets_zero()
    {
        Assert.True(_ring.TryPrepareTee(s_context, 5, 6, 4096, SpliceFlags.NonBlock));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.Tee).Fd(6).Len(4096).OpFlags(2).FileIndex(5).UserData(UserData).Bytes,
            _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPreparePipe))]
    public void Pipe_holds_the_result_array()
    {
        PipeDescriptors[] result = GC.AllocateArray<PipeDescriptors>(1, pinned: true);
        Assert.True(_ring.TryPreparePipe(s_context, result, OpenFlags.CloseOnExec | OpenFlags.NonBlock));
        fixed (PipeDescriptors* p = result)
        {
            Assert.Equal(
                new ExpectedSqe(IoUringOp.Pipe).Addr((ulong)p).OpFlags(0x80800).UserData(UserData).Bytes,
                _ring.LastSqeBytes());
        }
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPreparePipe))]
    public void Pipe_into_slots_stores_the_first_slot_plus_one_or_alloc_and_drops_cloexec()
    {
        PipeDescriptors[] result = GC.AllocateArray<PipeDescriptors>(1, pinned: true);
        fixed (PipeDescriptors* p = result)
        {
            Assert.True(_ring.TryPreparePipe(s_context, result, target: FileTarget.Slot(6)));
            Assert.Equal(new ExpectedSqe(IoUringOp.Pipe).Addr((ulong)p).FileIndex(7).UserData(UserData).Bytes, _ring.LastSqeBytes());
            Assert.True(_ring.TryPreparePipe(s_context, result, OpenFlags.NonBlock | OpenFlags.CloseOnExec, FileTarget.AnySlot));
            Assert.Equal(new ExpectedSqe(IoUringOp.Pipe).Addr((ulong)p).OpFlags(0x800).FileIndex(0xFFFFFFFF).UserData(UserData).Bytes, _ring.LastSqeBytes());
        }
    }

    [Fact]
    public void Pipe_rejects_an_empty_result_span()
    {
        Assert.Throws<ArgumentException>(() => _ring.TryPreparePipe(s_context, Span<PipeDescriptors>.Empty));
        Assert.Equal(0, _ring.SqPending);
    }
}
