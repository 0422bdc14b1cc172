using System;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>
/// <see cref="FileTarget"/>: each kind's <c>file_index</c> (uapi: 0 = not direct, slot + 1, 0xFFFFFFFF =
/// IORING_FILE_INDEX_ALLOC), the slot range, equality and text; and the one close-on-exec rule.
/// </summary>
public sealed class FileTargetTests
{
    [Fact]
    public void Each_kind_has_its_file_index()
    {
        Assert.Equal(0u, FileTarget.Descriptor.FileIndex);
        Assert.Equal(0u, default(FileTarget).FileIndex);
        Assert.Equal(1u, FileTarget.Slot(0).FileIndex);
        Assert.Equal(42u, FileTarget.Slot(41).FileIndex);
        Assert.Equal(0xFFFF_FFFEu, FileTarget.Slot(0xFFFF_FFFD).FileIndex);
        Assert.Equal(0xFFFF_FFFFu, FileTarget.AnySlot.FileIndex);

        Assert.Equal(FileTargetKind.Descriptor, default(FileTarget).Kind);
        Assert.Equal(FileTargetKind.Slot, FileTarget.Slot(0).Kind);
        Assert.Equal(FileTargetKind.Slot, FileTarget.Slot(0xFFFF_FFFD).Kind);
        Assert.Equal(FileTargetKind.AnySlot, FileTarget.AnySlot.Kind);

        Assert.False(FileTarget.Descriptor.IsSlot);
        Assert.True(FileTarget.Slot(3).IsSlot);
        Assert.True(FileTarget.AnySlot.IsSlot);
    }

    [Theory]
    [InlineData(0xFFFF_FFFEu)]
    [InlineData(0xFFFF_FFFFu)]
    public void A_slot_whose_file_index_would_be_a_sentinel_is_refused(uint slot)
    {
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => FileTarget.Slot(slot));
        Assert.Equal("slot", error.ParamName);
        Assert.Contains("FileTarget.AnySlot", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SlotIndex_is_the_slot_of_a_slot_target_only()
    {
        Assert.Equal(7u, FileTarget.Slot(7).SlotIndex);
        Assert.Equal(SqeEncoding.MaxDirectSlot, FileTarget.Slot(SqeEncoding.MaxDirectSlot).SlotIndex);
        Assert.Throws<InvalidOperationException>(() => FileTarget.Descriptor.SlotIndex);
        Assert.Throws<InvalidOperationException>(() => FileTarget.AnySlot.SlotIndex);
    }

    [Fact]
    public void Targets_are_equal_when_they_name_the_same_place()
    {
        Assert.Equal(FileTarget.Slot(5), FileTarget.Slot(5));
        Assert.True(FileTarget.Slot(5) == FileTarget.Slot(5));
        Assert.True(FileTarget.Slot(5) != FileTarget.Slot(6));
        Assert.NotEqual(FileTarget.Slot(0), FileTarget.Descriptor);
        Assert.NotEqual(FileTarget.AnySlot, FileTarget.Slot(SqeEncoding.MaxDirectSlot));
        Assert.Equal(default, FileTarget.Descriptor);
        Assert.Equal(FileTarget.Slot(9).GetHashCode(), FileTarget.Slot(9).GetHashCode());
        Assert.False(FileTarget.Slot(1).Equals((object)1u));
    }

    [Fact]
    public void ToString_names_the_kind_and_the_slot()
    {
        Assert.Equal("Descriptor", FileTarget.Descriptor.ToString());
        Assert.Equal("Slot(0)", FileTarget.Slot(0).ToString());
        Assert.Equal("Slot(12)", FileTarget.Slot(12).ToString());
        Assert.Equal("AnySlot", FileTarget.AnySlot.ToString());
    }

    [Fact]
    public void Close_on_exec_is_sent_for_a_descriptor_and_cleared_for_a_slot()
    {
        const ulong flags = 0x80000 | 0x800 | 0x2;
        Assert.Equal(flags, SqeEncoding.CreationFlags(FileTarget.Descriptor, flags));
        Assert.Equal(0x802UL, SqeEncoding.CreationFlags(FileTarget.Slot(1), flags));
        Assert.Equal(0x802UL, SqeEncoding.CreationFlags(FileTarget.AnySlot, flags));

        // The bit is the same in every family that has it.
        Assert.Equal(0x80000UL, (ulong)OpenFlags.CloseOnExec);
        Assert.Equal(0x80000UL, (ulong)SocketKind.CloseOnExec);
        Assert.Equal(0x80000UL, (ulong)AcceptFlags.CloseOnExec);
    }

    [Fact]
    public void A_refused_kind_throws_naming_the_parameter_and_others_pass()
    {
        SqeEncoding.RefuseFileTarget(FileTarget.AnySlot, FileTargetKind.Slot, "target");
        SqeEncoding.RefuseFileTarget(FileTarget.Descriptor, FileTargetKind.Slot, "target");
        Assert.Equal("target", Assert.Throws<ArgumentException>(() => SqeEncoding.RefuseFileTarget(FileTarget.Slot(2), FileTargetKind.Slot, "target")).ParamName);
        Assert.Equal("where", Assert.Throws<ArgumentException>(() => SqeEncoding.RefuseFileTarget(FileTarget.Descriptor, FileTargetKind.Descriptor, "where")).ParamName);
    }

    [Fact]
    public void Socket_presets_are_values_with_domain_kind_and_protocol()
    {
        Assert.Equal(new SocketSpec(SocketDomain.IPv4, SocketKind.Stream | SocketKind.CloseOnExec, SocketProtocol.Tcp), SocketSpec.Tcp4);
        Assert.Equal(new SocketSpec(SocketDomain.Unix, SocketKind.SeqPacket | SocketKind.CloseOnExec), SocketSpec.UnixSeqPacket);
        Assert.NotEqual(SocketSpec.Tcp4, SocketSpec.Tcp6);
        SocketSpec nonBlocking = SocketSpec.Tcp4 with { Kind = SocketKind.Stream | SocketKind.NonBlock };
        Assert.Equal(SocketDomain.IPv4, nonBlocking.Domain);
        Assert.Equal(SocketProtocol.Tcp, nonBlocking.Protocol);
        Assert.Equal(SocketKind.Stream | SocketKind.NonBlock, nonBlocking.Kind);
    }
}
