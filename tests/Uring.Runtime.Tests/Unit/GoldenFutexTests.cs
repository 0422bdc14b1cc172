using System;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>Golden SQEs of the futex ops: futex2 flags in fd, value in addr2, mask in addr3.</summary>
public sealed unsafe class GoldenFutexTests : IDisposable
{
    private static readonly SqeContext s_context = SqeContext.FromValue(0xF07E);
    private readonly Ring _ring = DetachedRings.Create();

    public void Dispose() => _ring.Dispose();

    private static ulong UserData => s_context.Raw;

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareFutexWait))]
    public void FutexWait()
    {
        using NativeBuffer word = new(4);
        ReadOnlySpan<uint> futex = new(word.Pointer, 1);
        Assert.True(_ring.TryPrepareFutexWait(s_context, futex, expected: 42));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.FutexWait).Fd(0x82).Off(42).Addr((ulong)word.Pointer).Addr3(0xFFFFFFFF).UserData(UserData).Bytes,
            _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareFutexWake))]
    public void FutexWake_with_a_mask_and_shared_flags()
    {
        using NativeBuffer word = new(4);
        ReadOnlySpan<uint> futex = new(word.Pointer, 1);
        Assert.True(_ring.TryPrepareFutexWake(s_context, futex, count: 3, FutexFlags.SizeU32, mask: 0x0F));
        Assert.Equal(
            new ExpectedSqe(IoUringOp.FutexWake).Fd(2).Off(3).Addr((ulong)word.Pointer).Addr3(0x0F).UserData(UserData).Bytes,
            _ring.LastSqeBytes());
    }

    [Fact]
    [GoldenSqe(nameof(Ring.TryPrepareFutexWaitV))]
    public void FutexWaitV_stages_the_vector()
    {
        using NativeBuffer words = new(8);
        uint* a = (uint*)words.Pointer;
        Span<FutexWaitV> vector = stackalloc FutexWaitV[] { new(a, 1), new(a + 1, 2, FutexFlags.SizeU32) };
        Assert.True(_ring.TryPrepareFutexWaitV(s_context, vector));
        byte[] actual = _ring.LastSqeBytes();
        FutexWaitV* staged = (FutexWaitV*)DetachedRings.ReadU64(actual, 16);
        Assert.True(staged != null);
        Assert.Equal(1UL, staged[0].Value);
        Assert.Equal((ulong)a, staged[0].Address);
        Assert.Equal(FutexFlags.PrivateU32, staged[0].Flags);
        Assert.Equal((ulong)(a + 1), staged[1].Address);
        Assert.Equal(FutexFlags.SizeU32, staged[1].Flags);
        Assert.Equal(new ExpectedSqe(IoUringOp.FutexWaitV).Len(2).UserData(UserData).SameU64As(actual, 16).Bytes, actual);
    }

    [Fact]
    public void Futex_ops_reject_empty_spans()
    {
        Assert.Throws<ArgumentException>(() => _ring.TryPrepareFutexWait(s_context, ReadOnlySpan<uint>.Empty, 0));
        Assert.Throws<ArgumentException>(() => _ring.TryPrepareFutexWake(s_context, ReadOnlySpan<uint>.Empty, 1));
        Assert.Throws<ArgumentException>(() => _ring.TryPrepareFutexWaitV(s_context, ReadOnlySpan<FutexWaitV>.Empty));
        Assert.Throws<ArgumentException>(() => FutexWaitV.FromPinned(ReadOnlySpan<uint>.Empty, 0));
        Assert.Equal(0, _ring.SqPending);
    }
}
