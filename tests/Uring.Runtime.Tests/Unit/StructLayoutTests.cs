using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Uring.Interop;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>Every struct shared with the kernel against the Linux 6.18 uapi (sizes and offsets from BTF).</summary>
public sealed class StructLayoutTests
{
    [Theory]
    [InlineData(nameof(IoUringSqe.Opcode), 0)]
    [InlineData(nameof(IoUringSqe.Flags), 1)]
    [InlineData(nameof(IoUringSqe.IoPrio), 2)]
    [InlineData(nameof(IoUringSqe.Fd), 4)]
    [InlineData(nameof(IoUringSqe.Off), 8)]
    [InlineData(nameof(IoUringSqe.Addr2), 8)]
    [InlineData(nameof(IoUringSqe.CmdOp), 8)]
    [InlineData(nameof(IoUringSqe.Pad1), 12)]
    [InlineData(nameof(IoUringSqe.Addr), 16)]
    [InlineData(nameof(IoUringSqe.SpliceOffIn), 16)]
    [InlineData(nameof(IoUringSqe.Level), 16)]
    [InlineData(nameof(IoUringSqe.OptName), 20)]
    [InlineData(nameof(IoUringSqe.Len), 24)]
    [InlineData(nameof(IoUringSqe.OpFlags), 28)]
    [InlineData(nameof(IoUringSqe.UserData), 32)]
    [InlineData(nameof(IoUringSqe.BufIndex), 40)]
    [InlineData(nameof(IoUringSqe.BufGroup), 40)]
    [InlineData(nameof(IoUringSqe.Personality), 42)]
    [InlineData(nameof(IoUringSqe.FileIndex), 44)]
    [InlineData(nameof(IoUringSqe.SpliceFdIn), 44)]
    [InlineData(nameof(IoUringSqe.OptLen), 44)]
    [InlineData(nameof(IoUringSqe.AddrLen), 44)]
    [InlineData(nameof(IoUringSqe.WriteStream), 44)]
    [InlineData(nameof(IoUringSqe.Addr3), 48)]
    [InlineData(nameof(IoUringSqe.OptVal), 48)]
    [InlineData(nameof(IoUringSqe.Pad2), 56)]
    public void Sqe_members_sit_at_their_uapi_offsets(string member, int offset)
        => Assert.Equal(offset, (int)Marshal.OffsetOf<IoUringSqe>(member));

    [Fact]
    public void Kernel_structs_have_their_uapi_sizes()
    {
        Assert.Equal(64, Unsafe.SizeOf<IoUringSqe>());
        Assert.Equal(16, Unsafe.SizeOf<IoUringCqe>());
        Assert.Equal(32, Unsafe.SizeOf<IoUringCqe32>());
        Assert.Equal(16, (int)Marshal.OffsetOf<IoUringCqe32>(nameof(IoUringCqe32.BigCqe0)));
        Assert.Equal(24, (int)Marshal.OffsetOf<IoUringCqe32>(nameof(IoUringCqe32.BigCqe1)));
        Assert.Equal(128, Unsafe.SizeOf<IoUringSqe128>());
        Assert.Equal(64, (int)Marshal.OffsetOf<IoUringSqe128>(nameof(IoUringSqe128.Extension)));
        Assert.Equal(120, Unsafe.SizeOf<IoUringParams>());
        Assert.Equal(40, Unsafe.SizeOf<SqRingOffsets>());
        Assert.Equal(40, Unsafe.SizeOf<CqRingOffsets>());
        Assert.Equal(24, Unsafe.SizeOf<GetEventsArg>());
        Assert.Equal(16, Unsafe.SizeOf<KernelTimespec>());
        Assert.Equal(16, Unsafe.SizeOf<IoVector>());
        Assert.Equal(256, Unsafe.SizeOf<Statx>());
        Assert.Equal(16, Unsafe.SizeOf<StatxTimestamp>());
        Assert.Equal(16, Unsafe.SizeOf<ProbeHeader>());
        Assert.Equal(8, Unsafe.SizeOf<ProbeOp>());
        Assert.Equal(128, Unsafe.SizeOf<ExtendedSqeLayout>());
    }

