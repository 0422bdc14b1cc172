using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Uring.Generators.Tests.Support;
using Xunit;

namespace Uring.Generators.Tests.Incremental;

/// <summary>The context pipeline's models hold no compiler objects (its compilation lifetime: <see cref="CompilationLifetimeTests"/>).</summary>
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
}
