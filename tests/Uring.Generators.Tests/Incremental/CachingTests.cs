using System.Linq;
using Microsoft.CodeAnalysis;
using Uring.Generators.Model;
using Uring.Generators.Tests.Support;
using Xunit;
using static Microsoft.CodeAnalysis.IncrementalStepRunReason;

namespace Uring.Generators.Tests.Incremental;

/// <summary>An edit reruns only what it touches: unrelated edits keep every tracked step cached.</summary>
public sealed class CachingTests
{
    public static TheoryData<string> UnrelatedEdits { get; } = new(IncrementalSources.UnrelatedEdits);

    [Theory]
    [MemberData(nameof(UnrelatedEdits))]
    public void Unrelated_edits_leave_every_tracked_step_cached(string edit)
    {
        Compilation before = IncrementalSources.Create();
        GeneratorRun first = GeneratorHarness.Run(before);

        GeneratorRun second = GeneratorHarness.Run(IncrementalSources.ApplyUnrelated(edit, before, IncrementalSources.OpsPath, "Helper() => 1;", "Helper() => 2;"), first.Driver);

        StepAssert.AllOutputs(second.Result, TrackingNames.OpModels, Cached, Unchanged);
        StepAssert.AllOutputs(second.Result, TrackingNames.ValidOpModels, Cached, Unchanged);
        StepAssert.AllSourceOutputsCached(second.Result);
        Assert.Equal(IncrementalSources.Texts(first), IncrementalSources.Texts(second));
    }

    [Fact]
    public void Editing_one_op_modifies_only_that_op()
    {
        Compilation before = IncrementalSources.Create();
        GeneratorRun first = GeneratorHarness.Run(before);
        Compilation after = IncrementalSources.Edit(before, IncrementalSources.OpsPath, "Fd = -1, Len = 1", "Fd = -1, Len = 2");

        GeneratorRun second = GeneratorHarness.Run(after, first.Driver);

        Assert.Equal("TryPrepareSleep", OnlyModified(second, TrackingNames.OpModels));
        Assert.Equal("TryPrepareSleep", OnlyModified(second, TrackingNames.ValidOpModels));
        Assert.Single(StepAssert.SourceOutputs(second.Result), output => output.Reason == Modified);
        Assert.Equal(2, StepAssert.SourceOutputs(second.Result).Count(output => output.Reason == Cached));
    }

    [Fact]
    public void Adding_an_op_adds_only_that_op()
    {
        Compilation before = IncrementalSources.Create();
        GeneratorRun first = GeneratorHarness.Run(before);
        Compilation after = IncrementalSources.Edit(
            before,
            IncrementalSources.OpsPath,
            "public static int Helper() => 1;",
            "[UringOp(IoUringOp.Nop, Fd = -1)] public static partial bool TryPrepareNop(this Ring ring, SqeContext context);");

        GeneratorRun second = GeneratorHarness.Run(after, first.Driver);

        (object value, _) = Assert.Single(StepAssert.Outputs(second.Result, TrackingNames.ValidOpModels), output => output.Reason == New);
        Assert.Equal("TryPrepareNop", ((OpModel)value).MethodName);
        StepAssert.AllOutputs(second.Result, TrackingNames.OpModels, Cached, Unchanged, New);
        Assert.Equal(4, second.Result.GeneratedTrees.Length);
    }

    private static string OnlyModified(GeneratorRun run, string stepName)
    {
        StepAssert.AllOutputs(run.Result, stepName, Cached, Unchanged, Modified);
        (object value, _) = Assert.Single(StepAssert.Outputs(run.Result, stepName), output => output.Reason == Modified);
        return Assert.IsType<OpModel>(value).MethodName;
    }
}
