using Microsoft.CodeAnalysis;
using Uring.Generators.Tests.Support;
using Xunit;

namespace Uring.Generators.Tests.Generation;

/// <summary>
/// The two body shapes: an op of the runtime itself (its assembly declares <c>Uring.Ring</c>) reserves, fills and
/// publishes through the ring's internal methods; an op of any other assembly uses only the public
/// <c>Ring.TryPrepare</c>, with a static lambda and a generated ref struct for its arguments.
/// </summary>
public sealed class BodyShapeTests
{
    [Fact]
    public void Ops_of_a_user_assembly_prepare_through_the_public_TryPrepare()
    {
        GeneratorRun run = OpSnapshot.VerifyMembers("""
            [UringOp(IoUringOp.Write, Kind = UringOpKind.WriteLike)]
            public static partial bool TryPrepareWrite(Ring ring, SqeContext context, [Sqe(Fd)] int fd, [Sqe(Addr, LengthField = Len)] [HeldUntilCompletion] System.ReadOnlySpan<byte> data, [Sqe(Off)] long offset = -1);
            """);

        string body = Generated(run);
        Assert.Contains("@ring.TryPrepare(@context, global::Uring.UringOpKind.WriteLike, in __args, static (ref global::Uring.SubmissionSlot __slot, scoped in __", body);
        Assert.Matches(@"private ref struct __\w+Arguments_[0-9a-f]{8}\n", body);
        Assert.DoesNotContain("TryReserveSqe", body);
        Assert.DoesNotContain("PublishSqe", body);
        Assert.DoesNotContain("AbandonSqe", body);
    }

    [Fact]
    public void Ops_of_the_runtime_keep_the_internal_fast_path()
    {
        // The op's own assembly declares Uring.Ring, as the runtime does (this partial shadows the referenced one).
        GeneratorRun run = GeneratorHarness.Run(TestCompilations.Create("""
            namespace Uring;

            public sealed partial class Ring
            {
                [UringOp(IoUringOp.Nop)]
                public partial bool TryPrepareProbe(SqeContext context, [Sqe(SqeField.Len)] uint value);
            }
            """));

        string body = Generated(run);
        Assert.Contains("if (!this.TryReserveSqe(out global::Uring.SubmissionSlot __slot))", body);
        Assert.Contains("this.PublishSqe(ref __slot, @context, global::Uring.UringOpKind.Other);", body);
        Assert.Contains("finally", body);
        Assert.Contains("this.AbandonSqe(ref __slot);", body);
        Assert.DoesNotContain(".TryPrepare(", body);
    }

    /// <summary>
    /// A private nested type as an argument: the arguments struct is nested in the op's type, so it may name it.
    /// </summary>
    [Fact]
    public void Arguments_nest_in_the_op_type_and_see_its_private_types() => OpSnapshot.Verify("""
        using Uring;
        using static Uring.SqeField;

        namespace App;

        public static partial class Framing
        {
            private readonly ref struct Header(long tag) : ISlotStageable
            {
                public ulong StageInto(ref SubmissionSlot slot) => slot.Stage(tag);
            }

            [UringOp(IoUringOp.Nop)]
            private static partial bool TryPrepareFramed(Ring ring, SqeContext context, [Sqe(Addr, Staged = true)] Header header, [Sqe(Addr3, Staged = true, LengthField = Len)] System.ReadOnlySpan<int> words);

            public static bool Frame(Ring ring, long tag) => TryPrepareFramed(ring, SqeContext.FromValue(1), new Header(tag), [1, 2, 3]);
        }
        """);

    /// <summary>
    /// An interface with variant type parameters cannot nest a struct (CS8427): the arguments struct is file-local,
    /// generic over the containing types' type parameters, with their constraints (a pointer to T needs unmanaged).
    /// </summary>
    [Fact]
    public void Variant_interfaces_carry_arguments_in_a_file_local_generic_struct() => OpSnapshot.Verify("""
        using Uring;
        using static Uring.SqeField;

        namespace App;

        public partial class Outer<TOuter> where TOuter : class, new()
        {
            public unsafe partial interface IChannel<in TIn, TItem> where TItem : unmanaged
            {
                [UringOp(IoUringOp.Write)]
                public static partial bool TryPrepareWrite(Ring ring, SqeContext context, [Sqe(Fd)] int fd, [Sqe(Addr)] [HeldUntilCompletion] TItem* items, [Sqe(Len)] uint count);
            }
        }
        """,
        allowUnsafe: true);

    private static string Generated(GeneratorRun run)
        => Assert.Single(run.Result.GeneratedTrees).GetText().ToString();
}
