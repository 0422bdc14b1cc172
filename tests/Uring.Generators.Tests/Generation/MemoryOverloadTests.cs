using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Uring.Generators.Tests.Support;
using Xunit;

namespace Uring.Generators.Tests.Generation;

/// <summary>
/// The Memory overload rule: every op whose held memory is spans of pointer-free elements (at most two) gets a
/// Memory&lt;T&gt; / ReadOnlyMemory&lt;T&gt; overload, and its generic context twin; ops that hold an address, a span
/// of structs with pointers or of a type parameter, more than two spans, and private ops get none.
/// </summary>
public sealed class MemoryOverloadTests
{
    private const string Ops = """
        using System;
        using Uring;
        using static Uring.SqeField;

        namespace App;

        public struct Reading { public long When; public int Value; public Inner Detail; }
        public struct Inner { public ushort Code; }
        public unsafe struct Linked { public byte* Next; }

        [UringContext]
        public partial struct Session
        {
            public int Fd;
        }

        public static unsafe partial class Ops
        {
            [UringOp(IoUringOp.Read, Kind = UringOpKind.ReadLike)]
            public static partial bool TryPrepareFill(this Ring ring, SqeContext context, [Sqe(Fd)] int fd, [Sqe(Addr, LengthField = Len)] [HeldUntilCompletion] Span<byte> buffer, [Sqe(Off)] long offset = -1, in OpOptions options = default);

            [UringOp(IoUringOp.Write, Kind = UringOpKind.WriteLike)]
            public static partial bool TryPrepareDrain(this Ring ring, SqeContext context, [Sqe(Fd)] int fd, [Sqe(Addr, LengthField = Len)] [HeldUntilCompletion] ReadOnlySpan<byte> data);

            [UringOp(IoUringOp.Read)]
            public static partial bool TryPrepareReadings(this Ring ring, SqeContext context, [Sqe(Addr, LengthField = Len)] [HeldUntilCompletion] Span<Reading> readings, [Sqe(Addr3, LengthField = OpFlags)] [HeldUntilCompletion] ReadOnlySpan<uint> keys);

            [UringOp(IoUringOp.Accept)]
            public static partial bool TryPrepareAddress(this Ring ring, SqeContext context, [Sqe(Fd)] int fd, [Sqe(Addr)] [HeldUntilCompletion] nint peer);

            [UringOp(IoUringOp.Read)]
            public static partial bool TryPrepareLinked(this Ring ring, SqeContext context, [Sqe(Addr, LengthField = Len)] [HeldUntilCompletion] Span<Linked> chain);

            [UringOp(IoUringOp.Read)]
            public static partial bool TryPrepareThree(this Ring ring, SqeContext context, [Sqe(Addr)] [HeldUntilCompletion] Span<byte> a, [Sqe(Addr2)] [HeldUntilCompletion] Span<byte> b, [Sqe(Addr3)] [HeldUntilCompletion] Span<byte> c);

            [UringOp(IoUringOp.Read)]
            private static partial bool TryPrepareHidden(this Ring ring, SqeContext context, [Sqe(Addr, LengthField = Len)] [HeldUntilCompletion] Span<byte> buffer);
        }

        public static partial class Generic<T>
            where T : unmanaged
        {
            [UringOp(IoUringOp.Read)]
            public static partial bool TryPrepareItems(Ring ring, SqeContext context, [Sqe(Addr, LengthField = Len)] [HeldUntilCompletion] Span<T> items);
        }

        public static class Calls
        {
            public static bool Span_fill(Ring ring, Span<byte> buffer) => ring.TryPrepareFill(SqeContext.FromValue(1), 3, buffer);

            public static bool Memory_fill(Ring ring, Memory<byte> buffer) => ring.TryPrepareFill(SqeContext.FromValue(1), 3, buffer, 8);

            public static bool Memory_fill_default(Ring ring, Memory<byte> buffer) => ring.TryPrepareFill(default, 3, buffer);

            public static bool Memory_drain_from_memory(Ring ring, Memory<byte> data) => ring.TryPrepareDrain(SqeContext.FromValue(2), 3, data);

            public static bool Memory_readings(Ring ring, Reading[] readings, uint[] keys) => ring.TryPrepareReadings(SqeContext.FromValue(3), readings.AsMemory(), keys.AsMemory());

            public static bool Generic_memory_fill(Ring ring, Memory<byte> buffer) => ring.TryPrepareFill(new Session { Fd = 3 }, 3, buffer);

            public static bool Generic_span_fill(Ring ring, Span<byte> buffer) => ring.TryPrepareFill(new Session { Fd = 3 }, 3, buffer);
        }
        """;

