using System.Linq;
using Uring.Generators.Tests.Support;
using Xunit;

namespace Uring.Generators.Tests.Generation;

/// <summary>
/// Malformed <c>[UringContext]</c> and <c>[UringHandler]</c> declarations get no generated code and no
/// generator diagnostic: Uring.Analyzers says what is wrong (URING0150-0156).
/// </summary>
public sealed class MalformedContextTests
{
    public static TheoryData<string, string> Contexts { get; } = new()
    {
        { "not partial", "[UringContext] public struct S { public int X; }" },
        { "a class", "[UringContext] public partial class S { public int X; }" },
        { "a ref struct", "[UringContext] public ref partial struct S { public int X; }" },
        { "containing type not partial", "public class Outer { [UringContext] public partial struct S { public int X; } }" },
        { "file-local", "[UringContext] file partial struct S { public int X; }" },
        { "65 bytes", "[UringContext] public partial struct S { public long A, B, C, D, E, F, G, H; public byte I; }" },
        { "9 reference fields", "[UringContext] public partial struct S { public string A, B, C, D, E, F, G, H, I; }" },
        { "two handlers", "[UringContext] public partial struct S { public CompletionHandler First; public CompletionHandler Second; }" },
        { "a field named Layout", "[UringContext] public partial struct S { public int Layout; }" },
        { "a method named Load", "[UringContext] public partial struct S { public int X; public static S Load() => default; }" },
        { "a nested type named Ref", "[UringContext] public partial struct S { public int X; public struct Ref { } }" },
        { "a field with the generated code's prefix", "[UringContext] public partial struct S { public int __data; }" },
        { "a context named like a generated member", "[UringContext] public partial struct Layout { public int X; }" },
        { "an auto-property", "[UringContext] public partial struct S { public int X { get; set; } }" },
        { "a positional record struct", "[UringContext] public partial record struct S(int X);" },
        { "a fixed buffer", "[UringContext] public unsafe partial struct S { public fixed byte Name[16]; }" },
        { "a struct with references", "[UringContext] public partial struct S { public Memory<byte> Buffer; }" },
        { "an unmanaged type parameter", "[UringContext] public partial struct S<T> where T : unmanaged { public T Value; }" },
        { "an unconstrained type parameter", "[UringContext] public partial struct S<T> { public T Value; }" },
        { "a struct field in a generic type", "[UringContext] public partial struct S<T> where T : class { public Guid Id; public T Owner; }" },
    };

    [Theory]
    [MemberData(nameof(Contexts))]
    public void Contexts_produce_no_source_and_no_diagnostic(string because, string declaration)
    {
        GeneratorRun run = ContextSnapshot.Run(TestCompilations.Parse(Frame(declaration)));

        Assert.True(run.Result.GeneratedTrees.IsEmpty, "Generated source for a context that is malformed: " + because);
        Assert.Empty(run.GeneratorDiagnostics);
    }

    public static TheoryData<string, string> Handlers { get; } = new()
    {
        { "an instance method", "[UringHandler] public void Bad(Ring ring, in CqeView cqe) { }" },
        { "a generic method", "[UringHandler] public static void Bad<T>(Ring ring, in CqeView cqe) { }" },
        { "a return value", "[UringHandler] public static int Bad(Ring ring, in CqeView cqe) => 0;" },
        { "a CqeView by value", "[UringHandler] public static void Bad(Ring ring, CqeView cqe) { }" },
        { "no ring", "[UringHandler] public static void Bad(in CqeView cqe) { }" },
        { "a third parameter", "[UringHandler] public static void Bad(Ring ring, in CqeView cqe, int extra) { }" },
        { "a ref ring", "[UringHandler] public static void Bad(ref Ring ring, in CqeView cqe) { }" },
    };

    [Theory]
    [MemberData(nameof(Handlers))]
    public void Handlers_with_the_wrong_shape_are_not_called_directly(string because, string handler)
    {
        GeneratorRun run = ContextSnapshot.Run(TestCompilations.Parse(Frame($$"""
            [UringContext] public partial struct S { public CompletionHandler Handler; }

            public partial class Owner
            {
                {{handler}}

                [UringHandler] public static void Good(Ring ring, in CqeView cqe) { }
            }

            public partial class Generic<T>
            {
                [UringHandler] public static void InGeneric(Ring ring, in CqeView cqe) { }
            }
            """)));

        string dispatch = Assert.Single(run.Result.GeneratedTrees, tree => tree.FilePath.EndsWith("S.Dispatch.g.cs", System.StringComparison.Ordinal)).ToString();
        Assert.Contains("&global::App.Owner.Good", dispatch, System.StringComparison.Ordinal);
        Assert.False(dispatch.Contains("Bad", System.StringComparison.Ordinal), "The dispatcher calls a handler with " + because + ".");
        Assert.DoesNotContain("InGeneric", dispatch, System.StringComparison.Ordinal);
        Assert.Empty(run.GeneratorDiagnostics);
    }

    [Fact]
    public void Only_the_malformed_context_is_skipped()
    {
        GeneratorRun run = ContextSnapshot.Run(TestCompilations.Parse(Frame("""
            [UringContext] public partial struct Good { public int X; }
            [UringContext] public partial struct Bad { public long A, B, C, D, E, F, G, H, I; }
            """)));

        Assert.Equal(new[] { "App.Good.Context.g.cs" }, run.Result.GeneratedTrees.Select(tree => System.IO.Path.GetFileName(tree.FilePath)));
    }

    private static string Frame(string declarations) => $$"""
        using System;
        using Uring;

        namespace App;

        {{declarations}}
        """;
}
