using System.Linq;
using Microsoft.CodeAnalysis;
using Uring.Generators.Model;
using Uring.Generators.Tests.Support;
using Xunit;
using static Microsoft.CodeAnalysis.IncrementalStepRunReason;

namespace Uring.Generators.Tests.Incremental;

/// <summary>The context pipeline reruns only what an edit touches.</summary>
public sealed class ContextCachingTests
{
    private static readonly string[] s_steps =
    {
        TrackingNames.ContextModels, TrackingNames.ValidContextModels, TrackingNames.HandlerModels, TrackingNames.HandlerSet,
        TrackingNames.UnsafeAllowed, TrackingNames.DispatchSites, TrackingNames.DispatchModels,
    };

    public static TheoryData<string> UnrelatedEdits { get; } = new(IncrementalSources.UnrelatedEdits.Append("a handler's body"));

    [Theory]
    [MemberData(nameof(UnrelatedEdits))]
    public void Unrelated_edits_leave_every_tracked_step_cached(string edit)
    {
        Compilation before = ContextIncrementalSources.Create();
        GeneratorRun first = ContextIncrementalSources.Run(before);
        Assert.Equal(3, first.Result.GeneratedTrees.Length);

        GeneratorRun second = ContextIncrementalSources.Run(ApplyUnrelated(edit, before), first.Driver);

        foreach (string step in s_steps)
        {
            StepAssert.AllOutputs(second.Result, step, Cached, Unchanged);
        }

        StepAssert.AllSourceOutputsCached(second.Result);
        Assert.Equal(IncrementalSources.Texts(first), IncrementalSources.Texts(second));
    }

    [Fact]
    public void Editing_one_context_re_emits_only_its_layout()
    {
        Compilation before = ContextIncrementalSources.Create();
        GeneratorRun first = ContextIncrementalSources.Run(before);
        Compilation after = IncrementalSources.Edit(before, ContextIncrementalSources.ContextsPath, "public long Deadline;", "public long Deadline;\n    public int Repeat;");

        GeneratorRun second = ContextIncrementalSources.Run(after, first.Driver);

        (object value, _) = Assert.Single(StepAssert.Outputs(second.Result, TrackingNames.ValidContextModels), output => output.Reason == Modified);
        Assert.Equal("global::App.Timer", ((ContextModel)value).QualifiedName);
        StepAssert.AllOutputs(second.Result, TrackingNames.DispatchModels, Cached, Unchanged);
        Assert.Single(StepAssert.SourceOutputs(second.Result), output => output.Reason == Modified);
        Assert.Equal(2, StepAssert.SourceOutputs(second.Result).Count(output => output.Reason == Cached));
    }

    [Fact]
    public void Editing_a_field_of_a_context_with_a_handler_keeps_its_dispatcher()
    {
        Compilation before = ContextIncrementalSources.Create();
        GeneratorRun first = ContextIncrementalSources.Run(before);
        Compilation after = IncrementalSources.Edit(before, ContextIncrementalSources.ContextsPath, "public int BufferId;", "public short BufferId;");

        GeneratorRun second = ContextIncrementalSources.Run(after, first.Driver);

        StepAssert.AllOutputs(second.Result, TrackingNames.DispatchSites, Cached, Unchanged);
        StepAssert.AllOutputs(second.Result, TrackingNames.DispatchModels, Cached, Unchanged);
        Assert.Single(StepAssert.SourceOutputs(second.Result), output => output.Reason == Modified);
    }

    [Fact]
    public void Adding_a_handler_re_emits_only_the_dispatcher()
    {
        Compilation before = ContextIncrementalSources.Create();
        GeneratorRun first = ContextIncrementalSources.Run(before);
        Compilation after = IncrementalSources.Edit(
            before,
            ContextIncrementalSources.HandlersPath,
            "public static void OnWrite(Ring ring, in CqeView cqe) { }",
            "public static void OnWrite(Ring ring, in CqeView cqe) { }\n\n    [UringHandler]\n    public static void OnClose(Ring ring, in CqeView cqe) { }");

        GeneratorRun second = ContextIncrementalSources.Run(after, first.Driver);

        StepAssert.AllOutputs(second.Result, TrackingNames.ValidContextModels, Cached, Unchanged);
        (object value, _) = Assert.Single(StepAssert.Outputs(second.Result, TrackingNames.DispatchModels), output => output.Reason == Modified);
        Assert.Equal(3, ((DispatchModel)value).Targets.Length);
        Assert.Single(StepAssert.SourceOutputs(second.Result), output => output.Reason == Modified);
        Assert.Contains(second.Result.GeneratedTrees, tree => tree.ToString().Contains("&global::App.EchoHandlers.OnClose", System.StringComparison.Ordinal));
    }

    [Fact]
    public void Turning_unsafe_code_off_re_emits_only_the_dispatcher()
    {
        Compilation before = ContextIncrementalSources.Create();
        GeneratorRun first = ContextIncrementalSources.Run(before);
        Compilation after = before.WithOptions(((Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions)before.Options).WithAllowUnsafe(false));

        GeneratorRun second = ContextIncrementalSources.Run(after, first.Driver);

        StepAssert.AllOutputs(second.Result, TrackingNames.ValidContextModels, Cached, Unchanged);
        (object value, _) = Assert.Single(StepAssert.Outputs(second.Result, TrackingNames.DispatchModels), output => output.Reason == Modified);
        Assert.False(((DispatchModel)value).AllowUnsafe);
    }

    private static Compilation ApplyUnrelated(string edit, Compilation compilation)
        => edit == "a handler's body"
            ? IncrementalSources.Edit(compilation, ContextIncrementalSources.HandlersPath, "_ = cqe.Result;", "_ = cqe.Flags;")
            : IncrementalSources.ApplyUnrelated(edit, compilation, ContextIncrementalSources.ContextsPath, "Helper() => 1;", "Helper() => 2;");
}