    [Fact]
    public void Params_and_ring_offsets_follow_the_uapi()
    {
        Assert.Equal(0, (int)Marshal.OffsetOf<IoUringParams>(nameof(IoUringParams.SqEntries)));
        Assert.Equal(8, (int)Marshal.OffsetOf<IoUringParams>(nameof(IoUringParams.Flags)));
        Assert.Equal(20, (int)Marshal.OffsetOf<IoUringParams>(nameof(IoUringParams.Features)));
        Assert.Equal(24, (int)Marshal.OffsetOf<IoUringParams>(nameof(IoUringParams.WqFd)));
        Assert.Equal(40, (int)Marshal.OffsetOf<IoUringParams>(nameof(IoUringParams.SqOff)));
        Assert.Equal(80, (int)Marshal.OffsetOf<IoUringParams>(nameof(IoUringParams.CqOff)));
        Assert.Equal(24, (int)Marshal.OffsetOf<SqRingOffsets>(nameof(SqRingOffsets.Array)));
        Assert.Equal(32, (int)Marshal.OffsetOf<SqRingOffsets>(nameof(SqRingOffsets.UserAddr)));
        Assert.Equal(16, (int)Marshal.OffsetOf<CqRingOffsets>(nameof(CqRingOffsets.Overflow)));
        Assert.Equal(20, (int)Marshal.OffsetOf<CqRingOffsets>(nameof(CqRingOffsets.Cqes)));
        Assert.Equal(24, (int)Marshal.OffsetOf<CqRingOffsets>(nameof(CqRingOffsets.Flags)));
        Assert.Equal(8, (int)Marshal.OffsetOf<IoUringCqe>(nameof(IoUringCqe.Res)));
        Assert.Equal(12, (int)Marshal.OffsetOf<IoUringCqe>(nameof(IoUringCqe.Flags)));
        Assert.Equal(12, (int)Marshal.OffsetOf<GetEventsArg>(nameof(GetEventsArg.MinWaitUsec)));
        Assert.Equal(16, (int)Marshal.OffsetOf<GetEventsArg>(nameof(GetEventsArg.Timespec)));
    }

    [Fact]
    public void Statx_fields_follow_the_kernel_layout()
    {
        Assert.Equal(0, (int)Marshal.OffsetOf<Statx>(nameof(Statx.Mask)));
        Assert.Equal(28, (int)Marshal.OffsetOf<Statx>(nameof(Statx.Mode)));
        Assert.Equal(32, (int)Marshal.OffsetOf<Statx>(nameof(Statx.Inode)));
        Assert.Equal(40, (int)Marshal.OffsetOf<Statx>(nameof(Statx.Size)));
        Assert.Equal(112, (int)Marshal.OffsetOf<Statx>(nameof(Statx.ModifyTime)));
        Assert.Equal(144, (int)Marshal.OffsetOf<Statx>(nameof(Statx.MountId)));
    }

    [Fact]
    public void Constants_match_the_uapi()
    {
        Assert.Equal(0x20, (int)SqeFlags.BufferSelect);
        Assert.Equal(0x40, (int)SqeFlags.CqeSkipSuccess);
        Assert.Equal(0x10000u, (uint)SetupFlags.NoSqArray);
        Assert.Equal(0x2000u, (uint)SetupFlags.DeferTaskrun);
        Assert.Equal(0x1000u, (uint)SetupFlags.SingleIssuer);
        Assert.Equal(0x8u, (uint)EnterFlags.ExtArg);
        Assert.Equal(0x8000000L, MmapOffsets.CqRing);
        Assert.Equal(0x10000000L, MmapOffsets.Sqes);
        Assert.Equal(62, (int)IoUringOp.Pipe);
        Assert.Equal(14, (int)IoUringOp.AsyncCancel);
        Assert.Equal(0x20u, (uint)AsyncCancelFlags.Opcode);
        Assert.Equal(0x40u, (uint)TimeoutFlags.Multishot);
        Assert.Equal(0x8000u, (uint)CqeFlags.Big);
        Assert.Equal(12u, (uint)RegisterOp.RegisterEnableRings);
        Assert.Equal(33u, (uint)RegisterOp.RegisterResizeRings);
    }
}
