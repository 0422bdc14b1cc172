using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Uring.Generators.Model;
using Uring.Generators.Tests.Support;
using Xunit;

namespace Uring.Generators.Tests.Generation;

/// <summary>
/// The generic overload every op gets: <c>TryPrepare*&lt;TContext&gt;(in TContext context, ...)</c> rents a
/// pooled Extended context for a <c>[UringContext]</c> value, prepares the op with it and gives the context
/// back when the op is not prepared. Snapshots, compile-after-generate, and which overload C# picks.
/// </summary>
public sealed class ContextOverloadTests
{
    [Fact]
    public void Instance_ops_call_themselves_on_this() => OpSnapshot.Verify("""
        using System;
        using Uring;
        using static Uring.SqeField;

        namespace App;

        public sealed partial class Connection
        {
            [UringOp(IoUringOp.Recv, Kind = UringOpKind.ReadLike, IoPrio = 0)]
            public partial bool TryPrepareReceive(
                SqeContext context,
                Ring ring,
                [Sqe(Fd)] int fd,
                [Sqe(Addr, LengthField = Len)] [HeldUntilCompletion] Span<byte> buffer,
                [Sqe(OpFlags)] MessageFlags flags = MessageFlags.None,
                in OpOptions options = default);
        }
        """);

    [Fact]
    public void Extension_ops_stay_extension_methods() => OpSnapshot.Verify("""
        using Uring;
        using static Uring.SqeField;

        namespace App.Extensions;

        public static partial class RingExtensions
        {
            [UringOp(IoUringOp.Nop, Fd = -1, OpFlags = (uint)NopFlags.InjectResult)]
            public static partial bool TryPrepareEcho(this Ring ring, SqeContext context, [Sqe(Len)] int result, in OpOptions options = default);
        }
        """);

    [Fact]
    public void Default_values_of_every_kind_are_repeated() => OpSnapshot.VerifyMembers("""
            [Flags]
            public enum Wide : ulong { None = 0, Low = 1, High = 1UL << 63 }

            public enum Level : sbyte { Minus = -2, Zero = 0 }

            [UringOp(IoUringOp.Read)]
            public static partial bool TryPrepareDefaults(
                Ring ring,
                SqeContext context,
                [Sqe(Fd)] int fd = -1,
                [Sqe(Off)] long offset = -1,
                [Sqe(OpFlags)] ReadWriteFlags flags = ReadWriteFlags.HighPriority | ReadWriteFlags.NoWait,
                [Sqe(Addr3)] Wide wide = Wide.Low | Wide.High,
                [Sqe(Pad2)] Level level = Level.Minus,
                [Sqe(Len)] uint length = 4096,
                [Sqe(BufIndex)] ushort index = ushort.MaxValue,
                [Sqe(Addr)] [HeldUntilCompletion] nint address = -8,
                [SqeFlag(Flags, SqeFlags.Async)] bool async = true,
                [SqeFlag(Flags, SqeFlags.IoDrain)] bool drain = false,
                in OpOptions options = default);

            [UringOp(IoUringOp.Timeout)]
            public static partial bool TryPrepareMoreDefaults(
                Ring ring,
                SqeContext context,
                [Sqe(Addr)] TimeSpan timeout = default,
                [Sqe(Addr3, LengthField = Len)] [HeldUntilCompletion] Span<byte> tail = default,
                [Sqe(Off)] ulong big = ulong.MaxValue,
                [Sqe(Fd)] int fd = int.MinValue,
                [Sqe(OpFlags)] uint flags = 0u);
        """);

    [Fact]
    public void Ops_in_generic_types_and_keyword_names_keep_working() => OpSnapshot.Verify("""
        using System;
        using Uring;
        using static Uring.SqeField;

        namespace App;

        public partial class Pool<TContext> where TContext : unmanaged
        {
            [UringOp(IoUringOp.Read, Kind = UringOpKind.ReadLike)]
            public static partial bool TryPrepareFill(Ring ring, SqeContext @ref, [Sqe(Fd)] int TContext2, [Sqe(Addr, LengthField = Len)] [HeldUntilCompletion] Span<TContext> items);
        }
        """);

    [Fact]
    public void Ops_that_take_the_context_by_reference_pass_a_copy() => OpSnapshot.VerifyMembers("""
            [UringOp(IoUringOp.Nop, Fd = -1)]
            public static partial bool TryPrepareByRef(Ring ring, ref SqeContext context);

            [UringOp(IoUringOp.Nop, Fd = -1)]
            public static partial bool TryPrepareByIn(Ring ring, in SqeContext context);
        """);

