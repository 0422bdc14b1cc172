using Uring.Generators.Tests.Support;
using Xunit;

namespace Uring.Generators.Tests.Generation;

/// <summary>Where and how an op is declared: containing types, namespaces, modifiers, the ring's source.</summary>
public sealed class DeclarationShapeTests
{
    [Fact]
    public void Extension_method_ops_take_this_Ring() => OpSnapshot.Verify("""
        using Uring;

        namespace App.Extensions;

        public static partial class RingExtensions
        {
            [UringOp(IoUringOp.Nop, Fd = -1)]
            public static partial bool TryPrepareMyNop(this Ring ring, SqeContext context, in OpOptions options = default);
        }
        """);

    [Fact]
    public void Instance_ops_outside_Ring_take_the_ring_as_a_parameter() => OpSnapshot.Verify("""
        using Uring;
        using static Uring.SqeField;

        namespace App;

        public sealed partial class Connection
        {
            [UringOp(IoUringOp.Close)]
            internal partial bool TryPrepareClose(SqeContext context, Ring target, [Sqe(Fd)] int fd);
        }
        """);

    [Fact]
    public void Nested_containing_types_are_reopened_outermost_first() => OpSnapshot.Verify("""
        using Uring;

        namespace App.Deep.Name;

        public partial class Outer
        {
            internal partial struct Middle
            {
                private static partial class Inner
                {
                    [UringOp(IoUringOp.Nop, Fd = -1)]
                    public static partial bool TryPrepareNop(Ring ring, SqeContext context);
                }
            }

            public partial record Audit
            {
                [UringOp(IoUringOp.Nop, Fd = -1)]
                protected internal static partial bool TryPrepareAudit(Ring ring, SqeContext context);
            }

            public partial record struct Probe
            {
                [UringOp(IoUringOp.Nop, Fd = -1)]
                private static partial bool TryPrepareProbe(Ring ring, SqeContext context);
            }
        }
        """);

    [Fact]
    public void Generic_containing_types_keep_their_type_parameters() => OpSnapshot.Verify("""
        using System;
        using Uring;
        using static Uring.SqeField;

        namespace App;

        public partial class Pool<T> where T : unmanaged
        {
            public partial class Lane<TKey> where TKey : notnull
            {
                [UringOp(IoUringOp.Read, Kind = UringOpKind.ReadLike)]
                public static partial bool TryPrepareFill(
                    Ring ring,
                    SqeContext context,
                    [Sqe(Fd)] int fd,
                    [Sqe(Addr, LengthField = Len)] [HeldUntilCompletion] Span<T> items);
            }
        }
        """);

    [Fact]
    public void Ops_in_the_global_namespace_need_no_namespace_block() => OpSnapshot.Verify("""
        using Uring;

        public static partial class GlobalOps
        {
            [UringOp(IoUringOp.Nop, Fd = -1)]
            public static partial bool TryPrepareGlobalNop(Ring ring, SqeContext context);
        }
        """);

    [Fact]
    public void Options_are_optional_and_fill_flags_ioprio_and_personality() => OpSnapshot.VerifyMembers("""
            [UringOp(IoUringOp.Fsync)]
            public static partial bool TryPrepareWithoutOptions(Ring ring, SqeContext context, [Sqe(Fd)] int fd);

            [UringOp(IoUringOp.Fsync)]
            public static partial bool TryPrepareWithOptions(Ring ring, SqeContext context, [Sqe(Fd)] int fd, in OpOptions options = default);

            [UringOp(IoUringOp.Fsync)]
            public static partial bool TryPrepareWithOptionsByValue(Ring ring, OpOptions options, SqeContext context, [Sqe(Fd)] int fd);
        """);

    [Fact]
    public void Kinds_select_the_completion_policy() => OpSnapshot.VerifyMembers("""
            [UringOp(IoUringOp.Read, Kind = UringOpKind.ReadLike)]
            public static partial bool TryPrepareReadLike(Ring ring, SqeContext context, [Sqe(Addr, LengthField = Len)] [HeldUntilCompletion] Span<byte> buffer);

            [UringOp(IoUringOp.Write, Kind = UringOpKind.WriteLike)]
            public static partial bool TryPrepareWriteLike(Ring ring, SqeContext context, [Sqe(Addr, LengthField = Len)] [HeldUntilCompletion] ReadOnlySpan<byte> buffer);

            [UringOp(IoUringOp.Nop, Kind = UringOpKind.Other)]
            public static partial bool TryPrepareOther(Ring ring, SqeContext context);
        """);

    [Fact]
    public void Overloads_get_distinct_hint_names() => OpSnapshot.VerifyMembers("""
            [UringOp(IoUringOp.Write, Kind = UringOpKind.WriteLike)]
            public static partial bool TryPrepareSend(Ring ring, SqeContext context, [Sqe(Addr, LengthField = Len)] [HeldUntilCompletion] ReadOnlySpan<byte> data);

            [UringOp(IoUringOp.Write, Kind = UringOpKind.WriteLike)]
            public static partial bool TryPrepareSend(Ring ring, SqeContext context, [Sqe(Addr, LengthField = Len)] [HeldUntilCompletion] ReadOnlySpan<byte> data, [Sqe(Off)] long offset);
        """);

    [Fact]
    public void Parameter_names_and_modifiers_are_kept() => OpSnapshot.VerifyMembers("""
            [UringOp(IoUringOp.Write)]
            public static partial bool TryPrepareKeywords(
                Ring @ring,
                SqeContext @event,
                [Sqe(Fd)] int @fixed,
                [Sqe(Addr, LengthField = Len)] [HeldUntilCompletion] scoped ReadOnlySpan<byte> @in,
                [Sqe(Off)] ref readonly long @ref,
                [Sqe(OpFlags)] in uint @params,
                [Sqe(BufIndex)] ref ushort @out);
        """);
}
