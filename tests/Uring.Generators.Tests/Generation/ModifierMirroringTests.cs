using Uring.Generators.Tests.Support;
using Xunit;

namespace Uring.Generators.Tests.Generation;

/// <summary>
/// The implementing part of a partial method must repeat the declaration's modifiers (CS0764, CS8800,
/// CS8663) and the containing types' type-parameter variance (CS1067); pointers need an unsafe context.
/// </summary>
public sealed class ModifierMirroringTests
{
    [Fact]
    public void Virtual_override_sealed_and_new_are_repeated() => OpSnapshot.Verify("""
        using Uring;
        using static Uring.SqeField;

        namespace App;

        public abstract class Closer
        {
            public abstract bool TryPrepareClose(Ring ring, SqeContext context, int fd);
        }

        public partial class FileCloser : Closer
        {
            [UringOp(IoUringOp.Close)]
            public override partial bool TryPrepareClose(Ring ring, SqeContext context, [Sqe(Fd)] int fd);

            [UringOp(IoUringOp.Fsync)]
            public virtual partial bool TryPrepareSync(Ring ring, SqeContext context, [Sqe(Fd)] int fd);
        }

        public partial class SocketCloser : FileCloser
        {
            [UringOp(IoUringOp.Close)]
            public sealed override partial bool TryPrepareClose(Ring ring, SqeContext context, [Sqe(Fd)] int fd);

            [UringOp(IoUringOp.Fsync)]
            public new partial bool TryPrepareSync(Ring ring, SqeContext context, [Sqe(Fd)] int fd);
        }
        """);

    [Fact]
    public void Readonly_struct_members_stay_readonly() => OpSnapshot.Verify("""
        using Uring;
        using static Uring.SqeField;

        namespace App;

        public partial struct Handle
        {
            [UringOp(IoUringOp.Close)]
            public readonly partial bool TryPrepareClose(Ring ring, SqeContext context, [Sqe(Fd)] int fd);
        }
        """);

    [Fact]
    public void Unsafe_is_repeated_even_without_pointers() => OpSnapshot.VerifyMembers(
        """
            [UringOp(IoUringOp.Read)]
            public static unsafe partial bool TryPrepareRead(Ring ring, SqeContext context, [Sqe(Addr)] [HeldUntilCompletion] nint buffer);
        """,
        allowUnsafe: true);

    [Fact]
    public void Pointers_in_an_unsafe_type_get_an_unsafe_context() => OpSnapshot.Verify(
        """
        using Uring;
        using static Uring.SqeField;

        namespace App;

        public static unsafe partial class Ops
        {
            [UringOp(IoUringOp.Read)]
            public static partial bool TryPrepareRead(Ring ring, SqeContext context, [Sqe(Addr)] [HeldUntilCompletion] byte* buffer);
        }
        """,
        allowUnsafe: true);

    [Fact]
    public void Interface_type_parameter_variance_is_repeated() => OpSnapshot.Verify("""
        using Uring;
        using static Uring.SqeField;

        namespace App;

        public partial interface IChannel<in TIn, out TOut, TPlain>
        {
            [UringOp(IoUringOp.Close)]
            public static partial bool TryPrepareClose(Ring ring, SqeContext context, [Sqe(Fd)] int fd);
        }
        """);
}