    [Fact]
    public void Overrides_get_no_overload_and_hiding_ops_hide_the_base_overload()
    {
        GeneratorRun run = OpSnapshot.Verify("""
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

                [UringOp(IoUringOp.Nop, Fd = -1)]
                protected partial bool TryPrepareMark(Ring ring, SqeContext context);
            }

            public partial class SocketCloser : FileCloser
            {
                [UringOp(IoUringOp.Fsync)]
                public override partial bool TryPrepareSync(Ring ring, SqeContext context, [Sqe(Fd)] int fd);

                [UringOp(IoUringOp.Nop, Fd = -1)]
                protected new partial bool TryPrepareMark(Ring ring, SqeContext context);
            }

            public static class Callers
            {
                // An override with an SqeContext still binds to the op, though FileCloser has TryPrepareSync<TContext>.
                public static bool Sync(SocketCloser closer, Ring ring) => closer.TryPrepareSync(ring, SqeContext.FromValue(1), 3);

                public static bool Close(FileCloser closer, Ring ring) => closer.TryPrepareClose(ring, SqeContext.FromValue(2), 3);
            }
            """);

        Dictionary<string, string> files = run.Result.GeneratedTrees.ToDictionary(tree => System.IO.Path.GetFileName(tree.FilePath), tree => tree.ToString());
        Assert.DoesNotContain("<TContext>", files.Single(f => f.Key.StartsWith("App.FileCloser.TryPrepareClose.", System.StringComparison.Ordinal)).Value);
        Assert.DoesNotContain("<TContext>", files.Single(f => f.Key.StartsWith("App.SocketCloser.TryPrepareSync.", System.StringComparison.Ordinal)).Value);
        Assert.Contains("protected bool TryPrepareMark<TContext>", files.Single(f => f.Key.StartsWith("App.FileCloser.TryPrepareMark.", System.StringComparison.Ordinal)).Value);
        Assert.Contains("protected new bool TryPrepareMark<TContext>", files.Single(f => f.Key.StartsWith("App.SocketCloser.TryPrepareMark.", System.StringComparison.Ordinal)).Value);
    }

    [Fact]
    public void Contexts_and_ops_work_together_through_the_overload() => ContextSnapshot.Verify("""
        using System;
        using System.Collections.Generic;
        using Uring;
        using static Uring.SqeField;

        namespace App;

        public static partial class DeviceOps
        {
            [UringOp(IoUringOp.Nop, Fd = -1, OpFlags = (uint)NopFlags.InjectResult)]
            public static partial bool TryPrepareEcho(this Ring ring, SqeContext context, [Sqe(Len)] int result = 7, in OpOptions options = default);
        }

        [UringContext]
        public partial struct EchoState
        {
            public CompletionHandler Handler;
            public List<int> Log;
            public int Fd;
        }

        public partial class Server<TSession> where TSession : class
        {
            public partial class Lane<TKey>
            {
                [UringContext]
                internal partial struct Pending
                {
                    public TSession Session;
                    public List<TKey> Keys;
                    public long Started;
                }

                internal static bool Submit(Ring ring, TSession session)
                    => ring.TryPrepareNop(new Pending { Session = session, Started = 1 }) && ring.TryPrepareEcho(new Pending { Session = session });
            }
        }

        [UringContext]
        public partial struct Tagged<T> where T : class
        {
            public T Value;
            public int Tag;
        }

        public static class Callers
        {
            public static bool Generic<TState>(Ring ring, in TState state) where TState : struct, IUringContext<TState>
                => ring.TryPrepareEcho(in state, 1);

            public static bool All(Ring ring, List<int> log, Span<byte> buffer)
                => ring.TryPrepareEcho(new EchoState { Log = log, Fd = 3 })
                    && ring.TryPrepareEcho(new Tagged<string> { Value = "x", Tag = 1 }, result: 9)
                    && Generic(ring, new EchoState { Log = log })
                    && ring.TryPrepareRecv(new Tagged<object> { Value = log }, 3, buffer)
                    && Server<string>.Lane<int>.Submit(ring, "session");
        }
        """);

