using System;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>All four user_data modes through real completions.</summary>
public sealed unsafe class ContextModeTests : IDisposable
{
    private readonly Ring _ring = TestRings.Started();

    public void Dispose() => _ring.Dispose();

    [Fact]
    public void Direct_contexts_come_back_with_op_and_fd()
    {
        Assert.True(_ring.TryPrepareClose(SqeContext.ForFd(0), 987_654));
        CqeView cqe = _ring.WaitOne();
        Assert.True(cqe.Context.IsDirect);
        Assert.Equal(IoUringOp.Close, cqe.Op);
        Assert.Equal(987_654, cqe.Fd);
        Assert.Equal(Errno.EBADF, cqe.Error);
    }

    [Fact]
    public void Extended_contexts_carry_caller_data_through_the_kernel()
    {
        Assert.True(_ring.TryRentExtendedSqe(out ExtendedSqe ext));
        ext.As<(long Id, double Weight)>() = (77, 1.5);
        Assert.True(_ring.TryPrepareNop(ext.Context, NopFlags.InjectResult, 5));

        Span<ExtendedCqe> batch = stackalloc ExtendedCqe[1];
        Assert.Equal(1, _ring.Wait(new CqeView[0], 1, TimeSpan.FromSeconds(5)) + _ring.Reap(batch));
        Assert.Equal(ext, batch[0].Ext);
        Assert.Equal(5, batch[0].Result);
        Assert.Equal(IoUringOp.Nop, batch[0].Op);
        Assert.Equal((77L, 1.5), batch[0].Ext.As<(long Id, double Weight)>());
        _ring.ReturnExtendedSqe(batch[0].Ext);
        Assert.Equal(_ring.Pools.Capacity, _ring.Pools.ExtendedAvailable);
    }

    [Fact]
    public void Indirect_contexts_report_the_submitted_sqe()
    {
        Assert.True(_ring.TryRentIndirectSqe(out IndirectSqe indirect));
        Assert.True(_ring.TryPrepareFsync(indirect.Context, 555_555, dataSync: true));
        CqeView cqe = _ring.WaitOne();
        Assert.True(cqe.Context.IsIndirect);
        Assert.Equal(IoUringOp.Fsync, cqe.Op);
        Assert.Equal(555_555, cqe.Fd);
        Assert.Equal(1u, cqe.Context.IndirectSqe.Sqe.OpFlags);
        _ring.ReturnIndirectSqe(cqe.Context.IndirectSqe);
    }

    [Fact]
    public void Value_contexts_come_back_unchanged()
    {
        SqeContext context = SqeContext.FromValue(0x3FFF_FFFF_FFFF_FFFF);
        Assert.True(_ring.TryPrepareNop(context));
        Span<DirectCqe> direct = stackalloc DirectCqe[1];
        CqeView cqe = _ring.WaitOne();
        Assert.Equal(context, cqe.Context);
        Assert.Equal(0, _ring.Reap(direct));
    }

    [Fact]
    public void Hand_filled_extended_sqes_are_submitted_as_is()
    {
        Assert.True(_ring.TryRentExtendedSqe(out ExtendedSqe ext));
        ext.Sqe.Opcode = (byte)IoUringOp.Nop;
        ext.Sqe.Fd = -1;
        ext.Sqe.OpFlags = (uint)NopFlags.InjectResult;
        ext.Sqe.Len = 31;
        Assert.True(_ring.TryPrepareExtended(ext));
        CqeView cqe = _ring.WaitOne();
        Assert.Equal(31, cqe.Result);
        Assert.Equal(ext, cqe.ExtendedSqe);
        _ring.ReturnExtendedSqe(ext);
    }

    [Fact]
    public void Hand_filled_indirect_sqes_are_submitted_as_is()
    {
        // A read of a pipe that holds five bytes, written by hand into the pooled SQE.
        (int read, int write) = Posix.Pipe();
        try
        {
            Assert.Equal(5, Posix.Write(write, "hello"u8));
            using NativeBuffer buffer = new(16);
            Assert.True(_ring.TryRentIndirectSqe(out IndirectSqe indirect));
            indirect.Sqe = default;
            indirect.Sqe.Opcode = (byte)IoUringOp.Read;
            indirect.Sqe.Fd = read;
            indirect.Sqe.Off = ulong.MaxValue;
            indirect.Sqe.Addr = (ulong)buffer.Pointer;
            indirect.Sqe.Len = 16;
            Assert.True(_ring.TryPrepareIndirect(indirect));
            CqeView cqe = _ring.WaitOne();
            Assert.Equal(5, cqe.Result);
            Assert.True(cqe.Context.IsIndirect);
            Assert.Equal(indirect, cqe.Context.IndirectSqe);
            Assert.Equal(IoUringOp.Read, cqe.Op);
            Assert.True(buffer.Span[..5].SequenceEqual("hello"u8));
            _ring.ReturnIndirectSqe(indirect);
        }
        finally
        {
            Posix.CloseQuietly(ref read);
            Posix.CloseQuietly(ref write);
        }
    }
}
