using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Uring.Analyzers.Declarations;
using Uring.Analyzers.Tests.Support;
using Xunit;

namespace Uring.Analyzers.Tests.Declarations;

/// <summary>URING0100–URING0112: malformed [UringOp] declarations, in the test harness.</summary>
public sealed class OpDeclarationTests
{
    [Theory]
    [MemberData(nameof(OpDeclarationCases.Malformed), MemberType = typeof(OpDeclarationCases))]
    public Task Malformed_declarations_are_reported(string rule, string declaration)
    {
        Assert.Contains(rule, declaration);
        return Run(declaration);
    }

    [Theory]
    [MemberData(nameof(OpDeclarationCases.WellFormed), MemberType = typeof(OpDeclarationCases))]
    public Task Well_formed_declarations_are_not_reported(string rule, string declaration)
    {
        Assert.DoesNotContain("{|", declaration);
        Assert.StartsWith("URING01", rule);
        return Run(declaration);
    }

    [Fact]
    public void Every_rule_has_malformed_and_well_formed_cases()
    {
        // The agreement tests run these cases through the generator too, so a rule without cases is a rule
        // nobody checked the generator against.
        string[] rules = new UringOpDeclarationAnalyzer().SupportedDiagnostics.Select(descriptor => descriptor.Id).Order().ToArray();

        Assert.Equal(rules, OpDeclarationCases.Malformed.Select(row => row.Data.Item1).Distinct().Order().ToArray());
        Assert.Equal(rules, OpDeclarationCases.WellFormed.Select(row => row.Data.Item1).Distinct().Order().ToArray());
    }

    private static Task Run(string declaration)
    {
        Verify<UringOpDeclarationAnalyzer>.Test test = new()
        {
            TestCode = Verify<UringOpDeclarationAnalyzer>.Usings + OpDeclarationCases.Source(declaration),
            // Malformed partial methods get no body, which the compiler reports too; only our rules matter here.
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        return test.RunAsync(TestContext.Current.CancellationToken);
    }
}