    /// <summary>
    /// Which method each call binds to: an <c>SqeContext</c> (or <c>default</c>) keeps binding to the op, a
    /// <c>[UringContext]</c> value to the generic overload (SqeContext does not implement IUringContext, so the
    /// generic candidate fails its constraint and is dropped), with and without default arguments, for the
    /// runtime's own ops and for user ops.
    /// </summary>
    [Fact]
    public void Calls_bind_to_the_op_or_to_the_overload_by_the_context_they_pass()
    {
        SyntaxTree tree = TestCompilations.Parse("""
            using System;
            using Uring;
            using static Uring.SqeField;

            namespace App;

            [UringContext]
            public partial struct EchoState
            {
                public CompletionHandler Handler;
                public object Conn;
                public int Fd;
            }

            public static partial class UserOps
            {
                [UringOp(IoUringOp.Read, Kind = UringOpKind.ReadLike)]
                public static partial bool TryPrepareFill(
                    this Ring ring,
                    SqeContext context,
                    [Sqe(Fd)] int fd,
                    [Sqe(Addr, LengthField = Len)] [HeldUntilCompletion] Span<byte> buffer,
                    [Sqe(Off)] long offset = -1,
                    [Sqe(OpFlags)] ReadWriteFlags flags = ReadWriteFlags.None,
                    in OpOptions options = default);
            }

            public static class Calls
            {
                public static bool Plain_recv(Ring ring, int fd, Span<byte> buffer) => ring.TryPrepareRecv(SqeContext.FromValue(1), fd, buffer);

                public static bool Generic_recv(Ring ring, int fd, Span<byte> buffer, object conn) => ring.TryPrepareRecv(new EchoState { Conn = conn, Fd = fd }, fd, buffer);

                public static bool Generic_recv_with_every_argument(Ring ring, int fd, Span<byte> buffer) => ring.TryPrepareRecv(new EchoState { Fd = fd }, fd, buffer, MessageFlags.WaitAll, OpOptions.HardLinked);

                public static bool Plain_nop_defaults(Ring ring) => ring.TryPrepareNop(SqeContext.FromValue(2));

                public static bool Plain_nop_default_literal(Ring ring) => ring.TryPrepareNop(default);

                public static bool Generic_nop_defaults(Ring ring) => ring.TryPrepareNop(new EchoState());

                public static bool Generic_nop_named(Ring ring) => ring.TryPrepareNop(new EchoState(), result: 5);

                public static bool Generic_nop_in_variable(Ring ring)
                {
                    EchoState state = new() { Fd = 4 };
                    return ring.TryPrepareNop(in state, NopFlags.InjectResult, 3);
                }

                public static bool Plain_user_op(Ring ring, Span<byte> buffer) => ring.TryPrepareFill(SqeContext.FromValue(3), 5, buffer);

                public static bool Generic_user_op_defaults(Ring ring, Span<byte> buffer) => ring.TryPrepareFill(new EchoState(), 5, buffer);

                public static bool Generic_user_op_static_call(Ring ring, Span<byte> buffer) => UserOps.TryPrepareFill(ring, new EchoState(), 5, buffer, 0, ReadWriteFlags.NoWait);
            }
            """);
        GeneratorRun run = ContextSnapshot.Run(tree);
        GeneratedCodeAssert.CompilesCleanly(run);

        SemanticModel model = run.Output.GetSemanticModel(run.Output.SyntaxTrees.First(t => t.FilePath == tree.FilePath));
        List<string> bound = new();
        foreach (MethodDeclarationSyntax method in model.SyntaxTree.GetRoot(TestContext.Current.CancellationToken).DescendantNodes().OfType<MethodDeclarationSyntax>().Where(m => m.Identifier.ValueText.Contains('_')))
        {
            InvocationExpressionSyntax call = method.DescendantNodes().OfType<InvocationExpressionSyntax>().First();
            IMethodSymbol target = ((IInvocationOperation)model.GetOperation(call, TestContext.Current.CancellationToken)!).TargetMethod;
            bool generic = method.Identifier.ValueText.StartsWith("Generic", System.StringComparison.Ordinal);
            Assert.True(generic == target.IsGenericMethod, method.Identifier.ValueText + " bound to " + target.ToDisplayString());
            if (generic)
            {
                Assert.Equal("EchoState", target.TypeArguments.Single().Name);
            }
            else
            {
                Assert.Equal("SqeContext", target.Parameters.First(p => p.Type.Name is "SqeContext").Type.Name);
            }

            bound.Add(method.Identifier.ValueText);
        }

        Assert.Equal(11, bound.Count);
    }

    [Fact]
    public void A_struct_that_is_no_context_binds_to_nothing()
    {
        GeneratorRun run = ContextSnapshot.Run(TestCompilations.Parse("""
            using Uring;

            namespace App;

            public struct NotAContext { public int Value; }

            public static class Calls
            {
                public static bool Wrong(Ring ring) => ring.TryPrepareNop(new NotAContext { Value = 1 });
            }
            """));

        Diagnostic error = Assert.Single(run.Output.GetDiagnostics(TestContext.Current.CancellationToken), d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("CS0315", error.Id);
    }

    [Fact]
    public void Defaults_are_written_as_literals_of_their_type()
    {
        SyntaxTree tree = TestCompilations.Parse(OpSources.InOpsClass("""
                public enum Wide : ulong { Low = 1, High = 1UL << 63 }
                public enum Small : short { Minus = -300 }
                public static void M(
                    int a = -1, long b = long.MinValue, uint c = 7, ulong d = ulong.MaxValue, byte e = 255, sbyte f = -128,
                    Wide g = Wide.Low | Wide.High, Small h = Small.Minus, ReadWriteFlags i = default, bool j = true, OpOptions k = default,
                    string? l = null, Span<byte> m = default, nint n = -5, nuint o = 9, int? p = 4, Small? q = null, char r = '\'',
                    int s = 0) { }
            """));
        IMethodSymbol method = TestCompilations.Create(new[] { tree }).GetTypeByMetadataName("App.Ops")!.GetMembers("M").OfType<IMethodSymbol>().Single();

        string[] written = method.Parameters.Select(OpModelBuilder.DefaultValueOf).Select(value => value ?? "<none>").ToArray();

        Assert.Equal(
            new[]
            {
                "-1", "-9223372036854775808L", "7U", "18446744073709551615UL", "255", "-128",
                "(global::App.Ops.Wide)9223372036854775809UL", "(global::App.Ops.Small)(-300)", "(global::Uring.ReadWriteFlags)0U", "true", "default",
                "null", "default", "(nint)(-5)", "(nuint)9U", "4", "null", "'\\''",
                "0",
            },
            written);
    }
}
