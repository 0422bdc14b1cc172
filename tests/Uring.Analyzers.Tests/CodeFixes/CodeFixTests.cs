using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Uring.Analyzers.Buffers;
using Uring.Analyzers.CodeFixes;
using Uring.Analyzers.Declarations;
using Uring.Analyzers.Tests.Support;
using Xunit;

namespace Uring.Analyzers.Tests.CodeFixes;

public sealed class CodeFixTests
{
    [Fact]
    public Task Stackalloc_becomes_a_pinned_array() => VerifyFix<UnstableMemoryAnalyzer, PinnedBufferCodeFix>.Fixed("""
        class C
        {
            void M(Ring ring, int fd)
            {
                Span<byte> buffer = stackalloc byte[64];
                ring.TryPrepareRead(SqeContext.FromValue(1), fd, {|URING0001:buffer|});
            }
        }
        """, """
        class C
        {
            void M(Ring ring, int fd)
            {
                Span<byte> buffer = GC.AllocateArray<byte>(64, pinned: true);
                ring.TryPrepareRead(SqeContext.FromValue(1), fd, buffer);
            }
        }
        """);

    [Fact]
    public Task A_new_array_becomes_a_pinned_array() => VerifyFix<UnstableMemoryAnalyzer, PinnedBufferCodeFix>.Fixed("""
        class C
        {
            void M(Ring ring, int fd, int size) => ring.TryPrepareRead(SqeContext.FromValue(1), fd, {|URING0001:new byte[size].AsSpan()|});
        }
        """, """
        class C
        {
            void M(Ring ring, int fd, int size) => ring.TryPrepareRead(SqeContext.FromValue(1), fd, GC.AllocateArray<byte>(size, pinned: true).AsSpan());
        }
        """);

    [Fact]
    public Task A_pool_array_gets_no_fix() => VerifyFix<UnstableMemoryAnalyzer, PinnedBufferCodeFix>.Fixed("""
        class C
        {
            void M(Ring ring, int fd) => ring.TryPrepareRead(SqeContext.FromValue(1), fd, {|URING0001:ArrayPool<byte>.Shared.Rent(64).AsSpan()|});
        }
        """, """
        class C
        {
            void M(Ring ring, int fd) => ring.TryPrepareRead(SqeContext.FromValue(1), fd, {|URING0001:ArrayPool<byte>.Shared.Rent(64).AsSpan()|});
        }
        """);

    [Fact]
    public Task An_op_with_a_body_becomes_a_partial_declaration()
    {
        VerifyFix<UringOpDeclarationAnalyzer, MakeOpPartialCodeFix>.Test test = new()
        {
            TestCode = Verify<UringOpDeclarationAnalyzer>.Usings + """
                public static class Ops
                {
                    /// <summary>A no-op.</summary>
                    [UringOp(IoUringOp.Nop)]
                    public static bool {|URING0100:Nop|}(this Ring ring, SqeContext context)
                    {
                        return true;
                    }
                }
                """,
            FixedCode = Verify<UringOpDeclarationAnalyzer>.Usings + """
                public static partial class Ops
                {
                    /// <summary>A no-op.</summary>
                    [UringOp(IoUringOp.Nop)]
                    public static partial bool Nop(this Ring ring, SqeContext context);
                }
                """,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        return test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public Task An_op_returning_int_returns_bool()
    {
        VerifyFix<UringOpDeclarationAnalyzer, ReturnBoolCodeFix>.Test test = new()
        {
            TestCode = Verify<UringOpDeclarationAnalyzer>.Usings + """
                public static partial class Ops
                {
                    [UringOp(IoUringOp.Nop)]
                    public static partial int {|URING0101:Nop|}(this Ring ring, SqeContext context);
                }
                """,
            FixedCode = Verify<UringOpDeclarationAnalyzer>.Usings + """
                public static partial class Ops
                {
                    [UringOp(IoUringOp.Nop)]
                    public static partial bool Nop(this Ring ring, SqeContext context);
                }
                """,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        return test.RunAsync(TestContext.Current.CancellationToken);
    }
}
