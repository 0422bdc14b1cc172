using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Uring.Interop;
using Xunit;

namespace Uring.Tests.ZeroCopyReceive;

/// <summary>The zcrx uapi structs and constants against ../shared/reference/uapi-io_uring.md §6.21 (Linux 6.18 BTF).</summary>
public sealed class ZcrxStructLayoutTests
{
    [Fact]
    public void Refill_entry_is_16_bytes_off_len_pad()
    {
        Assert.Equal(16, Unsafe.SizeOf<ZcrxRefillEntry>());
        Assert.Equal(0, Offset<ZcrxRefillEntry>(nameof(ZcrxRefillEntry.Off)));
        Assert.Equal(8, Offset<ZcrxRefillEntry>(nameof(ZcrxRefillEntry.Len)));
        Assert.Equal(12, Offset<ZcrxRefillEntry>(nameof(ZcrxRefillEntry.Pad)));
    }

    [Fact]
    public void Completion_extra_is_16_bytes_off_pad()
    {
        Assert.Equal(16, Unsafe.SizeOf<ZcrxCompletion>());
        Assert.Equal(0, Offset<ZcrxCompletion>(nameof(ZcrxCompletion.Off)));
        Assert.Equal(8, Offset<ZcrxCompletion>(nameof(ZcrxCompletion.Pad)));
    }

    [Fact]
    public void Offsets_are_32_bytes_head_tail_rqes()
    {
        Assert.Equal(32, Unsafe.SizeOf<ZcrxOffsets>());
        Assert.Equal(0, Offset<ZcrxOffsets>(nameof(ZcrxOffsets.Head)));
        Assert.Equal(4, Offset<ZcrxOffsets>(nameof(ZcrxOffsets.Tail)));
        Assert.Equal(8, Offset<ZcrxOffsets>(nameof(ZcrxOffsets.Rqes)));
        Assert.Equal(12, Offset<ZcrxOffsets>(nameof(ZcrxOffsets.Resv2)));
    }

    [Fact]
    public void Area_register_is_48_bytes()
    {
        Assert.Equal(48, Unsafe.SizeOf<ZcrxAreaRegister>());
        Assert.Equal(0, Offset<ZcrxAreaRegister>(nameof(ZcrxAreaRegister.Addr)));
        Assert.Equal(8, Offset<ZcrxAreaRegister>(nameof(ZcrxAreaRegister.Len)));
        Assert.Equal(16, Offset<ZcrxAreaRegister>(nameof(ZcrxAreaRegister.RqAreaToken)));
        Assert.Equal(24, Offset<ZcrxAreaRegister>(nameof(ZcrxAreaRegister.Flags)));
        Assert.Equal(28, Offset<ZcrxAreaRegister>(nameof(ZcrxAreaRegister.DmaBufFd)));
    }

    [Fact]
    public void Ifq_register_is_96_bytes_with_the_6_18_reserved_word_at_68()
    {
        Assert.Equal(96, Unsafe.SizeOf<ZcrxIfqRegister>());
        Assert.Equal(0, Offset<ZcrxIfqRegister>(nameof(ZcrxIfqRegister.IfIndex)));
        Assert.Equal(4, Offset<ZcrxIfqRegister>(nameof(ZcrxIfqRegister.IfRxQueue)));
        Assert.Equal(8, Offset<ZcrxIfqRegister>(nameof(ZcrxIfqRegister.RqEntries)));
        Assert.Equal(12, Offset<ZcrxIfqRegister>(nameof(ZcrxIfqRegister.Flags)));
        Assert.Equal(16, Offset<ZcrxIfqRegister>(nameof(ZcrxIfqRegister.AreaPtr)));
        Assert.Equal(24, Offset<ZcrxIfqRegister>(nameof(ZcrxIfqRegister.RegionPtr)));
        Assert.Equal(32, Offset<ZcrxIfqRegister>(nameof(ZcrxIfqRegister.Offsets)));
        Assert.Equal(64, Offset<ZcrxIfqRegister>(nameof(ZcrxIfqRegister.ZcrxId)));
        Assert.Equal(68, Offset<ZcrxIfqRegister>(nameof(ZcrxIfqRegister.Resv2)));
    }

    [Fact]
    public void Area_shift_and_mask()
    {
        Assert.Equal(48, ZcrxConstants.AreaShift);
        Assert.Equal(~((1UL << 48) - 1), ZcrxConstants.AreaMask);
        Assert.Equal(1u, ZcrxConstants.AreaDmaBuf);
        Assert.Equal(32, (int)RegisterOp.RegisterZcrxIfq);
        Assert.Equal(58, (int)IoUringOp.RecvZc);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    [InlineData(256)]
    [InlineData(257)]
    [InlineData(32768)]
    public void The_refill_region_holds_the_header_and_every_entry_in_whole_pages(int entries)
    {
        nuint bytes = Uring.ZeroCopyMemory.RefillRegionBytes(entries);
        int page = Environment.SystemPageSize;
        Assert.Equal(0u, bytes % (nuint)page);
        Assert.True(bytes >= (nuint)(ZcrxConstants.RefillHeaderBytes + (entries * 16)));
        Assert.True(bytes < (nuint)(ZcrxConstants.RefillHeaderBytes + (entries * 16) + page));
    }

    private static int Offset<T>(string field) => (int)Marshal.OffsetOf<T>(field);
}
