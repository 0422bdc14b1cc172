using System;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>The user_data bit layout of the reference, mode by mode.</summary>
public sealed class SqeContextTests
{
    [Fact]
    public void Direct_packs_every_field_at_its_bit_position()
    {
        SqeContext context = SqeContext.Direct((IoUringOp)0x12, (SqeFlags)0x34, 0x5678, 0x9ABCDE);
        Assert.Equal(0x12UL, context.Raw & 0xFF);
        Assert.Equal(0x34UL, (context.Raw >> 8) & 0xFF);
        Assert.Equal(0x5678UL, (context.Raw >> 16) & 0xFFFF);
        Assert.Equal(0x9ABCDEUL, (context.Raw >> 32) & 0x3FFFFFFF);
        Assert.Equal(0UL, context.Raw >> 62);
        Assert.Equal(0x0000_0000_009A_BCDEUL << 32 | 0x5678_34_12UL, context.Raw);
    }

    [Fact]
    public void Direct_round_trips_every_field()
    {
        SqeContext context = SqeContext.Direct(IoUringOp.Recv, SqeFlags.BufferSelect | SqeFlags.IoLink, 0xBEEF, 123456);
        Assert.Equal(SqeContextMode.Direct, context.Mode);
        Assert.True(context.IsDirect);
        Assert.Equal(IoUringOp.Recv, context.Op);
        Assert.Equal(SqeFlags.BufferSelect | SqeFlags.IoLink, context.Flags);
        Assert.Equal((ushort)0xBEEF, context.BufGroup);
        Assert.Equal(123456, context.Fd);
        Assert.True(context.HasBufferSelect);
    }

    [Theory]
    [InlineData(-100)]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(SqeContext.MinFd)]
    [InlineData(SqeContext.MaxFd)]
    public void Direct_fd_is_sign_extended_from_30_bits(int fd)
        => Assert.Equal(fd, SqeContext.ForFd(fd).Fd);

    [Theory]
    [InlineData(SqeContext.MaxFd + 1)]
    [InlineData(SqeContext.MinFd - 1)]
    [InlineData(int.MaxValue)]
    public void Direct_rejects_fds_beyond_30_bits(int fd)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SqeContext.ForFd(fd));
        Assert.Throws<ArgumentOutOfRangeException>(() => SqeContext.ForFd(1).WithFd(fd));
    }

    [Fact]
    public void Direct_mutators_replace_one_field_each()
    {
        SqeContext context = SqeContext.ForFd(7)
            .WithOp(IoUringOp.Read)
            .WithFlags(SqeFlags.IoLink)
            .OrFlags(SqeFlags.Async)
            .WithBufGroup(9)
            .WithFd(-100);
        Assert.Equal(IoUringOp.Read, context.Op);
        Assert.Equal(SqeFlags.IoLink | SqeFlags.Async, context.Flags);
        Assert.Equal((ushort)9, context.BufGroup);
        Assert.Equal(-100, context.Fd);
        Assert.Equal(context, SqeContext.FromRaw(context.Raw));
    }

    [Fact]
    public void Value_mode_carries_62_opaque_bits()
    {
        SqeContext context = SqeContext.FromValue(SqeContext.MaxValue);
        Assert.Equal(SqeContextMode.Value, context.Mode);
        Assert.Equal(SqeContext.MaxValue, context.Value);
        Assert.Equal(3UL, context.Raw >> 62);
        Assert.Null(context.Op);
        Assert.Equal(-1, context.Fd);
        Assert.Throws<ArgumentOutOfRangeException>(() => SqeContext.FromValue(SqeContext.MaxValue + 1));
        Assert.Equal(context, context.WithOp(IoUringOp.Read));
    }

    [Fact]
    public void Pointer_modes_tag_the_address_and_write_through()
    {
        using ContextPools pools = new(4);
        Assert.True(pools.TryRentExtended(out ExtendedSqe ext));
        Assert.True(pools.TryRentIndirect(out IndirectSqe indirect));

        SqeContext extended = ext.Context;
        Assert.Equal(SqeContextMode.Extended, extended.Mode);
        Assert.Equal((ulong)ext.Address, extended.Raw & ((1UL << 48) - 1));
        Assert.Equal(ext.Tag, extended.Raw & ((1UL << 62) - 1));
        Assert.Equal(2UL, extended.Raw >> 62);
        Assert.Equal(ext, extended.ExtendedSqe);
        Assert.False(extended.IndirectSqe.IsValid);

        extended.WithOp(IoUringOp.Write).WithFd(42).WithFlags(SqeFlags.BufferSelect).WithBufGroup(5);
        Assert.Equal((byte)IoUringOp.Write, ext.Sqe.Opcode);
        Assert.Equal(42, ext.Sqe.Fd);
        Assert.Equal((ushort)5, extended.BufGroup);
        Assert.Equal(IoUringOp.Write, extended.Op);

        SqeContext indirectContext = indirect.Context;
        Assert.Equal(1UL, indirectContext.Raw >> 62);
        indirectContext.WithOp(IoUringOp.Statx).WithFd(-100);
        Assert.Equal((byte)IoUringOp.Statx, indirect.Sqe.Opcode);
        Assert.Equal(-100, indirectContext.Fd);
        Assert.Equal(0, indirectContext.BufGroup);
    }

    [Fact]
    public void Default_pooled_handles_are_invalid()
    {
        Assert.False(default(ExtendedSqe).IsValid);
        Assert.Throws<ArgumentException>(() => SqeContext.Extended(default));
        Assert.Throws<InvalidOperationException>(() => default(ExtendedSqe).UserData.Length);
        Assert.False(SqeContext.ForFd(1).ExtendedSqe.IsValid);
    }

    [Fact]
    public void ExtendedSqe_user_data_holds_a_typed_overlay_of_up_to_64_bytes()
    {
        using ContextPools pools = new(2);
        Assert.True(pools.TryRentExtended(out ExtendedSqe ext));
        ext.As<(long A, long B)>() = (11, 22);
        Assert.Equal(11, BitConverter.ToInt64(ext.UserData[..8]));
        Assert.Equal(22, ext.As<(long A, long B)>().B);
        Assert.Throws<ArgumentException>(() => ext.As<Big>());
    }

    [System.Runtime.CompilerServices.InlineArray(65)]
    private struct Big
    {
        private byte _first;
    }
}
