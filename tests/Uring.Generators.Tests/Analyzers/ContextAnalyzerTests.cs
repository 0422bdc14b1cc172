using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Uring.Analyzers.Contexts;
using Uring.Generators.Tests.Generation;
using Uring.Generators.Tests.Support;
using Xunit;

namespace Uring.Generators.Tests.Analyzers;

/// <summary>
/// URING0150–URING0156 (<see cref="UringContextAnalyzer"/>), positive and negative, in the markup of
/// Microsoft.CodeAnalysis.Testing, plus agreement with the generator: it writes nothing exactly where the
/// analyzer reports an error.
/// </summary>
public sealed class ContextAnalyzerTests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing Uring;\n\nnamespace App;\n\n";

    public static TheoryData<string, string> Malformed { get; } = new()
    {
        { "URING0150", "[UringContext] public struct {|URING0150:S|} { public int X; }" },
        { "URING0150", "[UringContext] public ref partial struct {|URING0150:S|} { public int X; }" },
        { "URING0150", "public class Outer { [UringContext] public partial struct {|URING0150:S|} { public int X; } }" },
        { "URING0150", "[UringContext] file partial struct {|URING0150:S|} { public int X; }" },
        { "URING0151", "[UringContext] public partial struct {|URING0151:S|} { public long A, B, C, D, E, F, G, H; public byte I; }" },
        { "URING0151", "[UringContext] public partial struct {|URING0151:S|} { public byte A; public Guid B, C, D, E; }" },
        { "URING0152", "[UringContext] public partial struct S { public int {|URING0152:X|} { get; set; } }" },
        { "URING0152", "[UringContext] public partial record struct S(int {|URING0152:X|});" },
        { "URING0152", "[UringContext] public unsafe partial struct S { public fixed byte {|URING0152:Name|}[16]; }" },
        { "URING0152", "[UringContext] public partial struct S { public Memory<byte> {|URING0152:Buffer|}; }" },
        { "URING0152", "[UringContext] public partial struct S<T> where T : unmanaged { public T {|URING0152:Value|}; }" },
        { "URING0152", "[UringContext] public partial struct S<T> where T : class { public Guid {|URING0152:Id|}; public T Owner; }" },
        { "URING0153", "[UringContext] public partial struct {|URING0153:S|} { public string A, B, C, D, E, F, G, H, I; }" },
        { "URING0154", "[UringContext] public partial struct S { public CompletionHandler First; public CompletionHandler {|URING0154:Second|}; }" },
        { "URING0155", "[UringContext] public partial struct S { public int {|URING0155:Layout|}; }" },
        { "URING0155", "[UringContext] public partial struct S { public int X; public static S {|URING0155:Load|}() => default; }" },
        { "URING0155", "[UringContext] public partial struct S { public int X; public struct {|URING0155:Ref|} { } }" },
        { "URING0155", "[UringContext] public partial struct S { public int {|URING0155:__managed|}; }" },
        { "URING0150", "[UringContext] public partial struct {|URING0150:Handlers|} { public int X; }" },
        { "URING0156", "public static class H { [UringHandler] public static void {|URING0156:M|}(Ring ring, CqeView cqe) { } }" },
        { "URING0156", "public class H { [UringHandler] public void {|URING0156:M|}(Ring ring, in CqeView cqe) { } }" },
        { "URING0156", "public static class H { [UringHandler] public static int {|URING0156:M|}(Ring ring, in CqeView cqe) => 0; }" },
        { "URING0156", "public static class H { [UringHandler] public static void {|URING0156:M|}<T>(Ring ring, in CqeView cqe) { } }" },
        { "URING0156", "public static class H<T> { [UringHandler] public static void {|URING0156:M|}(Ring ring, in CqeView cqe) { } }" },
    };

    public static TheoryData<string> WellFormed { get; } = new()
    {
        "[UringContext] public partial struct S { }",
        "[UringContext] public partial struct S { public long A, B, C, D, E, F, G, H; }",
        "[UringContext] public partial struct S { public string A, B, C, D, E, F, G, H; }",
        "[UringContext] public partial struct S { public CompletionHandler Handler; public object Owner; public Guid Id; public int? Count; }",
        "[UringContext] public readonly partial struct S { public readonly int Id; public readonly string Name; public int Computed => Id * 2; }",
        "[UringContext] public partial record struct S { public int X; }",
        "public partial class G<T> where T : class { [UringContext] public partial struct S { public T Owner; public List<T> All; public long Stamp; } }",
        "[UringContext] public unsafe partial struct S { public byte* Data; public delegate*<int, void> Callback; }",
        "public static class H { [UringHandler] public static void M(Ring ring, in CqeView cqe) { } }",
        "[UringContext] public partial struct S { public CompletionHandler Handler; } public static class H { [UringHandler(typeof(S))] internal static void M(Ring ring, in CqeView cqe) { } }",
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_declarations_are_reported(string rule, string declaration)
    {
        Assert.Contains("{|" + rule + ":", declaration);
        AnalyzerMarkup.Verify(new UringContextAnalyzer(), Usings + declaration);
    }

    [Theory]
    [MemberData(nameof(WellFormed))]
    public void Well_formed_declarations_are_not_reported(string declaration)
        => AnalyzerMarkup.Verify(new UringContextAnalyzer(), Usings + declaration);

    [Fact]
    public void Every_problem_of_a_declaration_is_reported()
        => AnalyzerMarkup.Verify(new UringContextAnalyzer(), Usings + """
            [UringContext]
            public partial struct {|URING0153:{|URING0151:S|}|}
            {
                public long A, B, C, D, E, F, G, H, I;
                public string R1, R2, R3, R4, R5, R6, R7, R8, R9;
                public Memory<byte> {|URING0152:Buffer|};
                public CompletionHandler First;
                public CompletionHandler {|URING0154:Second|};
                public int {|URING0155:Store|};
            }
            """);

    [Fact]
    public void Messages_say_what_is_wrong()
    {
        IReadOnlyList<Diagnostic> reported = AnalyzerMarkup.Run(new UringContextAnalyzer(), Usings + """
            public class Outer { [UringContext] public partial struct Big { public long A, B, C, D, E, F, G, H; public int I; public Memory<byte> M; } }
            """);

        Assert.Equal(
            new[]
            {
                "URING0150 [UringContext] type 'Big' is nested in 'Outer', which is not declared partial",
                "URING0151 The unmanaged fields of [UringContext] 'Big' take 72 bytes (naturally aligned), more than the 64 bytes of ExtSqe user data",
                "URING0152 Context member 'M' of type 'Memory<byte>' is a struct that contains references; store the references as separate fields",
            },
            reported.Select(d => d.Id + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).OrderBy(line => line, System.StringComparer.Ordinal));
        Assert.All(reported, d => Assert.Equal("Uring.ContextDeclaration", d.Descriptor.Category));
        Assert.All(reported, d => Assert.EndsWith("docs/analyzers/" + d.Id + ".md", d.Descriptor.HelpLinkUri, System.StringComparison.Ordinal));
    }

    /// <summary>
    /// The generator's malformed cases: each is an error here. (A class is not a [UringContext] target at
    /// all, so the compiler reports it: CS0592.)
    /// </summary>
    [Theory]
    [MemberData(nameof(MalformedContextTests.Contexts), MemberType = typeof(MalformedContextTests))]
    public void The_analyzer_reports_every_context_the_generator_skips(string because, string declaration)
    {
        IReadOnlyList<Diagnostic> reported = AnalyzerMarkup.Run(new UringContextAnalyzer(), Usings + declaration);

        Assert.True(
            reported.Any(d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("URING015", System.StringComparison.Ordinal)),
            "No URING015x error for a context the generator skips: " + because);
    }

    [Theory]
    [MemberData(nameof(WellFormed))]
    public void The_generator_writes_every_context_the_analyzer_accepts(string declaration)
    {
        GeneratorRun run = ContextSnapshot.Run(TestCompilations.Parse(Usings + declaration));
        int contexts = declaration.Split("[UringContext]").Length - 1;

        Assert.Equal(contexts, run.Result.GeneratedTrees.Count(tree => tree.FilePath.EndsWith(".Context.g.cs", System.StringComparison.Ordinal)));
        GeneratedCodeAssert.CompilesCleanly(run);
    }
}
