using Uring.Generators.Tests.Support;
using Xunit;

namespace Uring.Generators.Tests.Generation;

/// <summary>One case per <c>ParameterEncoding</c>: snapshot plus compile-after-generate.</summary>
public sealed class ParameterEncodingTests
{
    [Fact]
    public void Scalars_and_enums_are_stored_in_their_fields() => OpSnapshot.VerifyMembers("""
            [UringOp(IoUringOp.Read)]
            public static partial bool TryPrepareScalars(
                Ring ring,
                SqeContext context,
                [Sqe(Fd)] int fd,
                [Sqe(Off)] long offset,
                [Sqe(Len)] uint length,
                [Sqe(OpFlags)] ReadWriteFlags flags,
                [Sqe(BufGroup)] ushort group,
                [Sqe(Flags)] byte rawFlags,
                [Sqe(SpliceFdIn)] short small,
                [Sqe(Pad2)] sbyte tiny);
        """);

    [Fact]
    public void Flag_bools_or_their_bits_into_the_field() => OpSnapshot.VerifyMembers("""
            [UringOp(IoUringOp.AsyncCancel)]
            public static partial bool TryPrepareFlags(
                Ring ring,
                SqeContext context,
                [SqeFlag(OpFlags, AsyncCancelFlags.All)] bool all,
                [SqeFlag(OpFlags, 0x40u)] bool literal,
                [SqeFlag(Flags, SqeFlags.Async)] bool async = false,
                [SqeFlag(Fd, -1)] bool noFile = true);
        """);

    [Fact]
    public void Held_spans_store_their_address_and_length() => OpSnapshot.VerifyMembers("""
            [UringOp(IoUringOp.Read, Kind = UringOpKind.ReadLike)]
            public static partial bool TryPrepareHeld(
                Ring ring,
                SqeContext context,
                [Sqe(Fd)] int fd,
                [Sqe(Addr, LengthField = Len)] [HeldUntilCompletion] Span<byte> buffer,
                [Sqe(Addr3, NotEmpty = true)] [HeldUntilCompletion] ReadOnlySpan<ulong> tags);
        """);

    [Fact]
    public void Staged_spans_are_copied_into_the_slot() => OpSnapshot.VerifyMembers("""
            [UringOp(IoUringOp.Readv, Kind = UringOpKind.ReadLike)]
            public static partial bool TryPrepareStaged(
                Ring ring,
                SqeContext context,
                [Sqe(Fd)] int fd,
                [Sqe(Addr, LengthField = Len, Staged = true, NotEmpty = true)] ReadOnlySpan<IoVector> vectors,
                [Sqe(Addr3, LengthField = FileIndex, Staged = true)] Span<int> extra);
        """);

    [Fact]
    public void Paths_are_validated_then_staged_as_utf8() => OpSnapshot.VerifyMembers("""
            [UringOp(IoUringOp.RenameAt)]
            public static partial bool TryPrepareRename(
                Ring ring,
                SqeContext context,
                [Sqe(Fd)] int oldDirectory,
                [Sqe(Addr)] ReadOnlySpan<char> oldPath,
                [Sqe(Len)] int newDirectory,
                [Sqe(Addr2)] ReadOnlySpan<char> newPath);
        """);

    [Fact]
    public void TimeSpans_are_validated_then_staged_as_timespecs() => OpSnapshot.VerifyMembers("""
            [UringOp(IoUringOp.Timeout, Fd = -1, Len = 1)]
            public static partial bool TryPrepareSleep(
                Ring ring,
                SqeContext context,
                [Sqe(Addr)] TimeSpan duration,
                [Sqe(OpFlags)] TimeoutFlags flags = TimeoutFlags.None);
        """);

    [Fact]
    public void Staged_structs_are_copied_into_the_slot() => OpSnapshot.VerifyMembers("""
            public struct OpenHow
            {
                public ulong Flags;
                public ulong Mode;
                public ulong Resolve;
            }

            [UringOp(IoUringOp.OpenAt2)]
            public static partial bool TryPrepareOpen2(
                Ring ring,
                SqeContext context,
                [Sqe(Fd)] int directory,
                [Sqe(Off, Staged = true)] in OpenHow how,
                [Sqe(Addr3, Staged = true)] KernelTimespec byValue);
        """);

