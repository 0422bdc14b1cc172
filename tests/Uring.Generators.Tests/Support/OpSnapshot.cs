using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Uring.Generators.Tests.Support;

/// <summary>
/// The standard generator case: compile <c>source</c>, run the generator, require one generated file per
/// <c>[UringOp]</c> declaration, compile-after-generate cleanly, then match the snapshots.
/// </summary>
internal static class OpSnapshot
{
    /// <summary>The case for <paramref name="members"/> in the usual frame (<see cref="OpSources.InOpsClass"/>).</summary>
    public static GeneratorRun VerifyMembers(
        string members,
        bool allowUnsafe = false,
        [CallerFilePath] string callerFile = "",
        [CallerMemberName] string callerMember = "")
        => Verify(OpSources.InOpsClass(members), allowUnsafe, callerFile, callerMember);

    public static GeneratorRun Verify(
        string source,
        bool allowUnsafe = false,
        [CallerFilePath] string callerFile = "",
        [CallerMemberName] string callerMember = "")
        => Verify(new[] { TestCompilations.Parse(source) }, allowUnsafe, callerFile, callerMember);

    public static GeneratorRun Verify(
        SyntaxTree[] trees,
        bool allowUnsafe,
        string callerFile,
        string callerMember)
    {
        GeneratorRun run = GeneratorHarness.Run(TestCompilations.Create(trees, allowUnsafe));

        int declared = OpDeclarations.In(trees).Count();
        Assert.True(declared > 0, "The case declares no [UringOp] method.");
        Assert.Equal(declared, run.Result.GeneratedTrees.Length);

        GeneratedCodeAssert.CompilesCleanly(run);
        GeneratorSnapshot.Verify(run.Result, callerFile, callerMember);
        return run;
    }
}
