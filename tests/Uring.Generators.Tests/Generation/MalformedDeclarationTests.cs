using System.Linq;
using Uring.Generators.Tests.Support;
using Xunit;

namespace Uring.Generators.Tests.Generation;

/// <summary>
/// Malformed declarations get no body and no generator diagnostic: the compiler reports the missing
/// implementation and the Uring analyzers say what is wrong.
/// </summary>
public sealed class MalformedDeclarationTests
{
    public static TheoryData<string, string> Members { get; } = new()
    {
        { "not partial", "[UringOp(IoUringOp.Nop)] public static bool Prepare(Ring ring, SqeContext context) => true;" },
        { "returns int", "[UringOp(IoUringOp.Nop)] public static partial int Prepare(Ring ring, SqeContext context);" },
        { "returns void", "[UringOp(IoUringOp.Nop)] static partial void Prepare(Ring ring, SqeContext context);" },
        { "no SqeContext", "[UringOp(IoUringOp.Nop)] public static partial bool Prepare(Ring ring);" },
        { "two SqeContexts", "[UringOp(IoUringOp.Nop)] public static partial bool Prepare(Ring ring, SqeContext a, SqeContext b);" },
        { "unmapped parameter", "[UringOp(IoUringOp.Close)] public static partial bool Prepare(Ring ring, SqeContext context, int fd);" },
        { "unsupported type", "[UringOp(IoUringOp.OpenAt)] public static partial bool Prepare(Ring ring, SqeContext context, [Sqe(Addr)] string path);" },
        { "generic method", "[UringOp(IoUringOp.Write)] public static partial bool Prepare<T>(Ring ring, SqeContext context, [Sqe(Addr)] [HeldUntilCompletion] ReadOnlySpan<T> data) where T : unmanaged;" },
        { "static without Ring", "[UringOp(IoUringOp.Nop)] public static partial bool Prepare(SqeContext context);" },
        { "instance without Ring", "[UringOp(IoUringOp.Nop)] public partial bool Prepare(SqeContext context);" },
        { "two Rings", "[UringOp(IoUringOp.Nop)] public static partial bool Prepare(Ring ring, Ring other, SqeContext context);" },
        { "flag on an int", "[UringOp(IoUringOp.Nop)] public static partial bool Prepare(Ring ring, SqeContext context, [SqeFlag(OpFlags, 1u)] int bits);" },
        { "Sqe and SqeFlag", "[UringOp(IoUringOp.Nop)] public static partial bool Prepare(Ring ring, SqeContext context, [Sqe(Len), SqeFlag(OpFlags, 1u)] bool both);" },
        { "Cmd is not a scalar", "[UringOp(IoUringOp.UringCmd)] public static partial bool Prepare(Ring ring, SqeContext context, [Sqe(Cmd)] ulong command);" },
        { "field None", "[UringOp(IoUringOp.Nop)] public static partial bool Prepare(Ring ring, SqeContext context, [Sqe(None)] int value);" },
        { "staged scalar", "[UringOp(IoUringOp.Read)] public static partial bool Prepare(Ring ring, SqeContext context, [Sqe(Off, Staged = true)] long offset);" },
        { "length of a scalar", "[UringOp(IoUringOp.Read)] public static partial bool Prepare(Ring ring, SqeContext context, [Sqe(Off, LengthField = Len)] long offset);" },
        { "NotEmpty scalar", "[UringOp(IoUringOp.Read)] public static partial bool Prepare(Ring ring, SqeContext context, [Sqe(Off, NotEmpty = true)] long offset);" },
        { "biased span", "[UringOp(IoUringOp.Read)] public static partial bool Prepare(Ring ring, SqeContext context, [Sqe(Addr, Bias = 1)] [HeldUntilCompletion] Span<byte> buffer);" },
        { "staged path", "[UringOp(IoUringOp.OpenAt)] public static partial bool Prepare(Ring ring, SqeContext context, [Sqe(Addr, Staged = true)] ReadOnlySpan<char> path);" },
        { "writable char span", "[UringOp(IoUringOp.OpenAt)] public static partial bool Prepare(Ring ring, SqeContext context, [Sqe(Addr)] Span<char> path);" },
        { "managed elements", "[UringOp(IoUringOp.Write)] public static partial bool Prepare(Ring ring, SqeContext context, [Sqe(Addr)] [HeldUntilCompletion] ReadOnlySpan<string> names);" },
        { "self-staging argument not staged", "[UringOp(IoUringOp.SendMsg)] public static partial bool Prepare(Ring ring, SqeContext context, [Sqe(Addr)] SendMessage message);" },
        { "length of a self-staging argument", "[UringOp(IoUringOp.SendMsg)] public static partial bool Prepare(Ring ring, SqeContext context, [Sqe(Addr, Staged = true, LengthField = Len)] SendMessage message);" },
        { "unstaged struct", "[UringOp(IoUringOp.Timeout)] public static partial bool Prepare(Ring ring, SqeContext context, [Sqe(Addr)] KernelTimespec time);" },
        { "out parameter", "[UringOp(IoUringOp.Close)] public static partial bool Prepare(Ring ring, SqeContext context, [Sqe(Fd)] out int fd);" },
        { "already implemented", "[UringOp(IoUringOp.Nop)] public static partial bool Prepare(Ring ring, SqeContext context); public static partial bool Prepare(Ring ring, SqeContext context) => true;" },
    };

    [Theory]
    [MemberData(nameof(Members))]
    public void Produces_no_source_and_no_diagnostic(string because, string member)
    {
        GeneratorRun run = GeneratorHarness.Run(TestCompilations.Create(OpSources.InOpsClass(member)));

        Assert.True(run.Result.GeneratedTrees.IsEmpty, "Generated source for a declaration that is malformed: " + because);
        Assert.Empty(run.GeneratorDiagnostics);
    }

    [Fact]
    public void Ops_in_file_local_types_are_left_alone()
    {
        GeneratorRun run = GeneratorHarness.Run(TestCompilations.Create("""
            using Uring;

            namespace App;

            file static partial class Ops
            {
                [UringOp(IoUringOp.Nop)]
                public static partial bool Prepare(Ring ring, SqeContext context);
            }
            """));

        Assert.True(run.Result.GeneratedTrees.IsEmpty, "A file-local type cannot be reopened in another file.");
        Assert.Empty(run.GeneratorDiagnostics);
    }

    [Fact]
    public void A_malformed_op_does_not_stop_its_neighbours()
    {
        // Every malformed member, renamed apart so no two of them collide, next to one valid op.
        string members = string.Join("\n", Members.Select((row, i) => row.Data.Item2.Replace("Prepare", "Prepare" + i)))
            + "\n[UringOp(IoUringOp.Nop)] public static partial bool TryPrepareValid(Ring ring, SqeContext context);";

        GeneratorRun run = GeneratorHarness.Run(TestCompilations.Create(OpSources.InOpsClass(members)));

        string only = Assert.Single(run.Result.GeneratedTrees).FilePath;
        Assert.Contains("App.Ops.TryPrepareValid.", only, System.StringComparison.Ordinal);
        Assert.Empty(run.GeneratorDiagnostics);
    }
}
