using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Uring.Analyzers.Declarations;
using Uring.Analyzers.Tests.Support;
using Xunit;

namespace Uring.Analyzers.Tests.Declarations;

/// <summary>URING0150–URING0156: malformed [UringContext] and [UringHandler] declarations, in the test harness.</summary>
public sealed class ContextDeclarationTests
{
    /// <summary>
    /// The analyzer, run on the declaration as written (no markup), reports exactly the case's rule and nothing
    /// else; the harness then checks it reports it where the markup says.
    /// </summary>
    [Theory]
    [MemberData(nameof(ContextDeclarationCases.Malformed), MemberType = typeof(ContextDeclarationCases))]
    public async Task Malformed_declarations_are_reported(string rule, string declaration)
    {
        (_, ImmutableArray<Diagnostic> reported, _) = await DeclarationCompilation.RunAsync(
            Verify<UringContextDeclarationAnalyzer>.Usings + ContextDeclarationCases.Plain(declaration), new UringContextDeclarationAnalyzer());
        Assert.Equal([rule], reported.Select(diagnostic => diagnostic.Id).Distinct().ToArray());
        await Run(declaration);
    }

    /// <summary>
    /// The analyzer is silent on the declaration, and the generator implements what it declares: one
    /// <c>.Context.g.cs</c> per <c>[UringContext]</c> (the case's count), none for a handler alone.
    /// </summary>
    [Theory]
    [MemberData(nameof(ContextDeclarationCases.WellFormed), MemberType = typeof(ContextDeclarationCases))]
    public async Task Well_formed_declarations_are_not_reported(int contexts, string declaration)
    {
        (ImmutableArray<string> generated, ImmutableArray<Diagnostic> reported, _) = await DeclarationCompilation.RunAsync(
            Verify<UringContextDeclarationAnalyzer>.Usings + ContextDeclarationCases.Plain(declaration), new UringContextDeclarationAnalyzer());
        Assert.Empty(reported);
        Assert.Equal(contexts, generated.Count(name => name.EndsWith(".Context.g.cs", StringComparison.Ordinal)));
        await Run(declaration);
    }

    [Fact]
    public Task Every_problem_of_a_declaration_is_reported() => Run("""
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

    /// <summary>
    /// Reference assemblies hide the fields of most BCL structs (this harness compiles against the reference
    /// pack, as a build does); the ones the generator knows are fine, the others cannot be measured.
    /// </summary>
    [Fact]
    public Task Structs_whose_fields_reference_assemblies_hide_are_reported() => Run("""
        [UringContext]
        public partial struct S
        {
            public Guid Id;
            public DateTime When;
            public System.Drawing.Point {|URING0152:Where|};
        }
        """);

    [Fact]
    public Task Messages_say_what_is_wrong()
    {
        Verify<UringContextDeclarationAnalyzer>.Test test = new()
        {
            TestCode = Verify<UringContextDeclarationAnalyzer>.Usings + ContextDeclarationCases.Source(
                "public class Outer { [UringContext] public partial struct {|#0:Big|} { public long A, B, C, D, E, F, G, H; public int I; public Memory<byte> {|#1:M|}; } }"),
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        test.ExpectedDiagnostics.Add(new DiagnosticResult("URING0150", Microsoft.CodeAnalysis.DiagnosticSeverity.Error).WithLocation(0)
            .WithMessage("[UringContext] type 'Big' is nested in 'Outer', which is not declared partial"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult("URING0151", Microsoft.CodeAnalysis.DiagnosticSeverity.Error).WithLocation(0)
            .WithMessage("The unmanaged fields of [UringContext] 'Big' take 72 bytes (naturally aligned), more than the 64 bytes of ExtendedSqe user data"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult("URING0152", Microsoft.CodeAnalysis.DiagnosticSeverity.Error).WithLocation(1)
            .WithMessage("Context member 'M' of type 'Memory<byte>' is a struct that contains references; store the references as separate fields"));
        return test.RunAsync(TestContext.Current.CancellationToken);
    }

    private static Task Run(string declaration)
    {
        Verify<UringContextDeclarationAnalyzer>.Test test = new()
        {
            TestCode = Verify<UringContextDeclarationAnalyzer>.Usings + ContextDeclarationCases.Source(declaration),
            // Without the generator in this harness nothing is generated, which the compiler does not mind;
            // a [UringContext] on a class is also the compiler's CS0592. Only our rules matter here.
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        return test.RunAsync(TestContext.Current.CancellationToken);
    }
}
