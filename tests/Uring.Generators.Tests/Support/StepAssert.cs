using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Uring.Generators.Tests.Support;

/// <summary>Assertions over the tracked incremental steps of a run (driver created with step tracking on).</summary>
internal static class StepAssert
{
    /// <summary>Every output of the named step, flattened over its runs.</summary>
    public static IReadOnlyList<(object Value, IncrementalStepRunReason Reason)> Outputs(GeneratorDriverRunResult result, string stepName)
    {
        ImmutableDictionary<string, ImmutableArray<IncrementalGeneratorRunStep>> steps = Assert.Single(result.Results).TrackedSteps;
        Assert.True(steps.ContainsKey(stepName), $"The step '{stepName}' was not tracked; tracked: {string.Join(", ", steps.Keys)}.");
        return steps[stepName].SelectMany(step => step.Outputs).ToList();
    }

    /// <summary>Every output of every source-output step.</summary>
    public static IReadOnlyList<(object Value, IncrementalStepRunReason Reason)> SourceOutputs(GeneratorDriverRunResult result)
        => Assert.Single(result.Results).TrackedOutputSteps.SelectMany(pair => pair.Value).SelectMany(step => step.Outputs).ToList();

    /// <summary>Fails unless every output of <paramref name="stepName"/> has one of <paramref name="allowed"/>.</summary>
    public static void AllOutputs(GeneratorDriverRunResult result, string stepName, params IncrementalStepRunReason[] allowed)
        => AllAre(Outputs(result, stepName), stepName, allowed);

    /// <summary>Fails unless every source output was taken from the cache.</summary>
    public static void AllSourceOutputsCached(GeneratorDriverRunResult result)
        => AllAre(SourceOutputs(result), "source output", new[] { IncrementalStepRunReason.Cached });

    private static void AllAre(IReadOnlyList<(object Value, IncrementalStepRunReason Reason)> outputs, string what, IncrementalStepRunReason[] allowed)
    {
        Assert.NotEmpty(outputs);
        List<string> wrong = outputs
            .Where(output => !allowed.Contains(output.Reason))
            .Select(output => output.Reason + ": " + output.Value)
            .ToList();
        Assert.True(wrong.Count == 0, $"{what} outputs not {string.Join("/", allowed)}:\n{string.Join("\n", wrong)}");
    }
}