    [Fact]
    public void Ops_holding_spans_of_pointer_free_elements_get_memory_overloads_and_the_others_none()
    {
        GeneratorRun run = ContextSnapshot.Verify(Ops);
        Compilation output = run.Output;
        INamedTypeSymbol ops = output.GetTypeByMetadataName("App.Ops")!;

        Assert.Equal(new[] { "ReadOnlyMemory<byte>" }, MemoryParameters(ops, "TryPrepareDrain"));
        Assert.Equal(new[] { "Memory<byte>" }, MemoryParameters(ops, "TryPrepareFill"));
        Assert.Equal(new[] { "Memory<Reading>", "ReadOnlyMemory<uint>" }, MemoryParameters(ops, "TryPrepareReadings"));
        Assert.Empty(MemoryParameters(ops, "TryPrepareAddress"));
        Assert.Empty(MemoryParameters(ops, "TryPrepareLinked"));
        Assert.Empty(MemoryParameters(ops, "TryPrepareThree"));
        Assert.Empty(MemoryParameters(ops, "TryPrepareHidden"));
        Assert.Empty(MemoryParameters(output.GetTypeByMetadataName("App.Generic`1")!, "TryPrepareItems"));

        // Two forms each: the SqeContext one and its generic context twin, both ranked below the span forms.
        IMethodSymbol[] fill = ops.GetMembers("TryPrepareFill").OfType<IMethodSymbol>().Where(m => m.Parameters.Any(p => p.Type.Name == "Memory")).ToArray();
        Assert.Equal(2, fill.Length);
        Assert.All(fill, method =>
        {
            Assert.Contains(method.GetAttributes(), a => a.AttributeClass?.Name == "OverloadResolutionPriorityAttribute" && (int)a.ConstructorArguments[0].Value! == -1);
            Assert.Contains(method.GetAttributes(), a => a.AttributeClass?.Name == "IssuerThreadOnlyAttribute");
            Assert.Contains(method.Parameters.Single(p => p.Type.Name == "Memory").GetAttributes(), a => a.AttributeClass?.Name == "HeldUntilCompletionAttribute");
        });
    }

    [Fact]
    public void Calls_bind_to_the_memory_overload_only_when_they_pass_memory()
    {
        GeneratorRun run = ContextSnapshot.Run(TestCompilations.Parse(Ops));
        GeneratedCodeAssert.CompilesCleanly(run);
        SyntaxTree calls = run.Output.SyntaxTrees.First(tree => tree.GetText().ToString().Contains("class Calls"));
        SemanticModel model = run.Output.GetSemanticModel(calls);
        List<string> bound = new();
        foreach (MethodDeclarationSyntax method in calls.GetRoot(TestContext.Current.CancellationToken).DescendantNodes().OfType<MethodDeclarationSyntax>().Where(m => m.Identifier.ValueText.Contains('_')))
        {
            InvocationExpressionSyntax call = method.DescendantNodes().OfType<InvocationExpressionSyntax>().First();
            IMethodSymbol target = ((IInvocationOperation)model.GetOperation(call, TestContext.Current.CancellationToken)!).TargetMethod;
            string name = method.Identifier.ValueText;
            bool memory = name.Contains("memory") || name.StartsWith("Memory", System.StringComparison.Ordinal);
            Assert.True(memory == target.Parameters.Any(p => p.Type.Name is "Memory" or "ReadOnlyMemory"), name + " bound to " + target.ToDisplayString());
            Assert.True(name.StartsWith("Generic", System.StringComparison.Ordinal) == target.IsGenericMethod, name + " bound to " + target.ToDisplayString());
            bound.Add(name);
        }

        Assert.Equal(7, bound.Count);
    }

    /// <summary>The memory parameter types of the non-generic Memory overload of <paramref name="name"/>, or none.</summary>
    private static string[] MemoryParameters(INamedTypeSymbol type, string name)
        => type.GetMembers(name)
            .OfType<IMethodSymbol>()
            .Where(method => !method.IsGenericMethod && method.Parameters.Any(p => p.Type.Name is "Memory" or "ReadOnlyMemory"))
            .SelectMany(method => method.Parameters.Where(p => p.Type.Name is "Memory" or "ReadOnlyMemory"))
            .Select(p => p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat))
            .ToArray();
}
