using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Uring.Analyzers.Tests.Support;

/// <summary>
/// Runs one analyzer over markup source (<c>{|URING0001:...|}</c> marks where a diagnostic is expected)
/// against the net10.0 reference pack and Uring.Runtime, with unsafe code allowed. Sources get the usings
/// of <see cref="Usings"/> in front, so tests show only what matters.
/// </summary>
internal static class Verify<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public const string Usings = "using System; using System.Buffers; using System.Runtime.InteropServices; using System.Threading; using System.Threading.Tasks; using Uring;\n";

    public static Task Diagnostics(string source, params DiagnosticResult[] expected)
    {
        Test test = new() { TestCode = Usings + source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Like <see cref="Diagnostics"/>, with an <c>.editorconfig</c> line such as <c>uring_assume_single_issuer = true</c>.</summary>
    public static Task DiagnosticsWithConfig(string source, string editorConfig)
    {
        Test test = new() { TestCode = Usings + source };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\n" + editorConfig + "\n"));
        return test.RunAsync(TestContext.Current.CancellationToken);
    }

    public sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        public Test()
        {
            Setup.Apply(this);
        }
    }
}

/// <summary>
/// Runs the three analyzers of a rule family over one source, so a test that expects one rule also proves the
/// family's other rules stay silent (and a test may expect several of them).
/// </summary>
internal static class Verify<TFirst, TSecond, TThird>
    where TFirst : DiagnosticAnalyzer, new()
    where TSecond : DiagnosticAnalyzer, new()
    where TThird : DiagnosticAnalyzer, new()
{
    public static Task Diagnostics(string source, params DiagnosticResult[] expected)
    {
        Test test = new() { TestCode = Verify<TFirst>.Usings + source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(TestContext.Current.CancellationToken);
    }

    public sealed class Test : CSharpAnalyzerTest<TFirst, DefaultVerifier>
    {
        public Test()
        {
            Setup.Apply(this);
        }

        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => [new TFirst(), new TSecond(), new TThird()];
    }
}

/// <summary>Runs a code fix: the diagnostics of <c>source</c> are fixed into <c>fixedSource</c>.</summary>
internal static class VerifyFix<TAnalyzer, TFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TFix : CodeFixProvider, new()
{
    public static Task Fixed(string source, string fixedSource)
    {
        Test test = new()
        {
            TestCode = Verify<TAnalyzer>.Usings + source,
            FixedCode = Verify<TAnalyzer>.Usings + fixedSource,
        };
        return test.RunAsync(TestContext.Current.CancellationToken);
    }

    public sealed class Test : CSharpCodeFixTest<TAnalyzer, TFix, DefaultVerifier>
    {
        public Test()
        {
            Setup.Apply(this);
        }
    }
}

/// <summary>What every Uring analyzer test shares.</summary>
internal static class Setup
{
    public static void Apply(AnalyzerTest<DefaultVerifier> test)
    {
        test.ReferenceAssemblies = TestReferences.Net10;
        test.TestState.AdditionalReferences.Add(typeof(Ring).Assembly);
        test.SolutionTransforms.Add((solution, projectId) =>
        {
            Project project = solution.GetProject(projectId)!;
            CSharpCompilationOptions options = ((CSharpCompilationOptions)project.CompilationOptions!).WithAllowUnsafe(true);
            return solution.WithProjectCompilationOptions(projectId, options);
        });
    }
}