    [Fact]
    public void Self_staging_arguments_stage_themselves() => OpSnapshot.VerifyMembers("""
            public readonly struct Tagged : ISlotStageable
            {
                private readonly long _tag;

                public Tagged(long tag) => _tag = tag;

                public ulong StageInto(ref SubmissionSlot slot) => slot.Stage(in _tag);
            }

            [UringOp(IoUringOp.SendMsg, Len = 1)]
            public static partial bool TryPrepareSelfStaged(
                Ring ring,
                SqeContext context,
                [Sqe(Fd)] int fd,
                [Sqe(Addr, Staged = true)] Tagged message,
                [Sqe(Addr3, Staged = true)] scoped in SendMessage byReference);
        """);

    [Fact]
    public void Pointers_and_native_integers_are_stored_as_addresses() => OpSnapshot.VerifyMembers(
        """
            [UringOp(IoUringOp.Read)]
            public static unsafe partial bool TryPrepareRaw(
                Ring ring,
                SqeContext context,
                [Sqe(Addr)] [HeldUntilCompletion] byte* buffer,
                [Sqe(Off)] [HeldUntilCompletion] void* cookie,
                [Sqe(Addr3)] [HeldUntilCompletion] nint handle,
                [Sqe(Pad2)] [HeldUntilCompletion] nuint other);

            [UringOp(IoUringOp.Read)]
            public static partial bool TryPrepareNative(Ring ring, SqeContext context, [Sqe(Addr)] [HeldUntilCompletion] nint address);
        """,
        allowUnsafe: true);

    [Fact]
    public void File_targets_go_in_file_index_after_refused_kinds_are_checked() => OpSnapshot.VerifyMembers("""
            [UringOp(IoUringOp.OpenAt)]
            public static partial bool TryPrepareOpen(
                Ring ring,
                SqeContext context,
                [Sqe(Fd)] int directory,
                [Sqe(Addr)] ReadOnlySpan<char> path,
                [Sqe(OpFlags, CarriesCloseOnExec = true)] OpenFlags flags,
                [Sqe(FileIndex, Refuses = [FileTargetKind.Descriptor, FileTargetKind.Slot])] FileTarget target = default);

            [UringOp(IoUringOp.Pipe)]
            public static partial bool TryPreparePlain(
                Ring ring,
                SqeContext context,
                [Sqe(FileIndex)] FileTarget target,
                [Sqe(OpFlags, CarriesCloseOnExec = true)] uint flags);
        """);

    [Fact]
    public void Struct_parameters_store_each_mapped_member() => OpSnapshot.VerifyMembers("""
            public readonly struct Triple
            {
                public Triple(int a, uint b, SocketKind c) { A = a; B = b; C = c; }
                [Sqe(Fd)] public int A { get; }
                [Sqe(Len)] public uint B { get; }
                [Sqe(Off, CarriesCloseOnExec = true)] public SocketKind C { get; }
                public int NotMapped => A + 1;
            }

            public struct Pair
            {
                [Sqe(BufGroup)] public ushort Group;
                [Sqe(IoPrio)] public ushort Priority;
            }

            [UringOp(IoUringOp.Socket)]
            public static partial bool TryPrepareTriple(Ring ring, SqeContext context, Triple triple, [Sqe(FileIndex)] FileTarget target = default, in OpOptions options = default);

            [UringOp(IoUringOp.Recv)]
            public static partial bool TryPreparePair(Ring ring, SqeContext context, in Pair pair, in OpOptions options = default);
        """);

    [Fact]
    public void A_struct_from_a_referenced_assembly_maps_its_members_from_metadata() => OpSnapshot.VerifyMembers("""
            [UringOp(IoUringOp.Socket)]
            public static partial bool TryPrepareMySocket(Ring ring, SqeContext context, SocketSpec spec, [Sqe(FileIndex)] FileTarget target = default);
        """);

    [Fact]
    public void A_staged_struct_that_carries_close_on_exec_is_staged_from_a_copy() => OpSnapshot.VerifyMembers("""
            [UringOp(IoUringOp.OpenAt2, Len = OpenHow.Size)]
            public static partial bool TryPrepareOpen2(
                Ring ring,
                SqeContext context,
                [Sqe(Addr)] ReadOnlySpan<char> path,
                [Sqe(Addr2, Staged = true, CarriesCloseOnExec = true)] in OpenHow how,
                [Sqe(FileIndex)] FileTarget target = default);
        """);

    [Fact]
    public void Bias_is_added_before_the_store() => OpSnapshot.VerifyMembers("""
            [UringOp(IoUringOp.Close)]
            public static partial bool TryPrepareCloseDirect(
                Ring ring,
                SqeContext context,
                [Sqe(FileIndex, Bias = 1)] int slot,
                [Sqe(Len, Bias = -1)] uint count);
        """);
}
