using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Uring.Generators.Tests.Support;
using Xunit;

namespace Uring.Generators.Tests.Incremental;

/// <summary>The context pipeline's models hold no compiler objects, and its driver roots no old compilation.</summary>
public sealed class ContextModelPurityTests
{
    [Theory]
    [InlineData(TrackingNames.ContextModels, 2)]
    [InlineData(TrackingNames.ValidContextModels, 2)]
    [InlineData(TrackingNames.HandlerModels, 2)]
    [InlineData(TrackingNames.HandlerSet, 1)]
    [InlineData(TrackingNames.UnsafeAllowed, 1)]
    [InlineData(TrackingNames.DispatchSites, 1)]
    [InlineData(TrackingNames.DispatchModels, 1)]
    public void Step_outputs_hold_no_symbols_syntax_locations_or_compilations(string stepName, int expected)
    {
        GeneratorRun run = ContextIncrementalSources.Run(ContextIncrementalSources.Create());

        IReadOnlyList<(object Value, IncrementalStepRunReason Reason)> outputs = StepAssert.Outputs(run.Result, stepName);
        Assert.Equal(expected, outputs.Count(output => output.Value is not null));
        string[] found = outputs.SelectMany((output, i) => ForbiddenReferences.In(output.Value, $"{stepName}[{i}]")).ToArray();
        Assert.True(found.Length == 0, "Compiler objects in the pipeline:\n" + string.Join("\n", found));
    }

    [Fact]
    public void A_new_run_does_not_keep_the_previous_compilation_alive()
    {
        WeakReference previous = RunBeforeAndAfterAnEdit(out GeneratorDriver latest);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(previous.IsAlive, "The previous compilation is still reachable from the latest driver.");
        Assert.Equal(3, latest.GetRunResult().GeneratedTrees.Length);
    }

    /// <summary>Out of line, so that only the returned driver can reach the first compilation.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference RunBeforeAndAfterAnEdit(out GeneratorDriver latest)
    {
        Compilation first = ContextIncrementalSources.Create();
        GeneratorRun before = ContextIncrementalSources.Run(first);
        Compilation edited = IncrementalSources.Edit(first, IncrementalSources.UnrelatedPath, "value * 2", "value * 3");
        latest = ContextIncrementalSources.Run(edited, before.Driver).Driver;
        return new WeakReference(first);
    }
}
