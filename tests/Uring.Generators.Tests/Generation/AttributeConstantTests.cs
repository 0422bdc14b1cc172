using Uring.Generators.Tests.Support;
using Xunit;

namespace Uring.Generators.Tests.Generation;

/// <summary>Constants on <c>[UringOp]</c>: written as given, OR-ed with parameters aimed at the same bytes.</summary>
public sealed class AttributeConstantTests
{
    [Fact]
    public void Every_constant_is_written_and_ored_with_parameters_and_options() => OpSnapshot.VerifyMembers("""
            [UringOp(
                IoUringOp.Timeout,
                SqeFlags = SqeFlags.FixedFile,
                Fd = -1,
                Off = -2,
                Addr = 0x1000,
                Len = 1,
                OpFlags = (uint)TimeoutFlags.Absolute,
                BufIndex = 7,
                FileIndex = 9,
                Addr3 = long.MinValue)]
            public static partial bool TryPrepareEverything(
                Ring ring,
                SqeContext context,
                [Sqe(OpFlags)] TimeoutFlags flags,
                [Sqe(Addr2)] ulong alias,
                [Sqe(SpliceFdIn)] int fdIn,
                [SqeFlag(Flags, SqeFlags.Async)] bool async,
                in OpOptions options = default);
        """);

    [Fact]
    public void An_op_that_owns_ioprio_ignores_the_options_priority() => OpSnapshot.VerifyMembers("""
            [UringOp(IoUringOp.Accept, IoPrio = 1)]
            public static partial bool TryPrepareByConstant(Ring ring, SqeContext context, [Sqe(Fd)] int fd, in OpOptions options = default);

            [UringOp(IoUringOp.Recv)]
            public static partial bool TryPrepareByParameter(Ring ring, SqeContext context, [Sqe(IoPrio)] ushort recvFlags, in OpOptions options = default);
        """);
}
